/**
 * The session side of `ctx.approve`: remembers "approved for this session" answers, lets
 * PermissionRequest hooks decide first, and otherwise asks the session's `Approver`, one request at a
 * time. Without an approver every request is denied.
 * @module
 */
import type { ApprovalDecision, ApprovalQuery, ApprovalRequest, Approver } from "../plugin_api/approval.ts";
import type { HookBus } from "../kernel/hooks.ts";
import type { HookCommon } from "../plugin_api/hooks.ts";

/** Per-call inputs of `Approvals.request`. */
export interface ApprovalCallContext {
  /** Hook fields of the current turn. */
  hookCommon: Omit<HookCommon, "hook_event_name">;
  /** The tool call asking (the hook's `tool_use_id`). */
  callId: string;
  /** The turn's signal; an aborted turn answers `abort` without asking. */
  signal: AbortSignal;
  /** Ends the turn (called when the person answers `abort`). */
  abortTurn(): void;
}

/** Approval state of one session. */
export class Approvals {
  #next = 1;
  readonly #approvedForSession = new Set<string>();
  #queue: Promise<unknown> = Promise.resolve();
  readonly #hooks: HookBus;
  readonly #approver: Approver | undefined;

  readonly #hookNames: (toolName: string) => readonly string[];

  /** `hookNames` gives every name hook matchers may use for a tool (default: just its name). */
  constructor(hooks: HookBus, approver?: Approver, hookNames?: (toolName: string) => readonly string[]) {
    this.#hooks = hooks;
    this.#approver = approver;
    this.#hookNames = hookNames ?? ((name) => [name]);
  }

  /** Whether `key` was approved for the session. */
  approvedForSession(key: string): boolean {
    return this.#approvedForSession.has(key);
  }

  /** Decides one request. Never throws. */
  request(query: ApprovalQuery, call: ApprovalCallContext): Promise<ApprovalDecision> {
    const request: ApprovalRequest = { ...query, id: query.id ?? `appr_${this.#next++}` };
    // One prompt at a time: parallel tool calls queue here, and a queued request sees earlier answers.
    const result = this.#queue.then(() => this.#decide(request, call));
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async #decide(request: ApprovalRequest, call: ApprovalCallContext): Promise<ApprovalDecision> {
    if (call.signal.aborted) return { decision: "abort", reason: "the turn was interrupted" };
    if (request.cacheKey !== undefined && this.#approvedForSession.has(request.cacheKey)) {
      return { decision: "approved_for_session", reason: "approved for this session earlier" };
    }
    const hook = await this.#hooks.decide("PermissionRequest", {
      ...call.hookCommon,
      hook_event_name: "PermissionRequest",
      tool_name: request.tool_name,
      tool_input: request.details ?? { command: request.summary },
      tool_use_id: call.callId,
    }, this.#hookNames(request.tool_name));
    if (hook.decision === "allow") {
      return {
        decision: "approved",
        reason: `approved by a PermissionRequest hook: ${hook.reason ?? "allow"}`,
      };
    }
    if (hook.decision === "deny") {
      return {
        decision: "denied",
        reason: `denied by a PermissionRequest hook: ${hook.reason ?? "no reason given"}`,
      };
    }
    if (!this.#approver) return { decision: "denied", reason: "no one is available to approve it" };
    // Observers (desktop notifiers, chat bots) learn that a person is being waited for.
    void this.#hooks.observe("Notification", {
      ...call.hookCommon,
      hook_event_name: "Notification",
      message: `Approval needed [${request.id}]: ${request.summary}`,
    });
    let answer: ApprovalDecision;
    try {
      answer = await this.#approver.ask(request, call.signal);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      answer = { decision: "denied", reason: `the approval prompt failed: ${why}` };
    }
    if (answer.decision === "approved_for_session" && request.cacheKey !== undefined) {
      this.#approvedForSession.add(request.cacheKey);
    }
    if (answer.decision === "abort" && !call.signal.aborted) call.abortTurn();
    return answer;
  }
}
