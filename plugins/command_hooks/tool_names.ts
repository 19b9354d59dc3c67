/**
 * Claude-Code-compatible tool names for hook payloads: the shell tool is reported as `Bash` with
 * `tool_input: { command }`, so existing hook scripts and matchers work unchanged.
 * @module
 */

/** The name and input a hook command sees for a kernel tool call. */
export function externalTool(toolName: string, toolInput: unknown): { name: string; input: unknown } {
  if (toolName === "exec_command" && typeof toolInput === "object" && toolInput !== null) {
    const { cmd, ...rest } = toolInput as { cmd?: unknown };
    return { name: "Bash", input: { command: cmd, ...rest } };
  }
  return { name: toolName, input: toolInput };
}

/** Maps a hook's rewritten input back to the kernel tool's argument shape. */
export function internalInput(toolName: string, updated: unknown): unknown {
  if (toolName === "exec_command" && typeof updated === "object" && updated !== null) {
    const { command, ...rest } = updated as { command?: unknown };
    return command === undefined ? updated : { cmd: command, ...rest };
  }
  return updated;
}

/** Names a matcher may use for a kernel tool. */
export function toolNames(toolName: string): string[] {
  return toolName === "exec_command" ? [toolName, "Bash"] : [toolName];
}
