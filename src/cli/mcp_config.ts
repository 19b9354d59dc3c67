/**
 * `codex mcp add|list|get|remove`: manage `[mcp_servers.<name>]` tables in `$CODEX_HOME/config.toml`.
 * Edits keep every byte outside the edited table (see src/config/toml_edit.ts).
 * @module
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse } from "smol-toml";
import { defaultCodexHome } from "../config/mod.ts";
import { loadHostSettings } from "../host/mod.ts";
import type { Config } from "../config/schema.ts";
import { appendBlock, hasTable, removeTable, tomlKey, tomlValue } from "../config/toml_edit.ts";
import { CodexError } from "../kernel/errors.ts";
import { ConfigError, UsageError } from "../plugin_api/errors.ts";
import { CredentialStore } from "../../lib/mcp_oauth/store.ts";

type McpServer = NonNullable<Config["mcp_servers"]>[string];

/** Valid server names. */
export const SERVER_NAME = /^[A-Za-z0-9_-]+$/;

const encoder = new TextEncoder();
const print = (text: string) => void Deno.stdout.writeSync(encoder.encode(text + "\n"));

function checkName(name: string): void {
  if (!SERVER_NAME.test(name)) {
    throw new CodexError(
      `invalid MCP server name '${name}': expected only letters, digits, '-' and '_'`,
    );
  }
}

function configPath(): string {
  return join(defaultCodexHome(), "config.toml");
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    if ((err as { code?: string }).code === "ENOENT") return "";
    throw new ConfigError(`cannot read ${path}: ${(err as Error).message}`);
  }
}

/** The `[mcp_servers]` table of the global config file as written. */
function globalServers(path: string, text: string): Record<string, unknown> {
  let table: Record<string, unknown>;
  try {
    table = parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(`${path}: invalid TOML: ${(err as Error).message.split("\n")[0]}`);
  }
  const servers = table.mcp_servers;
  return typeof servers === "object" && servers !== null ? servers as Record<string, unknown> : {};
}

/** The servers of the effective configuration. */
function effectiveServers(): Record<string, McpServer> {
  const { config } = loadHostSettings({ frontEnd: "config", flags: {} });
  return config.mcp_servers ?? {};
}

/** Options of `codex mcp add`. */
export interface AddOptions {
  env?: string[];
  url?: string;
  bearerTokenEnvVar?: string;
}

/** `codex mcp add NAME (-- CMD ARGS... | --url URL)`. */
export function mcpAdd(name: string, command: string[], opts: AddOptions): number {
  checkName(name);
  if (opts.url !== undefined && command.length > 0) {
    throw new UsageError("mcp add: expected either a command after -- or --url, found both");
  }
  if (opts.url === undefined && command.length === 0) {
    throw new UsageError("mcp add: expected a command after -- (stdio) or --url URL (streamable HTTP)");
  }
  if (opts.url === undefined && opts.bearerTokenEnvVar !== undefined) {
    throw new UsageError("mcp add: --bearer-token-env-var needs --url");
  }
  if (opts.url !== undefined && (opts.env ?? []).length > 0) {
    throw new UsageError("mcp add: --env applies to stdio servers (a command after --), not --url");
  }
  const env: [string, string][] = (opts.env ?? []).map((pair) => {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`mcp add: --env expects KEY=VALUE, found '${pair}'`);
    return [pair.slice(0, eq), pair.slice(eq + 1)];
  });
  const path = configPath();
  const text = readText(path);
  if (name in globalServers(path, text) || hasTable(text, ["mcp_servers", name])) {
    throw new CodexError(
      `MCP server '${name}' already exists in ${path}; remove it first: codex mcp remove ${name}`,
    );
  }
  const lines = [`[mcp_servers.${name}]`];
  if (opts.url !== undefined) {
    lines.push(`url = ${tomlValue(opts.url)}`);
    if (opts.bearerTokenEnvVar) lines.push(`bearer_token_env_var = ${tomlValue(opts.bearerTokenEnvVar)}`);
  } else {
    lines.push(`command = ${tomlValue(command[0])}`);
    if (command.length > 1) lines.push(`args = ${tomlValue(command.slice(1))}`);
    if (env.length > 0) {
      lines.push("", `[mcp_servers.${name}.env]`);
      for (const [k, v] of env) lines.push(`${tomlKey(k)} = ${tomlValue(v)}`);
    }
  }
  if (!existsSync(dirname(path))) mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, appendBlock(text, lines.join("\n") + "\n"));
  print(`Added global MCP server '${name}'.`);
  return 0;
}

/** `codex mcp remove NAME`. */
export function mcpRemove(name: string): number {
  checkName(name);
  const path = configPath();
  const text = readText(path);
  if (!(name in globalServers(path, text))) {
    throw new CodexError(`no MCP server named '${name}' in ${path}`);
  }
  const edited = removeTable(text, ["mcp_servers", name]);
  if (name in globalServers(path, edited)) {
    throw new CodexError(
      `MCP server '${name}' is not written as a [mcp_servers.${name}] table in ${path}; edit that file by hand`,
    );
  }
  writeFileSync(path, edited);
  print(`Removed global MCP server '${name}'.`);
  return 0;
}

