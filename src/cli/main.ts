/**
 * The command tree. Subcommands import their implementation lazily so `--help` and `--version` load
 * nothing heavy. Errors are typed at this boundary: usage errors exit 2, others exit 1, with one line
 * on stderr and no stack trace (set CODEX_DEBUG=1 to see one).
 * @module
 */
import { Argument, Command, CommanderError } from "commander";
import { ExitCode, UsageError } from "../kernel/errors.ts";
import { reportError as reportCliError } from "./report_error.ts";
import type { Plugin } from "../kernel/plugin.ts";
import { addCommonOptions, addOptions, mergeOptions } from "./options.ts";
import { EXEC_OPTIONS } from "./option_table.ts";
import { addSandboxCommands } from "./sandbox_commands.ts";
import { addMcpCommands } from "./mcp_commands.ts";
import { addAdminCommands } from "./admin_commands.ts";
import { addPluginCommands } from "./plugin_commands.ts";
import type { SessionSource } from "../host/session_source.ts";
import { PROGRAM_NAME, VERSION } from "../../lib/version.ts";

/** Options of `runCli`. */
export interface CliOptions {
  /** Plugins compiled into this binary (`deno task build --with`), loaded after the built-ins. */
  plugins?: Plugin[];
  /** Runs `exec` (and `exec resume|fork`) instead of the exec front end (tests compare the parsers). */
  runExec?: typeof import("../frontends/exec/mod.ts").runExec;
}

