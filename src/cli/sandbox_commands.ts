/**
 * Declares `codex sandbox linux|macos`, `codex doctor` and the hidden `sandbox-exec-helper` on the
 * command tree. Their implementations are imported only when they run.
 * @module
 */
import { type Command, Option } from "commander";
import { SANDBOX_MODES } from "../config/choices.ts";
import type { Plugin } from "../kernel/plugin.ts";
import { mergeOptions } from "./options.ts";

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Adds the options `sandbox` and `doctor` share: config overrides, profile, sandbox mode, cwd. */
function addPolicyOptions(cmd: Command): Command {
  return cmd
    .option(
      "-c, --config <key=value>",
      "override a config value (TOML value, else a string); repeatable",
      collect,
    )
    .option("-p, --profile <name>", "layer $CODEX_HOME/<name>.config.toml over config.toml")
    .addOption(new Option("-s, --sandbox <mode>", "sandbox policy").choices(SANDBOX_MODES))
    .option("--full-auto", "use the workspace-write policy (overrides --sandbox)")
    .option("-C, --cd <dir>", "working directory (the workspace root)")
    .option("--add-dir <dir>", "additional writable directory; repeatable", collect);
}

/**
 * The subcommand's options merged over the program's: commander lets program options (`-c`, `-s`,
 * `-C`, …) appear after the subcommand too; repeatable ones concatenate.
 */
/** Registers the sandbox-related commands on `program`. */
export function addSandboxCommands(
  program: Command,
  setExit: (p: Promise<number>) => void,
  plugins: Plugin[] = [],
): void {
  addPolicyOptions(
    program.command("sandbox")
      .description("run a command under the sandbox of a platform with the configured policy")
      .argument("<platform>", "linux (landlock, else bwrap) or macos (seatbelt)")
      .argument("<command...>", "the command and its arguments, after --"),
  ).action(async (platform: string, command: string[], _opts: unknown, cmd: Command) => {
    const { runSandboxCommand } = await import("./sandbox_run.ts");
    setExit(runSandboxCommand(platform, command, mergeOptions(program.opts(), cmd.opts()), plugins));
  });

  addPolicyOptions(
    program.command("doctor").description("show which sandbox backends work here and which one is used"),
  ).action(async (_opts: unknown, cmd: Command) => {
    const { runDoctor } = await import("./doctor.ts");
    setExit(runDoctor(mergeOptions(program.opts(), cmd.opts()), plugins));
  });

  // The Landlock helper (see sandbox/landlock/helper.ts). entry.ts answers it before the command tree
  // loads; this keeps `runCli` equivalent for callers that bypass entry.ts.
  program.command("sandbox-exec-helper", { hidden: true })
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument("[args...]")
    .action(async (_args: string[], _opts: unknown, cmd: Command) => {
      // commander keeps the unparsed arguments on `rawArgs` (not in its type declarations).
      const raw = (cmd.parent as unknown as { rawArgs?: string[] } | null)?.rawArgs ?? [];
      const rest = raw.slice(raw.indexOf("sandbox-exec-helper") + 1);
      const { runSandboxHelper } = await import("../host/helpers.ts");
      setExit(runSandboxHelper(rest));
    });
}
