/**
 * One `[mcp_servers.<name>]` entry, checked and with its defaults applied.
 * @module
 */
import type { HostConfig as Config } from "../../mod.ts";

/** A `[mcp_servers.<name>]` table as parsed from config. */
export type McpServerConfig = NonNullable<Config["mcp_servers"]>[string];

/** Default seconds allowed for the initialize handshake and the tool listing. */
export const DEFAULT_STARTUP_TIMEOUT_SEC = 30;
/** Default seconds allowed for one tool call. */
export const DEFAULT_TOOL_TIMEOUT_SEC = 120;

/** How a server is reached. */
export type McpTransportSpec =
  | {
    type: "stdio";
    command: string;
    args: string[];
    env: Record<string, string>;
    envVars: string[];
    cwd?: string;
  }
  | {
    type: "streamable_http";
    url: string;
    bearerTokenEnvVar?: string;
    httpHeaders: Record<string, string>;
    envHttpHeaders: Record<string, string>;
  };

/** A server ready to connect to. */
export interface McpServerSpec {
  name: string;
  transport: McpTransportSpec;
  required: boolean;
  startupTimeoutMs: number;
  toolTimeoutMs: number;
  enabledTools?: string[];
  disabledTools: string[];
  parallel: boolean;
  /** `default_tools_approval_mode` (default `auto`). */
  defaultApprovalMode: ApprovalMode;
  /** `[mcp_servers.<name>.tools.<tool>] approval_mode` entries. */
  toolApprovalModes: Record<string, ApprovalMode>;
}

/** Whether a tool's calls need a person's approval: `prompt` asks, `auto` and `approve` do not. */
export type ApprovalMode = "auto" | "prompt" | "approve";

/** Startup timeout in milliseconds: `startup_timeout_ms`, else `startup_timeout_sec`, else 30 s. */
export function startupTimeoutMs(server: McpServerConfig): number {
  if (server.startup_timeout_ms !== undefined) return server.startup_timeout_ms;
  return Math.round((server.startup_timeout_sec ?? DEFAULT_STARTUP_TIMEOUT_SEC) * 1000);
}

/** The transport of an entry; throws when it has neither or both of `command` and `url`. */
export function transportOf(name: string, server: McpServerConfig): McpTransportSpec {
  if (server.command !== undefined && server.url !== undefined) {
    throw new Error(
      `MCP server '${name}': expected either 'command' (stdio) or 'url' (streamable HTTP), found both`,
    );
  }
  if (server.command !== undefined) {
    return {
      type: "stdio",
      command: server.command,
      args: server.args ?? [],
      env: server.env ?? {},
      envVars: server.env_vars ?? [],
      ...(server.cwd !== undefined ? { cwd: server.cwd } : {}),
    };
  }
  if (server.url !== undefined) {
    return {
      type: "streamable_http",
      url: server.url,
      ...(server.bearer_token_env_var !== undefined
        ? { bearerTokenEnvVar: server.bearer_token_env_var }
        : {}),
      httpHeaders: server.http_headers ?? {},
      envHttpHeaders: server.env_http_headers ?? {},
    };
  }
  throw new Error(
    `MCP server '${name}': expected 'command' (stdio) or 'url' (streamable HTTP), found neither`,
  );
}

/** The enabled servers of `config`, in config order. */
export function enabledServers(config: Config): [string, McpServerConfig][] {
  return Object.entries(config.mcp_servers ?? {}).filter(([, s]) => s.enabled !== false);
}

/** Builds the spec of one entry (throws on an invalid transport). */
export function serverSpec(name: string, server: McpServerConfig): McpServerSpec {
  return {
    name,
    transport: transportOf(name, server),
    required: server.required ?? false,
    startupTimeoutMs: startupTimeoutMs(server),
    toolTimeoutMs: Math.round((server.tool_timeout_sec ?? DEFAULT_TOOL_TIMEOUT_SEC) * 1000),
    ...(server.enabled_tools !== undefined ? { enabledTools: server.enabled_tools } : {}),
    disabledTools: server.disabled_tools ?? [],
    parallel: server.supports_parallel_tool_calls ?? false,
    defaultApprovalMode: server.default_tools_approval_mode ?? "auto",
    toolApprovalModes: Object.fromEntries(
      Object.entries(server.tools ?? {}).flatMap((
        [tool, t],
      ) => (t.approval_mode ? [[tool, t.approval_mode]] : [])),
    ),
  };
}

/** The approval mode of `tool`: its own `approval_mode`, else the server's default. */
export function approvalMode(spec: McpServerSpec, tool: string): ApprovalMode {
  return spec.toolApprovalModes[tool] ?? spec.defaultApprovalMode;
}

/** Whether `tool` passes the server's `enabled_tools` allow-list and `disabled_tools` deny-list. */
export function toolAllowed(spec: McpServerSpec, tool: string): boolean {
  if (spec.enabledTools !== undefined && !spec.enabledTools.includes(tool)) return false;
  return !spec.disabledTools.includes(tool);
}
