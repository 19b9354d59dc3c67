/**
 * The approval step of `exec_command`: asks the approval policy what to do with a command, asks a
 * person through `ctx.approve` when it says so, and turns a rejection into a `declined` item plus a
 * message for the model. Also offers an unsandboxed rerun after a sandbox denial.
 * @module
 */
import {
  decideExec,
  DEFAULT_APPROVAL_POLICY,
  offersUnsandboxedRetry,
} from "../../lib/approval_policy/mod.ts";
import { type ApprovalDecision, isApproved, type ToolContext, type ToolResult } from "../../mod.ts";
import { startCommandItem, type TrackedProcess } from "./sessions.ts";

/** Whether and how a command may run. */
export type Gate =
  | { run: true; unsandboxed: boolean }
  | { run: false; result: ToolResult };

/** What the gate needs to know about the call. */
export interface GateInput {
  /** The model's `cmd`. */
  script: string;
  /** The argv that runs it. */
  argv: string[];
  /** Absolute working directory. */
  cwd: string;
  /** `sandbox_permissions: "require_escalated"`. */
  escalate: boolean;
  justification?: string;
}

type ApprovalPolicy = typeof DEFAULT_APPROVAL_POLICY;

/** The session's approval policy now (it changes with `/permissions`), not the startup config's. */
function policyOf(ctx: ToolContext): ApprovalPolicy {
  const policy = ctx.approvalPolicy as ApprovalPolicy;
  return APPROVAL_POLICIES.includes(policy) ? policy : DEFAULT_APPROVAL_POLICY;
}

const APPROVAL_POLICIES: readonly ApprovalPolicy[] = ["untrusted", "on-failure", "on-request", "never"];

/** The cache key of an "approved for this session" answer: the exact command, and whether it runs unsandboxed. */
function cacheKey(script: string, unsandboxed: boolean): string {
  return unsandboxed ? `unsandboxed:${script}` : script;
}

/** The text the model gets for a rejected command. */
export function rejectionMessage(answer: ApprovalDecision): string {
  if (answer.decision === "abort") return "exec command rejected by user: the turn was aborted";
  if (answer.feedback && answer.feedback.trim() !== "") {
    return `exec command rejected by user. Feedback from the user: ${answer.feedback.trim()}`;
  }
  if (answer.reason) return `exec command rejected: ${answer.reason}`;
  return "exec command rejected by user";
}

/** Reports a command that will not run: a `declined` item and a failed result carrying `message`. */
export function decline(ctx: ToolContext, argv: string[], message: string): Gate {
  const item = startCommandItem(ctx, argv);
  item.complete({ aggregated_output: message, status: "declined" });
  return { run: false, result: { output: message, success: false } };
}

/** Decides whether the command runs, asking a person when the policy says so. */
export async function gateCommand(input: GateInput, ctx: ToolContext): Promise<Gate> {
  const verdict = decideExec({
    script: input.script,
    argv: input.argv,
    policy: policyOf(ctx),
    sandboxMode: ctx.sandbox.policy.mode,
    escalate: input.escalate,
    justification: input.justification,
    rules: ctx.config.rules?.prefix_rules ?? [],
  });
  if (verdict.action === "run") return { run: true, unsandboxed: verdict.unsandboxed };
  if (verdict.action === "reject") return decline(ctx, input.argv, verdict.message);
  const answer = await ctx.approve({
    kind: "exec",
    tool_name: "exec_command",
    summary: input.script,
    cwd: input.cwd,
    reason: verdict.reason,
    cacheKey: cacheKey(input.script, verdict.unsandboxed),
    details: { command: input.script, workdir: input.cwd, unsandboxed: verdict.unsandboxed },
  });
  if (isApproved(answer)) return { run: true, unsandboxed: verdict.unsandboxed };
  return decline(ctx, input.argv, rejectionMessage(answer));
}

/**
 * After a sandboxed run failed the way sandbox denials do, asks whether to run it again without the
 * sandbox. True when a person (or a hook, or an earlier session approval) said yes.
 */
export async function approveUnsandboxedRetry(
  tp: TrackedProcess,
  input: GateInput,
  ctx: ToolContext,
): Promise<boolean> {
  const exit = tp.proc.exit;
  if (!exit || exit.timedOut || tp.aborted) return false;
  const offer = offersUnsandboxedRetry({
    policy: policyOf(ctx),
    sandboxMode: ctx.sandbox.policy.mode,
    backendId: ctx.sandbox.backend.id,
    exitCode: exit.code,
    output: tp.proc.aggregatedOutput(),
  });
  if (!offer) return false;
  const answer = await ctx.approve({
    kind: "exec",
    tool_name: "exec_command",
    summary: input.script,
    cwd: input.cwd,
    reason: `the command failed in the sandbox (exit code ${exit.code}); run it again without the sandbox?`,
    cacheKey: cacheKey(input.script, true),
    details: { command: input.script, workdir: input.cwd, unsandboxed: true, retry: true },
  });
  return isApproved(answer);
}
