/**
 * Maps a hook command's result to the hook bus's output, Claude-Code style: exit 2 blocks with stderr as
 * the reason; exit 0 may print JSON (`decision: "block"`, `continue: false`, `hookSpecificOutput` with
 * `permissionDecision`, `additionalContext`, `updatedInput`); other exit codes are failures (reported,
 * not blocking).
 * @module
 */
import type { DecisionOutput, HookDecision, HookEvent } from "../../mod.ts";
import type { HookRun } from "./run_command.ts";

interface HookJson {
  decision?: string;
  reason?: string;
  continue?: boolean;
  stopReason?: string;
  additionalContext?: string;
  hookSpecificOutput?: {
    permissionDecision?: string;
    permissionDecisionReason?: string;
    additionalContext?: string;
    updatedInput?: unknown;
  };
}

function parseJson(text: string): HookJson | undefined {
  const t = text.trim();
  if (!t.startsWith("{")) return undefined;
  try {
    return JSON.parse(t) as HookJson;
  } catch {
    return undefined;
  }
}

const DECISIONS: Record<string, HookDecision> = {
  deny: "deny",
  block: "deny",
  ask: "ask",
  allow: "allow",
  approve: "allow",
};

/** The hook bus output for a finished command; throws for a failed or timed-out one (the bus reports it). */
export function translateRun(
  event: HookEvent,
  command: string,
  run: HookRun,
  timeoutMs: number,
): DecisionOutput<HookEvent> | undefined {
  if (run.timedOut) throw new Error(`command \`${command}\` timed out after ${timeoutMs / 1000} s`);
  if (run.code === 2) {
    return { decision: "deny", reason: run.stderr.trim() || `blocked by hook \`${command}\`` };
  }
  if (run.code !== 0) {
    throw new Error(
      `command \`${command}\` exited with code ${run.code}${
        run.stderr.trim() ? `: ${run.stderr.trim()}` : ""
      }`,
    );
  }
  const json = parseJson(run.stdout);
  if (!json) {
    const text = run.stdout.trim();
    return event === "UserPromptSubmit" || event === "SessionStart"
      ? (text ? { additionalContext: text } : undefined)
      : undefined;
  }
  const out: DecisionOutput<HookEvent> = {};
  const specific = json.hookSpecificOutput ?? {};
  if (json.continue === false) {
    out.decision = "deny";
    out.reason = json.stopReason ?? json.reason ?? "stopped by hook";
  } else if (json.decision && DECISIONS[json.decision]) {
    out.decision = DECISIONS[json.decision];
    out.reason = json.reason;
  } else if (specific.permissionDecision && DECISIONS[specific.permissionDecision]) {
    out.decision = DECISIONS[specific.permissionDecision];
    out.reason = specific.permissionDecisionReason;
  }
  const context = specific.additionalContext ?? json.additionalContext;
  if (context) out.additionalContext = context;
  if (specific.updatedInput !== undefined) {
    out.input = { tool_input: specific.updatedInput } as DecisionOutput<HookEvent>["input"];
  }
  return out;
}
