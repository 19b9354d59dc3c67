/**
 * The approval contract: a tool asks the session whether a person allows an action (`ctx.approve`), and
 * the front end answers through an `Approver`. What needs approval is decided by plugins, not here.
 * @module
 */

/** What a tool asks a person to allow. */
export interface ApprovalRequest {
  /** Per-request approval id shown to the person (`appr_<n>`). */
  id: string;
  /** What kind of action: `exec` (run a command), `patch` (write files), or a plugin's own kind. */
  kind: "exec" | "patch" | (string & Record<never, never>);
  /** The tool asking. */
  tool_name: string;
  /** One-line description of the action, e.g. the command string. */
  summary: string;
  /** Where the action happens (absolute). */
  cwd: string;
  /** Why approval is needed (a rule's justification, a sandbox failure, …). */
  reason?: string;
  /** Key under which an "approved for this session" answer is remembered (e.g. the exact command). */
  cacheKey?: string;
  /** Tool-specific details (also the `tool_input` of the PermissionRequest hook). */
  details?: unknown;
  /**
   * Fields the person is asked to fill in (an MCP server's elicitation): a JSON schema of an object
   * whose properties are strings, numbers, booleans or enums. The answer's `content` holds the values.
   */
  form?: { message: string; schema: Record<string, unknown> };
}

/** A request before the session has given it an id. */
export type ApprovalQuery = Omit<ApprovalRequest, "id"> & { id?: string };

/** The possible answers. */
export type ApprovalDecisionKind = "approved" | "approved_for_session" | "denied" | "abort";

/** The answer to an approval request. */
export interface ApprovalDecision {
  /** The decision. */
  decision: ApprovalDecisionKind;
  /** Text the person wants the model to read (with `denied`). */
  feedback?: string;
  /** Why the answer was given without asking a person (a hook's reason, a cached approval, no approver). */
  reason?: string;
  /** The values filled in, when the request carried a `form` and was approved. */
  content?: Record<string, unknown>;
}

/** Asks a person. Front ends provide one (rich TTY prompts, line mode, an IDE, …). */
export interface Approver {
  /** Resolves with the person's answer; should resolve `abort` when `signal` aborts. */
  ask(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision>;
}

/** Whether a decision lets the action run. */
export function isApproved(decision: ApprovalDecision): boolean {
  return decision.decision === "approved" || decision.decision === "approved_for_session";
}
