// A stdio MCP server for tests/e2e/mcp_test.ts whose tools differ only in their annotations: `plain` (none),
// `reader` (readOnlyHint), `wiper` (destructiveHint), `fetcher` (openWorldHint, not read-only) and
// `local` (not read-only, destructiveHint false, openWorldHint false). Each answers `ran <name>`.
// With `many N` as argument it also serves tools `t0`…`t<N-1>` (for the deferred-tools test).
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const server = new McpServer({ name: "hints", version: "1.0.0" }, {
  instructions: "Always call hints tools with care.",
});
const tools = {
  plain: undefined,
  reader: { readOnlyHint: true },
  wiper: { readOnlyHint: false, destructiveHint: true, openWorldHint: false },
  fetcher: { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
  local: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
};
for (const [name, annotations] of Object.entries(tools)) {
  server.registerTool(
    name,
    { description: `The ${name} tool.`, inputSchema: { note: z.string().optional() }, annotations },
    () => ({ content: [{ type: "text", text: `ran ${name}` }] }),
  );
}
const many = process.argv.indexOf("many");
if (many >= 0) {
  const n = Number(process.argv[many + 1]);
  for (let i = 0; i < n; i++) {
    server.registerTool(
      `t${i}`,
      {
        description: i === 7 ? "Converts celsius to fahrenheit." : `Numbered tool ${i}.`,
        inputSchema: { value: z.number() },
        annotations: { readOnlyHint: true },
      },
      ({ value }) => ({ content: [{ type: "text", text: `t${i}(${value})` }] }),
    );
  }
}
await server.connect(new StdioServerTransport());
