/**
 * Builds the SDK transport of a server: a child process over stdio, or streamable HTTP.
 * @module
 */
import { portSafeFetch } from "../../lib/port_safe_fetch.ts";
import { codexHomeFromEnv, CredentialStore, StoredOAuthProvider } from "../../lib/mcp_oauth/mod.ts";
import { StdioClientTransport, StreamableHTTPClientTransport } from "./sdk.ts";
import type { McpTransportSpec } from "./server_config.ts";

/** Variables every stdio server inherits (when set), as a login shell would have them. */
const BASE_ENV_VARS = ["HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER", "LANG", "TMPDIR"];

/** The environment of a stdio server: base variables, then `env_vars` copied from ours, then `env`. */
export function stdioEnv(
  spec: Extract<McpTransportSpec, { type: "stdio" }>,
  env: (key: string) => string | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of [...BASE_ENV_VARS, ...spec.envVars]) {
    const value = env(key);
    if (value !== undefined) out[key] = value;
  }
  return { ...out, ...spec.env };
}

/** The request headers of an HTTP server; throws when `bearer_token_env_var` names an unset variable. */
export function httpHeaders(
  server: string,
  spec: Extract<McpTransportSpec, { type: "streamable_http" }>,
  env: (key: string) => string | undefined,
): Record<string, string> {
  const headers: Record<string, string> = { ...spec.httpHeaders };
  for (const [header, variable] of Object.entries(spec.envHttpHeaders)) {
    const value = env(variable);
    if (value !== undefined && value !== "") headers[header] = value;
  }
  if (spec.bearerTokenEnvVar !== undefined) {
    const token = env(spec.bearerTokenEnvVar);
    if (token === undefined || token === "") {
      throw new Error(
        `MCP server '${server}': expected environment variable ${spec.bearerTokenEnvVar} (bearer_token_env_var) to hold a token, found it unset`,
      );
    }
    headers["Authorization"] = `Bearer ${token}`;
  }
  return headers;
}

/** A transport plus what the connection needs to stop it and explain failures. */
export interface OpenedTransport {
  transport: StdioClientTransport | StreamableHTTPClientTransport;
  /** The last lines the server wrote to stderr (stdio only). */
  stderrTail(): string;
  /** Stops the server process at once (stdio), without the SDK's grace periods. */
  kill(): void;
  /** The OAuth provider of an HTTP server with `codex mcp login` credentials. */
  oauth?: StoredOAuthProvider;
}

/** The OAuth provider of `server` when credentials were stored for its URL by `codex mcp login`. */
export function storedOAuth(
  server: string,
  url: string,
  env: (key: string) => string | undefined,
): StoredOAuthProvider | undefined {
  const store = new CredentialStore(codexHomeFromEnv(env));
  if (!store.get(server, url)?.tokens) return undefined;
  return new StoredOAuthProvider({ server, url, store });
}

/** Creates (but does not start) the transport of `server`. */
export function openTransport(
  server: string,
  spec: McpTransportSpec,
  env: (key: string) => string | undefined,
): OpenedTransport {
  if (spec.type === "streamable_http") {
    const oauth = spec.bearerTokenEnvVar === undefined ? storedOAuth(server, spec.url, env) : undefined;
    const transport = new StreamableHTTPClientTransport(new URL(spec.url), {
      requestInit: { headers: httpHeaders(server, spec, env) },
      fetch: portSafeFetch,
      ...(oauth ? { authProvider: oauth } : {}),
    });
    return { transport, stderrTail: () => "", kill: () => {}, ...(oauth ? { oauth } : {}) };
  }
  const transport = new StdioClientTransport({
    command: spec.command,
    args: spec.args,
    env: stdioEnv(spec, env),
    ...(spec.cwd !== undefined ? { cwd: spec.cwd } : {}),
    stderr: "pipe",
  });
  const lines: string[] = [];
  const stderr = transport.stderr;
  if (stderr) {
    let partial = "";
    stderr.on("data", (chunk: Uint8Array | string) => {
      partial += typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk);
      const parts = partial.split("\n");
      partial = parts.pop() ?? "";
      for (const line of parts) if (line.trim()) lines.push(line.trim());
      if (lines.length > 20) lines.splice(0, lines.length - 20);
    });
  }
  return {
    transport,
    stderrTail: () => lines.at(-1) ?? "",
    kill: () => {
      const pid = transport.pid;
      if (pid === null) return;
      try {
        Deno.kill(pid, "SIGTERM");
      } catch { /* already gone */ }
    },
  };
}
