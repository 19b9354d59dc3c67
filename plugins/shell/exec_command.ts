/**
 * The `exec_command` tool: runs `cmd` through a shell (pipes, not a PTY), sandbox-wrapped, and answers
 * with its output when it exits within `yield_time_ms`, else with a session id for `write_stdin`.
 * @module
 */
import { z } from "zod";
import type { FunctionToolDefinition, SandboxPolicy, ToolContext, ToolResult } from "../../mod.ts";
import { approveUnsandboxedRetry, gateCommand, type GateInput } from "./approval_gate.ts";
import { displayCommand, isKnownShell, resolveShell, resolveWorkdir, shellArgv } from "./command_line.ts";
import { buildCommandEnv } from "./env.ts";
import { applyPatchBashEnv, applyPatchHelperDir } from "../../lib/apply_patch/path_helper.ts";
import { execYieldMs, maxOutputTokens, SPAWN_FAILURE_EXIT_CODE } from "./limits.ts";
import { ExecProcess } from "./process.ts";
import { respond } from "./respond.ts";
import { processStore, startCommandItem, type TrackedProcess } from "./sessions.ts";

/** Arguments of `exec_command`. Unknown keys are ignored; the JSON schema still says `additionalProperties: false`. */
export const ExecCommandParams = z.object({
  cmd: z.string().describe("Shell command to execute."),
  workdir: z.string().optional().describe(
    "Optional working directory to run the command in; defaults to the turn cwd. Relative paths resolve against it.",
  ),
  shell: z.string().optional().describe("Shell binary to launch. Defaults to the user's default shell."),
  login: z.boolean().optional().describe("Whether to run the shell with -l/-i semantics. Defaults to true."),
  tty: z.boolean().optional().describe(
    "Whether to allocate a TTY for the command. Accepted for compatibility; this implementation always uses pipes.",
  ),
  yield_time_ms: z.number().optional().describe(
    "How long to wait (in milliseconds) for output before yielding. Default 10000, range 250-30000.",
  ),
  max_output_tokens: z.number().optional().describe(
    "Maximum number of tokens to return. Excess output will be truncated.",
  ),
  timeout_ms: z.number().optional().describe(
    "Optional hard limit in milliseconds; the process is killed when it elapses.",
  ),
  sandbox_permissions: z.enum(["use_default", "require_escalated"]).optional().describe(
    "Per-command sandbox override. Defaults to `use_default`; use `require_escalated` for unsandboxed execution (asks the user first).",
  ),
  justification: z.string().optional().describe(
    "Only with sandbox_permissions=require_escalated: the question to show the user when asking for approval.",
  ),
  prefix_rule: z.array(z.string()).optional().describe(
    'Only with sandbox_permissions=require_escalated: a reusable command prefix to approve, e.g. ["git", "pull"].',
  ),
}).meta({ additionalProperties: false });

/** Parsed `exec_command` arguments. */
export type ExecCommandArgs = z.output<typeof ExecCommandParams>;

async function checkDirectory(path: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) throw new Error(`workdir ${path} does not exist`);
    throw err;
  }
  if (!info.isDirectory) throw new Error(`workdir ${path} is not a directory`);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The environment policy of a command approved to run outside the sandbox. */
const UNSANDBOXED: SandboxPolicy = {
  mode: "danger-full-access",
  writableRoots: [],
  readOnlyPaths: [],
  networkAccess: true,
};

async function run(
  args: ExecCommandArgs,
  ctx: ToolContext,
  approved?: { unsandboxed: boolean },
): Promise<ToolResult> {
  const startedAt = performance.now();
  const cwd = resolveWorkdir(ctx.cwd, args.workdir);
  const login = ctx.config.allow_login_shell === false ? false : args.login ?? true;
  const argv = shellArgv(resolveShell(args.shell), login, args.cmd);
  const gateInput: GateInput = {
    // Rules and approvals judge what really runs: with a shell the model named that is not a known
    // shell, that is the whole argv (`./evil.sh -lc 'git status'`), not just `cmd`.
    script: isKnownShell(args.shell) ? args.cmd : displayCommand(argv),
    argv,
    cwd,
    escalate: args.sandbox_permissions === "require_escalated",
    justification: args.justification,
  };
  const gate = approved ? { run: true as const, ...approved } : await gateCommand(gateInput, ctx);
  if (!gate.run) return gate.result;
  const item = startCommandItem(ctx, argv);
  const timeoutMs = args.timeout_ms !== undefined && args.timeout_ms > 0 ? args.timeout_ms : undefined;
  let proc: ExecProcess;
  try {
    await checkDirectory(cwd);
    const env = buildCommandEnv({
      policy: gate.unsandboxed ? UNSANDBOXED : ctx.sandbox.policy,
      shellPolicy: ctx.config.shell_environment_policy,
      extraPath: [applyPatchHelperDir()].filter((d): d is string => d !== undefined),
      bashEnv: applyPatchBashEnv(),
    });
    const spec = gate.unsandboxed ? { argv, cwd, env } : await ctx.sandbox.wrap({ argv, cwd, env });
    proc = ExecProcess.spawn(spec, { timeoutMs });
  } catch (err) {
    const why = `failed to start command: ${message(err)}`;
    item.complete({ aggregated_output: why, exit_code: SPAWN_FAILURE_EXIT_CODE, status: "failed" });
    return { output: `exec_command failed: ${why}`, success: false };
  }
  const tp: TrackedProcess = { proc, item, timeoutMs, aborted: false, lastUsed: Date.now() };
  const result = await respond(tp, {
    ctx,
    store: processStore(ctx.session),
    waitMs: execYieldMs(args.yield_time_ms),
    maxOutputTokens: maxOutputTokens(args.max_output_tokens, ctx.config.tool_output_token_limit),
    startedAt,
  });
  if (!gate.unsandboxed && await approveUnsandboxedRetry(tp, gateInput, ctx)) {
    return await run(args, ctx, { unsandboxed: true });
  }
  return result;
}

/** The `exec_command` tool definition. */
export function execCommandTool(): FunctionToolDefinition<typeof ExecCommandParams> {
  return {
    name: "exec_command",
    hookNames: ["Bash"],
    description:
      "Runs a command in a PTY, returning output or a session ID for ongoing interaction. (This implementation connects the command through pipes rather than a PTY.)",
    parameters: ExecCommandParams,
    parallel: true,
    execute: (args, ctx) => run(args, ctx),
  };
}
