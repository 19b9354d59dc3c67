/**
 * Recognizes a model running `apply_patch` through the shell the way Codex's instructions teach it
 * (`[cd DIR &&] apply_patch <<'EOF' … EOF`), so the patch is applied by the apply_patch plugin itself:
 * verified as a whole, checked against the sandbox policy, written all-or-nothing and reported as a
 * `file_change` item, instead of running an opaque command. A tool wrapper on `exec_command`: it
 * answers without calling the shell for such commands and passes every other call on unchanged.
 * @module
 */

import { isAbsolute, resolve } from "../../lib/path.ts";
import { decideExec, DEFAULT_APPROVAL_POLICY, isKnownShell } from "../../lib/approval_policy/mod.ts";
import { isApproved, type ToolContext, type ToolMiddleware, type ToolResult } from "../../mod.ts";
import { runApplyPatch } from "./tool.ts";

/** A patch found in a shell command, and the directory it applies in (relative to the workdir). */
export interface PatchInvocation {
  patch: string;
  cd?: string;
}

const WORD = String.raw`(?:'[^']*'|"[^"]*"|[^\s'"&;|]+)`;
const INVOCATION = new RegExp(
  String
    .raw`^\s*(?:cd\s+(${WORD})\s*&&\s*)?(?:apply_patch|applypatch)\s*<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2[ \t]*\n` +
    String.raw`([\s\S]*?)\n\3[ \t]*(?:\n\s*)?$`,
);

function unquote(word: string): string {
  return /^(['"]).*\1$/s.test(word) ? word.slice(1, -1) : word;
}

/** The patch of an `apply_patch` heredoc invocation, or undefined for any other command. */
export function extractPatchInvocation(cmd: string): PatchInvocation | undefined {
  const m = cmd.match(INVOCATION);
  if (!m) return undefined;
  return { patch: m[4], ...(m[1] ? { cd: unquote(m[1]) } : {}) };
}

/** The `exec_command` arguments the interception reads. */
interface ShellCall {
  cmd: string;
  workdir?: string;
  shell?: string;
  escalate: boolean;
  justification?: string;
}

function commandOf(raw: string): ShellCall | undefined {
  try {
    const args = JSON.parse(raw) as Record<string, unknown>;
    if (typeof args?.cmd !== "string") return undefined;
    return {
      cmd: args.cmd,
      ...(typeof args.workdir === "string" && args.workdir ? { workdir: args.workdir } : {}),
      ...(typeof args.shell === "string" ? { shell: args.shell } : {}),
      escalate: args.sandbox_permissions === "require_escalated",
      ...(typeof args.justification === "string" ? { justification: args.justification } : {}),
    };
  } catch {
    return undefined;
  }
}

const POLICIES = ["untrusted", "on-failure", "on-request", "never"] as const;

/**
 * The approval step every command takes (the same decision as the shell's gate): a heredoc patch is a
 * command the model ran, so `untrusted` asks, rules apply, `never` rejects what would be asked.
 * Resolves to whether it may run and whether unsandboxed, or to the refusal for the model.
 */
async function approveCommand(
  call: ShellCall,
  cwd: string,
  ctx: ToolContext,
): Promise<{ unsandboxed: boolean } | ToolResult> {
  const policy = (POLICIES as readonly string[]).includes(ctx.approvalPolicy)
    ? ctx.approvalPolicy as typeof POLICIES[number]
    : DEFAULT_APPROVAL_POLICY;
  const verdict = decideExec({
    script: call.cmd,
    argv: [call.shell ?? "bash", "-lc", call.cmd],
    policy,
    sandboxMode: ctx.sandbox.policy.mode,
    escalate: call.escalate,
    justification: call.justification,
    rules: ctx.config.rules?.prefix_rules ?? [],
  });
  if (verdict.action === "run") return { unsandboxed: verdict.unsandboxed };
  if (verdict.action === "reject") return { output: verdict.message, success: false };
  const answer = await ctx.approve({
    kind: "exec",
    tool_name: "exec_command",
    summary: call.cmd,
    cwd,
    reason: verdict.reason,
    cacheKey: verdict.unsandboxed ? `unsandboxed:${call.cmd}` : call.cmd,
    details: { command: call.cmd, workdir: cwd, unsandboxed: verdict.unsandboxed },
  });
  if (isApproved(answer)) return { unsandboxed: verdict.unsandboxed };
  const why = answer.decision === "abort"
    ? "exec command rejected by user: the turn was aborted"
    : answer.feedback?.trim()
    ? `exec command rejected by user. Feedback from the user: ${answer.feedback.trim()}`
    : answer.reason
    ? `exec command rejected: ${answer.reason}`
    : "exec command rejected by user";
  return { output: why, success: false };
}

/**
 * The `exec_command` wrapper: applies heredoc patches itself, passes other commands to the shell. The
 * heredoc first takes the command approval step; the patch's relative paths resolve against the
 * heredoc's `cd`/`workdir`, but only the turn's cwd and the policy's roots are writable, and the
 * writes happen inside the sandbox. A `shell` that is not a known shell is left to the shell tool.
 */
export const interceptShellPatch: ToolMiddleware = async (call, next) => {
  const command = commandOf(call.raw);
  const patch = command && isKnownShell(command.shell) ? extractPatchInvocation(command.cmd) : undefined;
  if (!command || !patch) return await next(call);
  const workdir = command.workdir
    ? (isAbsolute(command.workdir) ? resolve(command.workdir) : resolve(call.ctx.cwd, command.workdir))
    : call.ctx.cwd;
  const approval = await approveCommand(command, workdir, call.ctx);
  if ("output" in approval) return approval;
  return await runApplyPatch(patch.patch, call.ctx, {
    patchCwd: resolve(workdir, patch.cd ?? "."),
    unsandboxed: approval.unsandboxed,
  });
};
