/**
 * `/mcp`: every configured server with its status (started, failed and why, disabled), how it
 * authenticates, and the tools it offers.
 * @module
 */
import type { HostConfig as Config, SlashCommand } from "../../mod.ts";
import type { McpServerConfig } from "./server_config.ts";

/** What setup learned about one server. */
export type ServerState =
  | { status: "started"; tools: string[]; serverInfo?: { name: string; version: string } }
  | { status: "failed"; error: string };

/** How a server authenticates, as `codex mcp list` names it. */
export type AuthStatus = "Unsupported" | "Bearer token" | "OAuth";

/**
 * The auth status of one server entry, as `codex mcp list` shows it; `hasOAuthTokens` says whether
 * `codex mcp login` stored tokens for it.
 */
export function authStatus(server: McpServerConfig, hasOAuthTokens: boolean): AuthStatus {
  if (server.url === undefined) return "Unsupported";
  if (server.bearer_token_env_var !== undefined) return "Bearer token";
  return hasOAuthTokens ? "OAuth" : "Unsupported";
}

/** The lines `/mcp` prints. */
export function statusLines(
  config: Config,
  states: ReadonlyMap<string, ServerState>,
  hasOAuthTokens: (name: string) => boolean,
): string[] {
  const servers = Object.entries(config.mcp_servers ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (servers.length === 0) {
    return ["No MCP servers configured (add [mcp_servers.<name>] tables to config.toml)."];
  }
  const lines = ["MCP servers:"];
  for (const [name, s] of servers) {
    const target = s.url ?? [s.command ?? "(no command)", ...(s.args ?? [])].join(" ");
    const state = states.get(name);
    const status = s.enabled === false
      ? "disabled"
      : state === undefined
      ? "not started"
      : state.status === "failed"
      ? `failed: ${state.error}`
      : "started";
    lines.push(`• ${name}  ${target}`);
    lines.push(`    status: ${status}`);
    lines.push(`    auth: ${authStatus(s, hasOAuthTokens(name))}`);
    if (state?.status === "started") {
      lines.push(`    tools: ${state.tools.length === 0 ? "(none)" : state.tools.join(", ")}`);
    }
  }
  return lines;
}

/** The `/mcp` command over the live `states` map. */
export function mcpStatusCommand(
  states: ReadonlyMap<string, ServerState>,
  hasOAuthTokens: (name: string) => boolean,
): SlashCommand {
  return {
    name: "mcp",
    description: "list MCP servers with their status, auth and tools",
    run(_args, c) {
      for (const line of statusLines(c.config, states, hasOAuthTokens)) c.print(line);
    },
  };
}
