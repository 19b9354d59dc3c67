/**
 * Approvals under `codex mcp-server`: each request becomes an MCP `elicitation/create` (form mode) sent to
 * the client, carrying Codex's `codex_*` fields. Accept answers with the chosen `decision` (default
 * `approved`), decline means `denied`, cancel means `abort`; a client without elicitation support gets
 * every request denied, with the reason.
 * @module
 */
import type {
  ApprovalDecision,
  ApprovalDecisionKind,
  ApprovalRequest,
  Approver,
} from "../../plugin_api/approval.ts";
import { describeError } from "../../kernel/errors.ts";
import type { ElicitRequestFormParams, Server } from "../../../lib/mcp_sdk.ts";

const DECISIONS: readonly ApprovalDecisionKind[] = ["approved", "approved_for_session", "denied", "abort"];

/** The schema of the form the client fills in. */
export const APPROVAL_SCHEMA: ElicitRequestFormParams["requestedSchema"] = {
  type: "object",
  properties: {
    decision: {
      type: "string",
      enum: [...DECISIONS],
      description: "approved, approved_for_session, denied or abort",
    },
  },
  required: ["decision"],
};

/** The elicitation sent for `request` in thread `threadId`. */
export function approvalElicitation(request: ApprovalRequest, threadId: string): ElicitRequestFormParams {
  const what = request.kind === "exec"
    ? "run this command"
    : request.kind === "patch"
    ? "apply this patch"
    : request.kind;
  const params: ElicitRequestFormParams & Record<string, unknown> = {
    mode: "form",
    message: `Allow Codex to ${what} in ${request.cwd}?\n${request.summary}${
      request.reason ? `\nReason: ${request.reason}` : ""
    }`,
    requestedSchema: APPROVAL_SCHEMA,
    threadId,
    codex_elicitation: `${request.kind}-approval`,
    codex_call_id: request.id,
    codex_command: request.summary,
    codex_cwd: request.cwd,
  };
  return params;
}

/**
 * A downstream MCP server's elicitation (a request carrying a `form`): its message and schema go to our
 * client unchanged; accept returns the client's values.
 */
async function forwardForm(
  server: Server,
  request: ApprovalRequest,
  threadId: string,
  signal: AbortSignal,
): Promise<ApprovalDecision> {
  const form = request.form!;
  const params: ElicitRequestFormParams & Record<string, unknown> = {
    mode: "form",
    message: form.message,
    requestedSchema: form.schema as ElicitRequestFormParams["requestedSchema"],
    threadId,
    codex_elicitation: request.kind,
    codex_call_id: request.id,
  };
  try {
    const result = await server.elicitInput(params, { signal });
    if (result.action === "accept") return { decision: "approved", content: result.content ?? {} };
    return { decision: result.action === "cancel" ? "abort" : "denied" };
  } catch (err) {
    if (signal.aborted) return { decision: "abort" };
    return {
      decision: "denied",
      reason: `the MCP client did not answer the elicitation: ${describeError(err)}`,
    };
  }
}

/** An approver that asks the MCP client connected to `server`. */
export function elicitationApprover(server: Server, threadId: () => string): Approver {
  return {
    async ask(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision> {
      if (request.form) return await forwardForm(server, request, threadId(), signal);
      try {
        const result = await server.elicitInput(approvalElicitation(request, threadId()), { signal });
        if (result.action === "accept") {
          const chosen = result.content?.decision;
          const decision = DECISIONS.find((d) => d === chosen) ?? "approved";
          return { decision };
        }
        return { decision: result.action === "cancel" ? "abort" : "denied" };
      } catch (err) {
        if (signal.aborted) return { decision: "abort" };
        return {
          decision: "denied",
          reason: `the MCP client did not answer the approval request: ${describeError(err)}`,
        };
      }
    },
  };
}
