/**
 * `codex mcp login NAME [--scopes a,b]` and `codex mcp logout NAME`: OAuth credentials of a streamable
 * HTTP server, kept in `$CODEX_HOME/.mcp_credentials.json` (mode 0600).
 * @module
 */
import { defaultCodexHome } from "../config/mod.ts";
import { loadHostSettings } from "../host/mod.ts";
import { CodexError } from "../kernel/errors.ts";
import { UsageError } from "../plugin_api/errors.ts";

function print(text: string): void {
  console.log(text);
}

/** Lines of stdin, read lazily (nothing is read when stdin is closed). */
async function* stdinLines(): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of Deno.stdin.readable) {
    pending += decoder.decode(chunk, { stream: true });
    let at: number;
    while ((at = pending.indexOf("\n")) >= 0) {
      yield pending.slice(0, at);
      pending = pending.slice(at + 1);
    }
  }
  if (pending) yield pending;
}

function serverUrl(name: string): { url: string; port?: number } {
  const { config } = loadHostSettings({ frontEnd: "config", flags: {} });
  const server = config.mcp_servers?.[name];
  if (!server) throw new UsageError(`No MCP server named '${name}' found.`);
  if (server.url === undefined) {
    throw new UsageError(
      `MCP server '${name}' is a stdio server; OAuth login applies to streamable HTTP servers (url = ...) only`,
    );
  }
  if (server.bearer_token_env_var !== undefined) {
    throw new UsageError(
      `MCP server '${name}' authenticates with bearer_token_env_var (${server.bearer_token_env_var}); remove it to use OAuth`,
    );
  }
  const port = config.mcp_oauth_callback_port;
  return { url: server.url, ...(typeof port === "number" ? { port } : {}) };
}

/** `codex mcp login NAME`. */
export async function mcpLogin(name: string, opts: { scopes?: string }): Promise<number> {
  const { url, port } = serverUrl(name);
  const { login } = await import("../../lib/mcp_oauth/mod.ts");
  const scopes = opts.scopes?.split(",").map((s) => s.trim()).filter((s) => s !== "");
  try {
    await login({
      server: name,
      url,
      codexHome: defaultCodexHome(),
      print,
      lines: stdinLines(),
      ...(port !== undefined ? { port } : {}),
      ...(scopes?.length ? { scopes } : {}),
    });
  } catch (err) {
    throw new CodexError(`Login to MCP server '${name}' failed: ${err instanceof Error ? err.message : err}`);
  }
  print(`Successfully logged in to MCP server '${name}'.`);
  return 0;
}

/** `codex mcp logout NAME`. */
export async function mcpLogout(name: string): Promise<number> {
  const { url } = serverUrl(name);
  const { logout } = await import("../../lib/mcp_oauth/mod.ts");
  if (!logout(defaultCodexHome(), name)) {
    throw new CodexError(`No OAuth credentials stored for MCP server '${name}' (${url}).`);
  }
  print(`Removed OAuth credentials for MCP server '${name}'.`);
  return 0;
}
