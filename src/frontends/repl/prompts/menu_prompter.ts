/**
 * Approval prompts on a raw-mode terminal, the same in `exec` and the interactive session: the question,
 * then a menu moved with the arrow keys and chosen with Enter, or answered at once with a choice's key
 * (`y`, `a`, `n`, `f`, `q`). Only keys pressed after the menu appears count; the chosen answer stays on
 * screen. Ctrl-C or the turn's interrupt answers `abort`; end of input denies. A request with a form (an
 * MCP elicitation) that is accepted then asks each field on its own line (empty keeps the default).
 * @module
 */
import type { ApprovalDecision, ApprovalRequest, Approver } from "../../../plugin_api/approval.ts";
import type { Terminal } from "../terminal.ts";
import { unanswered } from "./line_prompter.ts";
import { APPROVAL_CHOICES, type ApprovalKey, approvalQuestion, formFields } from "./describe.ts";

const DECISIONS: Record<Exclude<ApprovalKey, "f">, ApprovalDecision["decision"]> = {
  y: "approved",
  a: "approved_for_session",
  n: "denied",
  q: "abort",
};

/** Asks with an arrow-key menu on `terminal`. */
export class MenuPrompter implements Approver {
  #terminal: Terminal;
  #style: (code: string, text: string) => string;

  constructor(terminal: Terminal, style: (code: string, text: string) => string = (_c, t) => t) {
    this.#terminal = terminal;
    this.#style = style;
  }

  /** Asks one question. */
  async ask(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision> {
    const t = this.#terminal;
    t.flushNotices();
    if (!t.atLineStart) t.write("\n");
    t.write(this.#style("1", approvalQuestion(request)) + "\n");
    const key = await this.#choose(signal);
    if (key === "aborted") return { decision: "abort", reason: "the turn was interrupted" };
    if (key === null) {
      t.write("end of input: denied\n");
      return unanswered("no one answered the approval prompt (end of input)");
    }
    if (key !== "f") {
      const decision = DECISIONS[key];
      if (!request.form || (key !== "y" && key !== "a")) return { decision };
      const content: Record<string, unknown> = {};
      for (const field of formFields(request)) {
        const value = await t.readAnswer(`  ${field.label}> `, signal);
        if (value === "aborted") return { decision: "abort", reason: "the turn was interrupted" };
        if (value === null) break;
        if (value.trim() !== "") content[field.key] = value.trim();
        else if (field.default !== undefined) content[field.key] = String(field.default);
      }
      return { decision, content };
    }
    const feedback = await t.readAnswer("feedback for the model> ", signal);
    if (feedback === "aborted") return { decision: "abort", reason: "the turn was interrupted" };
    return feedback && feedback.trim() ? { decision: "denied", feedback } : { decision: "denied" };
  }

  #choose(signal: AbortSignal): Promise<ApprovalKey | null | "aborted"> {
    const t = this.#terminal;
    let selected = 0;
    const rows = APPROVAL_CHOICES.length;
    const draw = (first: boolean) => {
      let out = first ? "" : `\x1b[${rows}A\r`;
      APPROVAL_CHOICES.forEach((c, i) => {
        const label = `[${c.key}] ${c.label}`;
        out += "\x1b[2K" + (i === selected ? this.#style("36", `❯ ${label}`) : `  ${label}`) + "\n";
      });
      t.write(out);
    };
    return new Promise((resolve) => {
      const finish = (value: ApprovalKey | null | "aborted") => {
        release();
        signal.removeEventListener("abort", onAbort);
        // Replace the menu with the answer.
        t.write(`\x1b[${rows}A\r\x1b[J`);
        const chosen = APPROVAL_CHOICES.find((c) => c.key === value);
        t.write(
          chosen ? `> ${chosen.key} (${chosen.label})\n` : value === "aborted" ? "> (cancelled)\n" : "",
        );
        resolve(value);
      };
      const onAbort = () => finish("aborted");
      if (signal.aborted) return resolve("aborted");
      signal.addEventListener("abort", onAbort, { once: true });
      draw(true);
      const release = t.takeKeys((key) => {
        if (key.kind === "up") selected = (selected + rows - 1) % rows;
        else if (key.kind === "down" || key.kind === "tab") selected = (selected + 1) % rows;
        else if (key.kind === "enter") return finish(APPROVAL_CHOICES[selected].key);
        else if (key.kind === "ctrl-c") return t.onInterrupt ? t.onInterrupt() : finish("aborted");
        else if (key.kind === "ctrl-d") return finish(null);
        else if (key.kind === "text") {
          const choice = APPROVAL_CHOICES.find((c) => c.key === key.text.trim().toLowerCase());
          if (choice) return finish(choice.key);
          return;
        } else return;
        draw(false);
      });
    });
  }
}