function buildProgram(setExit: (p: Promise<number>) => void, options: CliOptions): Command {
  const program = new Command("codex")
    .description(`${PROGRAM_NAME}: a Codex-compatible coding agent for the terminal`)
    .version(`${PROGRAM_NAME} ${VERSION}`, "-V, --version", "print version")
    .helpOption("-h, --help", "print help")
    .showSuggestionAfterError()
    .exitOverride();
  program.configureOutput({ outputError: (str, write) => write(str) });

  const interactive = async (prompt: string | undefined, cmd: Command, source: SessionSource) => {
    const { runInteractive } = await import("../frontends/repl/mod.ts");
    const opts = cmd === program ? program.opts() : mergeOptions(program.opts(), cmd.opts());
    setExit(runInteractive(prompt, opts, { plugins: options.plugins, source }));
  };
  addCommonOptions(
    program.argument("[prompt]", "start an interactive session, optionally with a first message"),
  )
    .action((prompt: string | undefined) => interactive(prompt, program, { kind: "new" }));
  for (const kind of ["resume", "fork"] as const) {
    addCommonOptions(
      program.command(kind)
        .description(
          kind === "resume"
            ? "continue a previous session interactively"
            : "continue a copy of a previous session",
        )
        .argument("[session_id]", "the session (thread) id; omit to pick from a list, or use --last")
        .argument("[prompt]", "a first message"),
    )
      .option("--last", "the newest session started in this directory")
      .option("--all", "with --last, consider sessions from every directory")
      .action(
        (
          id: string | undefined,
          prompt: string | undefined,
          opts: { last?: boolean; all?: boolean },
          cmd,
        ) => {
          const last = opts.last ?? false;
          if (last && prompt === undefined) [id, prompt] = [undefined, id];
          // `resume` without an id lists recent sessions to pick from.
          if (!last && !id && kind === "fork") {
            setExit(Promise.reject(new UsageError(`${kind}: expected a SESSION_ID or --last`)));
            return;
          }
          const source: SessionSource = kind === "resume"
            ? { kind, id, last, all: opts.all ?? false }
            : { kind: "fork", id, last, all: opts.all ?? false };
          return interactive(prompt, cmd, source);
        },
      );
  }

  // The shells are offered by completion itself; validation stays ours (a usage error naming them all).
  const shellArg = new Argument("<shell>", "bash, zsh, fish or powershell");
  shellArg.argChoices = ["bash", "zsh", "fish", "powershell"];
  program.command("completion").description("print a shell completion script")
    .addArgument(shellArg)
    .action(async (shell: string) => {
      const { completionScript } = await import("./completion.ts");
      setExit(
        Promise.resolve().then(() => {
          Deno.stdout.writeSync(new TextEncoder().encode(completionScript(program, shell)));
          return 0;
        }),
      );
    });

  const plugins = program.command("plugins").description("show plugins");
  addCommonOptions(plugins.command("list").description("list loaded plugins and where they come from"))
    .option("--json", "print JSON")
    .action(async (_opts: unknown, cmd: Command) => {
      const { listPlugins } = await import("./plugins_command.ts");
      const { CommonOptionsSchema } = await import("./options.ts");
      const opts = mergeOptions(program.opts(), cmd.opts());
      setExit(listPlugins(CommonOptionsSchema.parse(opts), options.plugins ?? [], opts.json === true));
    });

  const exec = addExecOptions(
    program.command("exec").alias("e").description("run Codex non-interactively").argument(
      "[prompt]",
      "the prompt; read from stdin when absent or '-'",
    ),
  );
  const runWith = async (prompt: string | undefined, cmd: Command, source: SessionSource) => {
    const runExec = options.runExec ?? (await import("../frontends/exec/mod.ts")).runExec;
    const outer = mergeOptions(program.opts(), exec.opts());
    const opts = cmd === exec ? outer : mergeOptions(outer, cmd.opts());
    setExit(runExec(prompt, opts, { plugins: options.plugins, source }));
  };
  exec.action((prompt: string | undefined, _opts: unknown, cmd: Command) =>
    runWith(prompt, cmd, { kind: "new" })
  );
  addExecOptions(
    exec.command("resume").description("continue a previous session (by id, or --last)")
      .argument("[session_id]", "the session (thread) id")
      .argument("[prompt]", "the prompt; read from stdin when absent or '-'"),
  )
    .option("--last", "resume the newest session started in this directory")
    .option("--all", "with --last, consider sessions from every directory")
    .action(
      (id: string | undefined, prompt: string | undefined, opts: { last?: boolean; all?: boolean }, cmd) => {
        const last = opts.last ?? false;
        // With --last, a single positional is the prompt.
        if (last && prompt === undefined) [id, prompt] = [undefined, id];
        if (!last && !id) {
          setExit(Promise.reject(new UsageError("exec resume: expected a SESSION_ID or --last")));
          return;
        }
        return runWith(prompt, cmd, { kind: "resume", id, last, all: opts.all ?? false });
      },
    );
  addExecOptions(
    exec.command("fork").description("start a new session from a copy of a previous one")
      .argument("<session_id>", "the session (thread) id to fork")
      .argument("[prompt]", "the prompt; read from stdin when absent or '-'"),
  ).action((id: string, prompt: string | undefined, _opts: unknown, cmd) =>
    runWith(prompt, cmd, { kind: "fork", id })
  );
  for (const parent of [program, exec]) {
    addExecOptions(
      parent.command("review").description("run a code review non-interactively")
        .argument("[prompt]", "custom review instructions; '-' reads them from stdin"),
    )
      .option("--uncommitted", "review staged, unstaged and untracked changes (the default)")
      .option("--base <branch>", "review the changes against BRANCH")
      .option("--commit <sha>", "review the changes introduced by a commit")
      .option("--title <title>", "the commit's title, with --commit")
      .action(async (prompt: string | undefined, flags: Record<string, unknown>, cmd: Command) => {
        const { reviewTargetOf } = await import("../frontends/exec/review_run.ts");
        const { runExec } = await import("../frontends/exec/mod.ts");
        const { processStdin, resolvePrompt } = await import("../frontends/exec/prompt_input.ts");
        const outer = mergeOptions(program.opts(), parent === exec ? exec.opts() : {});
        const opts = mergeOptions(outer, cmd.opts());
        setExit((async () => {
          const instructions = prompt === "-" ? await resolvePrompt("-", processStdin, () => {}) : prompt;
          const review = reviewTargetOf(flags, instructions);
          return runExec(undefined, opts, { plugins: options.plugins, source: { kind: "new" }, review });
        })());
      });
  }
  program.command("apply_patch").alias("applypatch")
    .description("apply a patch in Codex's format to files under the current directory")
    .argument("[patch...]", "the patch; read from stdin when absent")
    .helpOption(false)
    .allowUnknownOption()
    .action(async (patch: string[]) => {
      const { runApplyPatch } = await import("../host/helpers.ts");
      setExit(runApplyPatch(patch));
    });
  addSandboxCommands(program, setExit, options.plugins);
  addMcpCommands(program, setExit, options.plugins);
  addPluginCommands(program, setExit);
  addAdminCommands(program, exec, setExit);
  return program;
}

/** Adds `exec`'s options (common ones plus output and session flags). */
function addExecOptions(cmd: Command): Command {
  return addOptions(addCommonOptions(cmd), EXEC_OPTIONS);
}

/** The top-level `--help` text, as commander renders it (80 columns when not on a terminal). */
export function topLevelHelp(): string {
  return buildProgram(() => {}, {}).helpInformation();
}

/** Runs the CLI on `args` (without the program name). Returns the exit code. */
export async function runCli(args: string[], options: CliOptions = {}): Promise<number> {
  let result: Promise<number> = Promise.resolve(ExitCode.Ok);
  const program = buildProgram((p) => (result = p), options);
  try {
    await program.parseAsync(args, { from: "user" });
    return await result;
  } catch (err) {
    return reportError(err);
  }
}

/** Prints an error the way the CLI boundary promises: one clear line, exit code by type. */
export function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    if (
      err.code === "commander.helpDisplayed" || err.code === "commander.version" ||
      err.code === "commander.help"
    ) {
      return ExitCode.Ok;
    }
    return ExitCode.Usage;
  }
  return reportCliError(err);
}
