/**
 * Declares `codex mcp add|list|get|remove` and `codex mcp-server` on the command tree. Their
 * implementations (and the MCP SDK) are imported only when they run.
 * @module
 */
import type { Command } from "commander";
import type { Plugin } from "../kernel/plugin.ts";

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Registers the MCP commands on `program`. */
export function addMcpCommands(
  program: Command,
  setExit: (p: Promise<number>) => void,
  plugins: Plugin[] = [],
): void {
  const run = (fn: () => number | Promise<number>) => setExit(Promise.resolve().then(fn));
  const mcp = program.command("mcp").description("manage MCP servers in $CODEX_HOME/config.toml");
  mcp.command("add")
    .description("add a stdio server (-- CMD ARGS...) or a streamable HTTP server (--url URL)")
    .argument("<name>", "server name (letters, digits, '-' and '_')")
    .argument("[command...]", "the server command and its arguments, after --")
    .option("--env <KEY=VALUE>", "environment variable for a stdio server; repeatable", collect)
    .option("--url <url>", "URL of a streamable HTTP server")
    .option("--bearer-token-env-var <var>", "environment variable holding the HTTP server's bearer token")
    .action(
      async (
        name: string,
        command: string[],
        opts: { env?: string[]; url?: string; bearerTokenEnvVar?: string },
      ) => {
        const { mcpAdd } = await import("./mcp_config.ts");
        run(() => mcpAdd(name, command, opts));
      },
    );
  mcp.command("list").description("list configured MCP servers")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      const { mcpList } = await import("./mcp_config.ts");
      run(() => mcpList(opts.json === true));
    });
  mcp.command("get").description("show one MCP server's configuration")
    .argument("<name>", "server name")
    .option("--json", "print JSON")
    .action(async (name: string, opts: { json?: boolean }) => {
      const { mcpGet } = await import("./mcp_config.ts");
      run(() => mcpGet(name, opts.json === true));
    });
  mcp.command("remove").description("remove an MCP server from $CODEX_HOME/config.toml")
    .argument("<name>", "server name")
    .action(async (name: string) => {
      const { mcpRemove } = await import("./mcp_config.ts");
      run(() => mcpRemove(name));
    });

  mcp.command("login").description(
    "log in to a streamable HTTP server with OAuth (authorization code + PKCE)",
  )
    .argument("<name>", "server name")
    .option("--scopes <scopes>", "comma-separated OAuth scopes to request")
    .action(async (name: string, opts: { scopes?: string }) => {
      const { mcpLogin } = await import("./mcp_login.ts");
      run(() => mcpLogin(name, opts));
    });
  mcp.command("logout").description("remove a server's stored OAuth credentials")
    .argument("<name>", "server name")
    .action(async (name: string) => {
      const { mcpLogout } = await import("./mcp_login.ts");
      run(() => mcpLogout(name));
    });

  program.command("mcp-server")
    .description("run as an MCP server over stdio, exposing the `codex` and `codex-reply` tools")
    .action(async () => {
      const { runMcpServer } = await import("../frontends/mcp_server/mod.ts");
      setExit(runMcpServer({ plugins }));
    });
}
