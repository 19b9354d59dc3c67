/**
 * Rich approval prompts on a terminal: an arrow-key menu and a feedback input (@inquirer/prompts,
 * imported on first use so sessions that never ask load nothing). Drawn on stderr so stdout keeps only
 * the answer.
 * @module
 */
import process from "node:process";
import type { ApprovalDecision, ApprovalRequest, Approver } from "../../../kernel/approval.ts";
import { APPROVAL_CHOICES, type ApprovalKey, approvalQuestion, formFields } from "./describe.ts";

const DECISIONS: Record<Exclude<ApprovalKey, "f">, ApprovalDecision["decision"]> = {
  y: "approved",
  a: "approved_for_session",
  n: "denied",
  q: "abort",
};

/** Asks approval questions with interactive menus on the terminal. */
export class RichPrompter implements Approver {
  /** Asks one question. Ctrl-C in the menu, or the turn's interrupt, answers `abort`. */
  async ask(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision> {
    const { select, input } = await import("@inquirer/prompts");
    const context = { input: process.stdin, output: process.stderr, signal, clearPromptOnDone: false };
    try {
      const key = await select<ApprovalKey>({
        message: approvalQuestion(request),
        choices: APPROVAL_CHOICES.map((c) => ({ name: `[${c.key}] ${c.label}`, value: c.key })),
      }, context);
      if (key !== "f") {
        const decision = DECISIONS[key];
        if (!request.form || (key !== "y" && key !== "a")) return { decision };
        const content: Record<string, unknown> = {};
        for (const field of formFields(request)) {
          const value = await input({
            message: field.label,
            ...(field.default !== undefined ? { default: String(field.default) } : {}),
          }, context);
          if (value.trim() !== "") content[field.key] = value.trim();
        }
        return { decision, content };
      }
      const feedback = await input({ message: "Feedback for the model:" }, context);
      return feedback.trim() ? { decision: "denied", feedback } : { decision: "denied" };
    } catch (err) {
      const name = err instanceof Error ? err.name : "";
      if (name === "ExitPromptError" || name === "AbortPromptError") {
        return { decision: "abort", reason: "the approval prompt was cancelled" };
      }
      throw err;
    }
  }
}
