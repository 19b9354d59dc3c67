/**
 * Declares the admin subcommands (login/logout, features, archive/unarchive/delete, sessions export,
 * review, help) and Codex's subcommands this CLI does not have. Implementations load lazily.
 * @module
 */
import type { Command } from "commander";
import { addAuthCommands } from "./auth_commands.ts";
import { addUnsupportedCommands } from "./unsupported.ts";
import { addCommonOptions } from "./options.ts";

/** Merges the program's options with a subcommand's (repeatable ones concatenate). */
function merged(program: Command, cmd: Command): Record<string, unknown> {
  const out: Record<string, unknown> = { ...program.opts() };
  for (const [k, v] of Object.entries(cmd.opts())) {
    const prev = out[k];
    out[k] = Array.isArray(prev) && Array.isArray(v) ? [...prev, ...v] : v;
  }
  return out;
}

/** Registers the admin commands on `program`; `exec` gets `exec help`. */
export function addAdminCommands(program: Command, exec: Command, setExit: (p: Promise<number>) => void): void {
  addAuthCommands(program, setExit);
  addUnsupportedCommands(program, setExit);
  const run = (fn: () => number | Promise<number>) => setExit(Promise.resolve().then(fn));

  const features = program.command("features").description("inspect feature flags");
  addCommonOptions(features.command("list").description("list feature flags with their stage and effective state"))
    .action(async (_opts: unknown, cmd: Command) => {
      const { featuresList } = await import("./features_command.ts");
      const { CommonOptionsSchema } = await import("./options.ts");
      run(() => featuresList(CommonOptionsSchema.parse(merged(program, cmd))));
    });
  for (const on of [true, false]) {
    features.command(on ? "enable" : "disable")
      .description(`${on ? "enable" : "disable"} a feature in $CODEX_HOME/config.toml`)
      .argument("<feature>", "the feature name (see `codex features list`)")
      .action(async (name: string) => {
        const { featuresSet } = await import("./features_command.ts");
        run(() => featuresSet(name, on));
      });
  }
  program.helpCommand("help [command...]", "print this message or the help of the given subcommand(s)");
  exec.helpCommand("help [command...]", "print this message or the help of the given subcommand(s)");
}
