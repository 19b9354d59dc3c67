/**
 * The words of an approval prompt, shared by the rich and line-mode prompters.
 * @module
 */
import type { ApprovalRequest } from "../../../plugin_api/approval.ts";

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

/** One field of a request's `form` (an MCP elicitation), as the prompters ask it. */
export interface FormField {
  key: string;
  /** The question line, e.g. `name (string, default "x")`. */
  label: string;
  default?: unknown;
}

/** The fields of `request.form`, in schema order; empty when the request has no form. */
export function formFields(request: ApprovalRequest): FormField[] {
  const schema = request.form?.schema;
  if (!schema) return [];
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([key, f]) => {
    const hints = [
      String(f.type ?? "string"),
      ...(Array.isArray(f.enum) ? [`one of ${f.enum.join("|")}`] : []),
      ...(f.default !== undefined ? [`default ${JSON.stringify(f.default)}`] : []),
      ...(required.has(key) ? ["required"] : []),
    ];
    const title = typeof f.title === "string" ? f.title : key;
    const about = typeof f.description === "string" ? `: ${f.description}` : "";
    return { key, label: `${title} (${hints.join(", ")})${about}`, default: f.default };
  });
}
