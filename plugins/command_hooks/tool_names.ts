/**
 * Tool names and inputs as Codex 0.171 gives them to hook commands: the shell tool is `Bash` with
 * `tool_input: { command }`, apply_patch has `tool_input: { command: PATCH }`, and a shell result is
 * the command's output without the `Chunk ID`/`Wall time` header the model sees.
 * @module
 */

/** The name and input a hook command sees for a kernel tool call. */
export function externalTool(toolName: string, toolInput: unknown): { name: string; input: unknown } {
  if (toolName === "exec_command" && typeof toolInput === "object" && toolInput !== null) {
    const { cmd, ...rest } = toolInput as { cmd?: unknown };
    return { name: "Bash", input: { command: cmd, ...rest } };
  }
  if (toolName === "apply_patch") {
    // Codex 0.171 reports the freeform patch as `{ command: PATCH }`.
    const patch = typeof toolInput === "string"
      ? toolInput
      : (toolInput as { input?: unknown } | null)?.input;
    if (typeof patch === "string") return { name: toolName, input: { command: patch } };
  }
  return { name: toolName, input: toolInput };
}

/** Maps a hook's rewritten input back to the kernel tool's argument shape. */
export function internalInput(toolName: string, updated: unknown): unknown {
  if (toolName === "exec_command" && typeof updated === "object" && updated !== null) {
    const { command, ...rest } = updated as { command?: unknown };
    return command === undefined ? updated : { cmd: command, ...rest };
  }
  if (toolName === "apply_patch" && typeof updated === "object" && updated !== null) {
    const { command } = updated as { command?: unknown };
    if (typeof command === "string") return command;
  }
  return updated;
}

/** Names a matcher may use for a kernel tool. */
export function toolNames(toolName: string): string[] {
  return toolName === "exec_command" ? [toolName, "Bash"] : [toolName];
}

/** The tool result a hook command sees: for the shell tool, the output after the `Output:` header line. */
export function externalResponse(toolName: string, response: string): string {
  if (toolName !== "exec_command" && toolName !== "write_stdin") return response;
  const m = /^Chunk ID: [^\n]*\n(?:[^\n]*\n)*?Output:\n/.exec(response);
  return m ? response.slice(m[0].length) : response;
}
