/**
 * Approval policy for commands and (later) patches: Codex's known-safe list, dangerous commands, exec
 * policy prefix rules and the approval-policy decision. A library used by tool plugins; it registers
 * nothing itself.
 * @module
 */
export {
  type ApprovalPolicy,
  commandsOf,
  decideExec,
  DEFAULT_APPROVAL_POLICY,
  type ExecApproval,
  type ExecDecisionInput,
  offersUnsandboxedRetry,
} from "./decide.ts";
export { isKnownSafeCommand } from "./known_safe.ts";
export { isKnownShell } from "./known_shell.ts";
export { isDangerousCommand } from "./dangerous.ts";
export { checkRuleExamples, evaluateRules, matchRule, type RuleDecision, type RuleMatch } from "./rules.ts";
export { exampleArgv, splitPlainScript } from "./shell_script.ts";
