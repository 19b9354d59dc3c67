/**
 * The `instructions` MCP servers return from `initialize`, as developer-instructions text for the model.
 * @module
 */

/** Joins every server's instructions, each in a block naming its server; undefined when none sent any. */
export function serverInstructions(
  connections: readonly { spec: { name: string }; instructions: string | undefined }[],
): string | undefined {
  const blocks = connections.flatMap((c) =>
    c.instructions === undefined
      ? []
      : [`<mcp_server_instructions server="${c.spec.name}">\n${c.instructions}\n</mcp_server_instructions>`]
  );
  return blocks.length === 0 ? undefined : blocks.join("\n\n");
}