function transportJson(s: McpServer): Record<string, unknown> {
  if (s.url !== undefined) {
    return {
      type: "streamable_http",
      url: s.url,
      bearer_token_env_var: s.bearer_token_env_var ?? null,
      http_headers: s.http_headers ?? null,
      env_http_headers: s.env_http_headers ?? null,
      http_headers_helper: null,
    };
  }
  return {
    type: "stdio",
    command: s.command ?? "",
    args: s.args ?? [],
    env: s.env ?? null,
    env_vars: s.env_vars ?? [],
    cwd: s.cwd ?? null,
  };
}

function startupSec(s: McpServer): number | null {
  if (s.startup_timeout_sec !== undefined) return s.startup_timeout_sec;
  return s.startup_timeout_ms !== undefined ? s.startup_timeout_ms / 1000 : null;
}

function authStatus(s: McpServer, name: string): string {
  if (s.url === undefined) return "unsupported";
  if (s.bearer_token_env_var !== undefined) return "bearer_token";
  return new CredentialStore(defaultCodexHome()).get(name, s.url)?.tokens ? "o_auth" : "unsupported";
}

const AUTH_TEXT: Record<string, string> = {
  bearer_token: "Bearer token",
  o_auth: "OAuth",
  unsupported: "Unsupported",
};

function maskedEnv(env: Record<string, string> | undefined): string {
  const pairs = Object.keys(env ?? {}).map((k) => `${k}=*****`);
  return pairs.length ? pairs.join(", ") : "-";
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd()).join("\n");
}

/** `codex mcp list [--json]`. */
export function mcpList(json: boolean): number {
  const servers = Object.entries(effectiveServers()).sort(([a], [b]) => a.localeCompare(b));
  if (json) {
    print(JSON.stringify(
      servers.map(([name, s]) => ({
        name,
        enabled: s.enabled ?? true,
        disabled_reason: null,
        transport: transportJson(s),
        startup_timeout_sec: startupSec(s),
        tool_timeout_sec: s.tool_timeout_sec ?? null,
        auth_status: authStatus(s, name),
      })),
      null,
      2,
    ));
    return 0;
  }
  if (servers.length === 0) {
    print("No MCP servers configured yet. Try `codex mcp add my-tool -- my-command`.");
    return 0;
  }
  const status = (s: McpServer) => (s.enabled === false ? "disabled" : "enabled");
  const stdio = servers.filter(([, s]) => s.url === undefined);
  const http = servers.filter(([, s]) => s.url !== undefined);
  const blocks: string[] = [];
  if (stdio.length) {
    blocks.push(table([
      ["Name", "Command", "Args", "Env", "Cwd", "Status", "Auth"],
      ...stdio.map(([name, s]) => [
        name,
        s.command ?? "-",
        (s.args ?? []).join(" ") || "-",
        maskedEnv(s.env),
        s.cwd ?? "-",
        status(s),
        AUTH_TEXT[authStatus(s, name)],
      ]),
    ]));
  }
  if (http.length) {
    blocks.push(table([
      ["Name", "Url", "Bearer Token Env Var", "Status", "Auth"],
      ...http.map(([name, s]) => [
        name,
        s.url ?? "-",
        s.bearer_token_env_var ?? "-",
        status(s),
        AUTH_TEXT[authStatus(s, name)],
      ]),
    ]));
  }
  print(blocks.join("\n\n"));
  return 0;
}

function headerText(headers: Record<string, string> | undefined, mask: boolean): string {
  const pairs = Object.entries(headers ?? {}).map(([k, v]) => `${k}=${mask ? "*****" : v}`);
  return pairs.length ? pairs.join(", ") : "-";
}

/** `codex mcp get NAME [--json]`. */
export function mcpGet(name: string, json: boolean): number {
  checkName(name);
  const s = effectiveServers()[name];
  if (!s) throw new CodexError(`no MCP server named '${name}' is configured`);
  if (json) {
    print(JSON.stringify(
      {
        name,
        enabled: s.enabled ?? true,
        disabled_reason: null,
        transport: transportJson(s),
        enabled_tools: s.enabled_tools ?? null,
        disabled_tools: s.disabled_tools ?? null,
        startup_timeout_sec: startupSec(s),
        tool_timeout_sec: s.tool_timeout_sec ?? null,
      },
      null,
      2,
    ));
    return 0;
  }
  const lines = [name, `  enabled: ${s.enabled ?? true}`];
  if (s.url !== undefined) {
    lines.push(
      "  transport: streamable_http",
      `  url: ${s.url}`,
      `  bearer_token_env_var: ${s.bearer_token_env_var ?? "-"}`,
      `  http_headers: ${headerText(s.http_headers, true)}`,
      `  env_http_headers: ${headerText(s.env_http_headers, false)}`,
    );
  } else {
    lines.push(
      "  transport: stdio",
      `  command: ${s.command ?? "-"}`,
      `  args: ${(s.args ?? []).join(" ") || "-"}`,
      `  cwd: ${s.cwd ?? "-"}`,
      `  env: ${maskedEnv(s.env)}`,
    );
  }
  if (s.enabled_tools) lines.push(`  enabled_tools: ${s.enabled_tools.join(", ")}`);
  if (s.disabled_tools) lines.push(`  disabled_tools: ${s.disabled_tools.join(", ")}`);
  lines.push(`  remove: codex mcp remove ${name}`);
  print(lines.join("\n"));
  return 0;
}
