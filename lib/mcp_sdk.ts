/**
 * The one place the MCP SDK is imported (by the MCP client plugin and the `mcp-server` front end). The SDK's `*.js` subpaths resolve to no typings under
 * `deno check` (its `./*` export maps types to `*.js.d.ts`), so each import carries a `@ts-types` hint
 * naming the extension-less subpath, whose typings resolve. Import this module lazily
 * (`await import(...)`): only sessions with MCP servers configured, and `codex mcp-server`, load the SDK.
 * @module
 */
// @ts-types="@modelcontextprotocol/sdk/client"
export { Client } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="@modelcontextprotocol/sdk/client/stdio"
export { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
// @ts-types="@modelcontextprotocol/sdk/client/streamableHttp"
export { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
// @ts-types="@modelcontextprotocol/sdk/server"
export { Server } from "@modelcontextprotocol/sdk/server/index.js";
// @ts-types="@modelcontextprotocol/sdk/server/stdio"
export { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
// @ts-types="@modelcontextprotocol/sdk/types"
export {
  CallToolRequestSchema,
  ElicitRequestSchema,
  ElicitResultSchema,
  ListToolsRequestSchema,
  ProgressNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
// @ts-types="@modelcontextprotocol/sdk/types"
export type {
  CallToolResult,
  ContentBlock,
  ElicitRequestFormParams,
  ElicitRequestParams,
  ElicitResult,
  Tool,
} from "@modelcontextprotocol/sdk/types.js";
