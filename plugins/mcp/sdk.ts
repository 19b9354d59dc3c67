/**
 * The MCP SDK for this plugin's modules (see lib/mcp_sdk.ts, shared with the `mcp-server` front end).
 * Import this module lazily: only sessions with MCP servers configured load the SDK.
 * @module
 */
export * from "../../lib/mcp_sdk.ts";
