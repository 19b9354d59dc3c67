/**
 * Codex's approval decision for a shell command (spec §6.5): exec policy rules first, then the
 * known-safe list, dangerous commands and the approval policy. The answer says whether to run the
 * command (sandboxed or not), ask a person first, or reject it with a message for the model.
 * @module
 */
import type { Config, PrefixRuleConfig } from "../../src/config/schema.ts";
import type { SandboxMode } from "../../src/plugin_api/sandbox.ts";
import { isDangerousCommand } from "./dangerous.ts";
import { isKnownSafeCommand } from "./known_safe.ts";
import { evaluateRules, type RuleDecision, type RuleMatch, strictness } from "./rules.ts";
import { splitPlainScript } from "./shell_script.ts";

/** `approval_policy` values. */
export type ApprovalPolicy = NonNullable<Config["approval_policy"]>;

/** The policy used when none is configured (Codex's default outside `exec`). */
export const DEFAULT_APPROVAL_POLICY: ApprovalPolicy = "on-request";

/** What to do with a command. */
export type ExecApproval =
  /** Run it; `unsandboxed` when an allow rule covers every command or the model's escalation needs no prompt. */
  | { action: "run"; unsandboxed: boolean }
  /** Ask a person; when approved, run it unsandboxed if `unsandboxed`. */
  | { action: "ask"; reason: string; unsandboxed: boolean }
  /** Do not run it; `message` goes to the model. */
  | { action: "reject"; message: string };

/** Inputs of `decideExec`. */
export interface ExecDecisionInput {
  /** The shell script the model asked to run (`cmd`). */
  script: string;
  /** The full argv that would run it (`[shell, "-lc", script]`), judged when the script is not plain. */
  argv: string[];
  policy: ApprovalPolicy;
  sandboxMode: SandboxMode;
  /** The model asked for `sandbox_permissions: "require_escalated"`. */
  escalate: boolean;
  /** The model's `justification` for escalating. */
  justification?: string;
  rules: readonly PrefixRuleConfig[];
}

/** The commands a script runs, and whether it had to be judged whole. */
export function commandsOf(script: string, argv: string[]): { commands: string[][]; complex: boolean } {
  const plain = splitPlainScript(script);
  return plain ? { commands: plain, complex: false } : { commands: [argv], complex: true };
}

/** What the heuristics (no rule) say about a set of commands. */
function heuristic(
  commands: string[][],
  complex: boolean,
  input: ExecDecisionInput,
): { decision: RuleDecision; why: string } {
  const unrestricted = input.sandboxMode === "danger-full-access";
  if (!complex && commands.every((c) => isKnownSafeCommand(c))) {
    return { decision: "allow", why: "known-safe read-only command" };
  }
  if (commands.some(isDangerousCommand)) {
    if (input.policy === "never") {
      return unrestricted
        ? { decision: "allow", why: "no sandbox" }
        : { decision: "forbidden", why: "rm -f style commands are not permitted here; use a safer approach" };
    }
    return { decision: "prompt", why: "the command force-deletes files" };
  }
  switch (input.policy) {
    case "never":
    case "on-failure":
      return { decision: "allow", why: "runs in the sandbox" };
    case "untrusted":
      return { decision: "prompt", why: "approval_policy is untrusted and this is not a known-safe command" };
    case "on-request":
      if (input.escalate && !unrestricted) {
        return {
          decision: "prompt",
          why: input.justification
            ? `the model asks to run it without the sandbox: ${input.justification}`
            : "the model asks to run it without the sandbox",
        };
      }
      return { decision: "allow", why: "runs in the sandbox" };
  }
}

function display(script: string): string {
  return script.length > 200 ? `${script.slice(0, 200)}…` : script;
}

/** Decides what to do with one `exec_command` call. */
export function decideExec(input: ExecDecisionInput): ExecApproval {
  const { policy } = input;
  if (input.escalate && policy !== "on-request") {
    return {
      action: "reject",
      message:
        `approval policy is ${policy}; reject command — you should not ask for escalated permissions if the approval policy is ${policy}`,
    };
  }
  const { commands, complex } = commandsOf(input.script, input.argv);
  const perCommand = commands.map((c) => evaluateRules(input.rules, c).strictest);
  const anyRule = perCommand.some((m) => m !== undefined);

  // Commands no rule covers are judged by the heuristics, one by one; the strictest answer wins, and
  // among equals a rule's (it carries a justification).
  const judged = anyRule
    ? commands.map((c, i) => {
      const m = perCommand[i];
      return m
        ? { decision: m.decision, why: m.justification ?? "", rule: m }
        : heuristic([c], complex, input);
    })
    : [heuristic(commands, complex, input)];
  let pick: { decision: RuleDecision; why: string; rule?: RuleMatch } = judged[0];
  for (const j of judged.slice(1)) {
    const d = strictness(j.decision) - strictness(pick.decision);
    if (d > 0 || (d === 0 && !("rule" in pick && pick.rule) && "rule" in j)) pick = j;
  }
  const { decision, why } = pick;
  const byRule = "rule" in pick ? pick.rule : undefined;

  if (decision === "forbidden") {
    const reason = byRule ? byRule.justification ?? "blocked by policy" : why;
    return { action: "reject", message: `\`${display(input.script)}\` rejected: ${reason}` };
  }
  if (decision === "prompt") {
    if (policy === "never") {
      const what = byRule ? "approval required by policy rule" : "approval required by policy";
      return {
        action: "reject",
        message: `\`${display(input.script)}\` rejected: ${what}, but approval_policy is never${
          byRule?.justification ? ` (${byRule.justification})` : ""
        }`,
      };
    }
    const reason = byRule
      ? `matches rule ${JSON.stringify(byRule.matchedPrefix)}${
        byRule.justification ? `: ${byRule.justification}` : ""
      }`
      : why;
    return { action: "ask", reason, unsandboxed: input.escalate };
  }
  // Allowed: an allow rule covering every command may bypass the sandbox (Codex's rule semantics); so may
  // an escalation when the sandbox is off anyway.
  const allByAllowRule = anyRule && perCommand.every((m) => m?.decision === "allow");
  return {
    action: "run",
    unsandboxed: allByAllowRule || (input.escalate && input.sandboxMode === "danger-full-access"),
  };
}

/** Output that suggests the sandbox, not the command, caused a failure. */
const SANDBOX_DENIAL = /Permission denied|Read-only file system|Operation not permitted/i;

/** Whether a failed sandboxed run should be offered again without the sandbox (spec §6.5 on-failure). */
export function offersUnsandboxedRetry(o: {
  policy: ApprovalPolicy;
  sandboxMode: SandboxMode;
  /** The active backend id; `none` confines nothing, so a retry could not help. */
  backendId: string;
  exitCode: number;
  output: string;
}): boolean {
  if (o.policy === "never") return false;
  if (o.sandboxMode === "danger-full-access" || o.backendId === "none") return false;
  return o.exitCode !== 0 && SANDBOX_DENIAL.test(o.output);
}
