/**
 * Approvals asked inline, one line of input per answer, through the REPL's own line source (so typed
 * answers and queued prompts never race for stdin). End of input means the safe default: deny.
 * @module
 */
import type { ApprovalDecision, ApprovalRequest, Approver } from "../../kernel/approval.ts";
import type { LineSource } from "./line_source.ts";

/** An approver reading answers from `lines` and printing questions with `print`. */
export function lineApprover(lines: LineSource, print: (text: string) => void): Approver {
  return {
    async ask(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision> {
      print(
        `\nApproval needed [${request.id}]: ${
          request.kind === "exec" ? "run" : request.kind
        } \`${request.summary}\` in ${request.cwd}` +
          (request.reason ? `\n  reason: ${request.reason}` : ""),
      );
      print("  [y] yes once  [a] yes for this session  [n] no  [f] no, with feedback  [q] abort the turn");
      while (!signal.aborted) {
        const answer = (await lines.next("approve? "))?.trim().toLowerCase();
        if (answer === undefined) return { decision: "denied", reason: "no input (end of stdin): denied" };
        if (["y", "yes"].includes(answer)) return { decision: "approved" };
        if (["a", "always", "session"].includes(answer)) return { decision: "approved_for_session" };
        if (["n", "no", ""].includes(answer)) return { decision: "denied" };
        if (["q", "quit", "abort"].includes(answer)) return { decision: "abort" };
        if (["f", "feedback"].includes(answer)) {
          const feedback = (await lines.next("feedback for the model: ")) ?? "";
          return { decision: "denied", feedback };
        }
        print(`  expected one of y, a, n, f, q; found '${answer}'`);
      }
      return { decision: "abort" };
    },
  };
}
