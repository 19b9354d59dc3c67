/**
 * Declares the admin subcommands (login/logout, features, archive/unarchive/delete, sessions export,
 * review, help) and Codex's subcommands this CLI does not have. Implementations load lazily.
 * @module
 */
import type { Command } from "commander";
import { UsageError } from "../plugin_api/errors.ts";
import { addAuthCommands } from "./auth_commands.ts";
import { addUnsupportedCommands } from "./unsupported.ts";
import { addCommonOptions, mergeOptions } from "./options.ts";

/** Merges the program's options with a subcommand's (repeatable ones concatenate). */
/** Registers the admin commands on `program`; `exec` gets `exec help`. */
export function addAdminCommands(
  program: Command,
  exec: Command,
  setExit: (p: Promise<number>) => void,
): void {
  addAuthCommands(program, setExit);
  addUnsupportedCommands(program, setExit);
  const run = (fn: () => number | Promise<number>) => setExit(Promise.resolve().then(fn));

  const features = program.command("features").description("inspect feature flags");
  addCommonOptions(
    features.command("list").description("list feature flags with their stage and effective state"),
  )
    .action(async (_opts: unknown, cmd: Command) => {
      const { featuresList } = await import("./features_command.ts");
      const { CommonOptionsSchema } = await import("./options.ts");
      run(() => featuresList(CommonOptionsSchema.parse(mergeOptions(program.opts(), cmd.opts()))));
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
  for (const archive of [true, false]) {
    program.command(archive ? "archive" : "unarchive")
      .description(`${archive ? "archive" : "unarchive"} a saved session by id`)
      .argument("<session>", "session id (UUID, or a unique prefix)")
      .action(async (id: string) => {
        const { archiveCommand } = await import("./session_commands.ts");
        run(() => archiveCommand(id, archive));
      });
  }
  program.command("delete").description("permanently delete a saved session by id")
    .argument("<session>", "session id (UUID, or a unique prefix)")
    .option("--force", "do not ask for confirmation (required without a terminal)")
    .action(async (id: string, opts: { force?: boolean }) => {
      const { deleteCommand } = await import("./session_commands.ts");
      run(() => deleteCommand(id, opts.force ?? false));
    });
  const sessions = program.command("sessions").description("saved sessions");
  sessions.command("export").description("print a saved session as Markdown or JSON")
    .argument("<session>", "session id (UUID, or a unique prefix); archived sessions too")
    .option("--format <format>", "markdown or json", "markdown")
    .option("-o, --output <file>", "write to FILE instead of stdout")
    .action(async (id: string, opts: { format: string; output?: string }) => {
      const { exportCommand } = await import("./session_commands.ts");
      run(() => exportCommand(id, opts.format, opts.output));
    });
  for (const parent of [program, exec]) addHelpCommand(parent, setExit);
}

/** `help [COMMAND...]`: the help of `parent` or of a subcommand path; an unknown name is a usage error. */
function addHelpCommand(parent: Command, setExit: (p: Promise<number>) => void): void {
  parent.command("help").description("print this message or the help of the given subcommand(s)")
    .argument("[command...]", "a subcommand (path), e.g. `exec resume`")
    .action((names: string[]) => {
      let cmd = parent;
      for (const name of names) {
        const next = cmd.commands.find((c) => c.name() === name || c.aliases().includes(name));
        if (!next) {
          const known = cmd.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden)
            .map((c) => c.name());
          return setExit(Promise.reject(
            new UsageError(`help: unknown command '${name}' (expected one of ${known.join(", ")})`),
          ));
        }
        cmd = next;
      }
      setExit(
        Promise.resolve().then(() => {
          Deno.stdout.writeSync(new TextEncoder().encode(cmd.helpInformation()));
          return 0;
        }),
      );
    });
}
