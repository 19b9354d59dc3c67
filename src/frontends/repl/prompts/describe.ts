/**
 * The words of an approval prompt, shared by the rich and line-mode prompters.
 * @module
 */
import type { ApprovalRequest } from "../../../kernel/approval.ts";

/** The question, e.g. ``Approval needed [appr_1]: run `rm -rf build` in /repo? (reason)``. */
export function approvalQuestion(request: ApprovalRequest): string {
  const what = request.kind === "exec"
    ? `run \`${request.summary}\``
    : request.kind === "patch"
    ? `apply ${request.summary}`
    : `${request.kind}: ${request.summary}`;
  const why = request.reason ? ` (${request.reason})` : "";
  return `Approval needed [${request.id}]: ${what} in ${request.cwd}?${why}`;
}

/** The answers, in the order offered. */
export const APPROVAL_CHOICES = [
  { key: "y", label: "yes once" },
  { key: "a", label: "yes for this session" },
  { key: "n", label: "no" },
  { key: "f", label: "no, with feedback" },
  { key: "q", label: "abort" },
] as const;

/** One of the answer keys. */
export type ApprovalKey = typeof APPROVAL_CHOICES[number]["key"];
