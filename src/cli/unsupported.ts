/**
 * Subcommands of Codex 0.171 that this CLI does not implement. Each is declared so that it exits 2 with
 * "not supported by this CLI" instead of becoming the prompt of an interactive session.
 * @module
 */
import type { Command } from "commander";
import { UsageError } from "../plugin_api/errors.ts";

/** Codex's subcommands (and aliases) that this CLI does not implement, with Codex's description. */
export const UNSUPPORTED_COMMANDS: readonly { name: string; alias?: string; what: string }[] = [
  { name: "agents", what: "agent command center" },
  { name: "app-server", what: "app server" },
  { name: "remote-control", what: "app-server daemon with remote control" },
  { name: "update", what: "self-update" },
  { name: "debug", what: "debugging tools" },
  { name: "apply", alias: "a", what: "apply the latest Codex Cloud diff" },
  { name: "queue", what: "queue a message for an existing session" },
  { name: "migrate-rollouts", what: "legacy session migration" },
  { name: "migrate-nfs-db", what: "SQLite database migration" },
  { name: "cloud", what: "Codex Cloud tasks" },
  { name: "cloud-tasks", what: "Codex Cloud tasks" },
  { name: "exec-server", what: "standalone exec-server service" },
  { name: "responses-api-proxy", what: "Responses API proxy" },
  { name: "stdio-to-uds", what: "stdio to Unix socket relay" },
];

/** The error every unsupported subcommand ends with (exit 2). */
export function notSupported(name: string): UsageError {
  return new UsageError(
    `\`codex ${name}\` is not supported by this CLI (run \`codex help\` for the commands it has)`,
  );
}

/** Declares the unsupported subcommands on `program` (hidden from help). */
export function addUnsupportedCommands(program: Command, setExit: (p: Promise<number>) => void): void {
  for (const { name, alias, what } of UNSUPPORTED_COMMANDS) {
    const cmd = program.command(name, { hidden: true }).description(`${what} (not supported by this CLI)`)
      .argument("[args...]")
      .allowUnknownOption()
      .allowExcessArguments()
      .helpOption(false)
      .action(() => setExit(Promise.reject(notSupported(name))));
    if (alias) cmd.alias(alias);
  }
  // `codex mcp login|logout` (OAuth for MCP servers), unless the mcp command tree has them.
  const mcp = program.commands.find((c) => c.name() === "mcp");
  for (const name of ["login", "logout"]) {
    if (!mcp || mcp.commands.some((c) => c.name() === name)) continue;
    mcp.command(name, { hidden: true }).argument("[args...]").allowUnknownOption().allowExcessArguments()
      .helpOption(false)
      .action(() => setExit(Promise.reject(notSupported(`mcp ${name}`))));
  }
}
