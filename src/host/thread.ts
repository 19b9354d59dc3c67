/**
 * The host's thread: the kernel's agent loop with this CLI's parts at its hook points. Codex's hook
 * events (SessionStart, UserPromptSubmit, BeforeModel, Pre/PostToolUse, Stop, Pre/PostCompact,
 * SessionEnd), approvals, plugins' session state, output truncation, compaction (manual and automatic),
 * history repair, request parameters and metadata, the per-model tool set, web search items and the
 * session file's turn context.
 * @module
 */
import type { Config } from "../config/schema.ts";
import type { ModelEvent, ModelRequest, ResponseItem } from "../kernel/model.ts";
import type { ItemHandle } from "../kernel/items.ts";
import { uuidv7 } from "../kernel/ids.ts";
import {
  type RecordEntry,
  type SubmitOutcome,
  Thread,
  type ThreadOptions,
  type ToolScope,
} from "../kernel/thread.ts";
import type { ToolContextExtensions } from "../kernel/tool.ts";
import type { ToolWrapper } from "../kernel/tool_middleware.ts";
import { describeError } from "../kernel/errors.ts";
import type { Approver } from "../plugin_api/approval.ts";
import "../plugin_api/context.ts";
import type { HookCommon } from "../plugin_api/hooks.ts";
import type { WebSearchItem } from "../plugin_api/items.ts";
import "../plugin_api/provider.ts";
import type { ToolSessionState } from "../plugin_api/tools.ts";
import type { SandboxRuntime } from "../plugin_api/sandbox.ts";
import { Approvals } from "./approvals.ts";
import { autoCompactLimit, compactionInput, DEFAULT_COMPACT_PROMPT, rebuildHistory } from "./compaction.ts";
import { repairToolPairs, turnAbortedMessage } from "./tool_pairs.ts";
import { ToolStates } from "./tool_state.ts";
import { DEFAULT_TOOL_OUTPUT_TOKEN_LIMIT, toolHooks, truncation } from "./tool_wrappers.ts";
import { webSearchDetail } from "./web_search.ts";
import { collectGarbageIfGrown } from "./heap_collector.ts";

/** A session file (see src/session): history items, events, turn contexts and compactions. */
export interface HostRecorder {
  /** Where the transcript is written (hooks get it as `transcript_path`). */
  readonly path?: string;
  /** A history item, as sent to or received from the model. */
  responseItem(item: ResponseItem): void;
  /** A notable event (`user_message`, `agent_message`, `token_count`, `task_complete`, …). */
  event(payload: { type: string; [k: string]: unknown }): void;
  /** The thread ended: release the file (and its writer lock). */
  close?(): void;
  /** Per-turn context (model, cwd, policies). */
  turnContext(context: Record<string, unknown>): void;
  /** A compaction: the summary and the history that replaced everything before it. */
  compacted(record: { message: string; replacement_history: ResponseItem[] }): void;
}

/** Everything a host thread needs. */
export interface HostThreadOptions extends ThreadOptions {
  /** The session's settled configuration. */
  config: Config;
  /** The sandbox commands run in. */
  sandbox: SandboxRuntime;
  /** The approval policy tools read. */
  approvalPolicy: string;
  reasoning?: ModelRequest["reasoning"];
  text?: ModelRequest["text"];
  serviceTier?: string;
  /** Asks a person when a tool needs approval; absent ⇒ every request is denied. */
  approver?: Approver;
  recorder?: HostRecorder;
  /** Host tags attached to every request's `meta` (installation id, thread source, trigger, …). */
  requestTags?: Record<string, string>;
  /** Whether an enabled tool is offered to `model` (the host's per-model tool set); all when absent. */
  toolOffered?: (toolName: string, model: string) => boolean;
}

/** Settings the session changes for later turns. */
export type HostThreadSettings = Partial<
  Pick<HostThreadOptions, "model" | "reasoning" | "sandbox" | "approvalPolicy" | "initialContext">
>;

function developerMessage(text: string): ResponseItem {
  return { type: "message", role: "developer", content: [{ type: "input_text", text }] };
}

/** A thread of this CLI. */
export class HostThread extends Thread {
  #h: HostThreadOptions;
  readonly #approvals: Approvals;
  readonly #states = new ToolStates();
  /** Input plus output tokens of the last model response (drives auto-compaction). */
  #lastResponseTokens = 0;
  #window = 0;
  #contextWindowId = uuidv7();
  #turnStartedAtMs = Date.now();
  /** Web searches the provider has started (by its item id), completed when their item is done. */
  #webSearches = new Map<string, ItemHandle<Omit<WebSearchItem, "id">>>();

  constructor(options: HostThreadOptions) {
    super(options);
    this.#h = options;
    const registry = options.registry;
    this.#approvals = new Approvals(
      registry.hooks,
      options.approver,
      (name) => registry.tools.get(name)?.hookNames ?? [name],
    );
    // A saved session may end with calls that never got an output (a killed process, an older version).
    if (options.history) repairToolPairs(this.history);
    else for (const item of this.history) this.record({ item });
  }

  /** The session state of plugin `owner` (what its tools see as `ctx.session`). */
  pluginState(owner: string): ToolSessionState {
    return this.#states.for(owner);
  }

  /** Ends the thread: stops background processes and other tool state, then releases the session file. */
  async dispose(): Promise<void> {
    for (const err of await this.#states.dispose()) this.warn(`tool cleanup failed: ${describeError(err)}`);
    this.#h.recorder?.close?.();
  }

  protected override record(entry: RecordEntry): void {
    if ("item" in entry) this.#h.recorder?.responseItem(entry.item);
    else this.#h.recorder?.event(entry.event);
  }

  /**
   * Changes settings for later turns (model, reasoning, sandbox, approval policy, and the initial context
   * a compaction restores). The caller announces changes the model should know about (`addContext`).
   */
  override update(settings: HostThreadSettings): void {
    super.update(settings);
    this.#h = { ...this.#h, ...settings };
  }

  /** Hook fields common to every event of this thread. */
  hookCommon(turnId?: string): Omit<HookCommon, "hook_event_name"> {
    return {
      session_id: this.id,
      ...(turnId ? { turn_id: turnId } : {}),
      transcript_path: this.#h.recorder?.path ?? null,
      cwd: this.#h.cwd,
      model: this.options.model,
      permission_mode: this.#h.approvalPolicy === "never" ? "bypassPermissions" : "default",
    };
  }

  /**
   * Runs the SessionStart hooks for this thread; context they return is added to history as developer
   * messages, so the model sees it from the first turn on.
   */
  async sessionStart(source: "startup" | "resume" | "clear" | "fork"): Promise<void> {
    const start = await this.#h.registry.hooks.transform("SessionStart", {
      ...this.hookCommon(),
      hook_event_name: "SessionStart",
      source,
    });
    for (const text of start.additionalContext) this.addContext(text, "developer");
  }

  /** Runs the SessionEnd hooks for this thread. */
  async sessionEnd(reason: string): Promise<void> {
    await this.#h.registry.hooks.observe("SessionEnd", {
      ...this.hookCommon(),
      hook_event_name: "SessionEnd",
      reason,
    });
  }

  protected override toolContext(scope: ToolScope): ToolContextExtensions {
    return {
      sandbox: this.#h.sandbox,
      approvalPolicy: this.#h.approvalPolicy,
      session: this.#states.for(scope.tool.owner),
      approve: (request) =>
        this.#approvals.request(request, {
          hookCommon: this.hookCommon(scope.turnId),
          callId: scope.callId,
          signal: scope.signal,
          abortTurn: () => {
            this.warn("turn aborted at an approval prompt");
            scope.abortTurn();
          },
        }),
    };
  }

  protected override toolWrappers(): readonly ToolWrapper[] {
    const limit = this.#h.config.tool_output_token_limit ?? DEFAULT_TOOL_OUTPUT_TOKEN_LIMIT;
    return [truncation(limit), toolHooks(this.#h.registry, (turnId) => this.hookCommon(turnId))];
  }

  protected override async turnStarted(turnId: string, prompt: string): Promise<SubmitOutcome> {
    this.#turnStartedAtMs = Date.now();
    const o = this.#h;
    o.recorder?.turnContext({
      turn_id: turnId,
      cwd: o.cwd,
      approval_policy: o.approvalPolicy,
      sandbox_policy: o.sandbox.policy,
      model: this.options.model,
      effort: o.reasoning?.effort,
      summary: o.reasoning?.summary,
    });
    const submit = await this.#h.registry.hooks.decide("UserPromptSubmit", {
      ...this.hookCommon(turnId),
      hook_event_name: "UserPromptSubmit",
      prompt,
    });
    const blocked = submit.decision === "deny"
      ? `prompt blocked by a UserPromptSubmit hook: ${submit.reason ?? "no reason given"}`
      : undefined;
    return { blocked, prompt: submit.input.prompt, context: submit.additionalContext };
  }

  protected override async checkpoint(turnId: string, signal: AbortSignal): Promise<void> {
    collectGarbageIfGrown();
    const limit = autoCompactLimit(this.#h.config);
    if (limit !== undefined && this.#lastResponseTokens >= limit) await this.compact("auto", signal, turnId);
  }

  protected override async beforeModel(turnId: string, request: ModelRequest): Promise<ModelRequest> {
    const offered = this.#h.toolOffered;
    repairToolPairs(this.history);
    const before = await this.#h.registry.hooks.transform("BeforeModel", {
      ...this.hookCommon(turnId),
      hook_event_name: "BeforeModel",
      model: request.model,
      input_items: this.history.length,
    });
    return {
      ...request,
      model: before.input.model,
      input: [...this.history, ...before.additionalContext.map(developerMessage)],
      tools: offered
        ? request.tools.filter((t) => typeof t.name !== "string" || offered(t.name, request.model))
        : request.tools,
      reasoning: this.#h.reasoning,
      text: this.#h.text,
      serviceTier: this.#h.serviceTier,
      meta: this.#meta("turn"),
    };
  }

  protected override interrupted(_turnId: string): ResponseItem[] {
    return [turnAbortedMessage()];
  }

  protected override modelEvent(event: ModelEvent, request: ModelRequest): void {
    if (event.type === "completed" && event.usage) {
      this.#lastResponseTokens = event.usage.input_tokens + event.usage.output_tokens;
      this.record({
        event: {
          type: "token_count",
          info: { total_token_usage: { ...this.usage }, last_token_usage: event.usage },
        },
      });
    }
    if (request.meta?.kind === "compaction") return;
    if (event.type === "item_added" && event.item.type === "web_search_call") {
      this.#webSearchStarted(event.item);
    }
    if (event.type === "item_done" && event.item.type === "web_search_call") this.#webSearchDone(event.item);
  }

  protected override async stopping(
    turnId: string,
    state: { active: boolean; lastMessage: string | null; prompt: string },
  ): Promise<string | undefined> {
    const stop = await this.#h.registry.hooks.decide("Stop", {
      ...this.hookCommon(turnId),
      hook_event_name: "Stop",
      stop_hook_active: state.active,
      last_assistant_message: state.lastMessage,
      input_messages: [state.prompt],
    });
    return stop.decision === "deny" && stop.reason ? stop.reason : undefined;
  }

  #meta(kind: "turn" | "compaction"): NonNullable<ModelRequest["meta"]> {
    const o = this.#h;
    return {
      kind,
      resumed: o.history !== undefined,
      windowNumber: this.#window,
      contextWindowId: this.#contextWindowId,
      turnStartedAtMs: this.#turnStartedAtMs,
      cwd: o.cwd,
      sandboxMode: o.sandbox.policy.mode,
      tags: o.requestTags ?? {},
    };
  }

  /**
   * Summarizes the conversation and replaces history with the initial context, recent user messages and
   * the summary. Returns false when a PreCompact hook declined. Throws ModelError when the request fails.
   */
  async compact(
    trigger: "manual" | "auto",
    signal: AbortSignal = new AbortController().signal,
    turnId: string = uuidv7(),
  ): Promise<boolean> {
    const o = this.#h;
    const common = this.hookCommon(turnId);
    const pre = await o.registry.hooks.decide("PreCompact", {
      ...common,
      hook_event_name: "PreCompact",
      trigger,
    });
    if (pre.decision === "deny") return false;
    const prompt = o.config.compact_prompt ?? DEFAULT_COMPACT_PROMPT;
    repairToolPairs(this.history);
    const output = await this.stream({
      model: this.options.model,
      input: compactionInput(this.history, prompt),
      tools: [],
      parallelToolCalls: false,
      reasoning: o.reasoning,
      serviceTier: o.serviceTier,
      threadId: this.id,
      turnId,
      meta: this.#meta("compaction"),
    }, signal);
    const summary = output.flatMap((i) =>
      i.type === "message" && i.role === "assistant"
        ? [i.content.map((p) => ("text" in p ? p.text : "")).join("")]
        : []
    ).join("\n");
    const replacement = rebuildHistory(o.initialContext, this.history, summary);
    this.#window++;
    this.#contextWindowId = uuidv7();
    this.history.splice(0, this.history.length, ...replacement);
    this.#lastResponseTokens = 0;
    o.recorder?.compacted({ message: summary, replacement_history: replacement });
    await o.registry.hooks.observe("PostCompact", { ...common, hook_event_name: "PostCompact", trigger });
    return true;
  }

  #webSearchStarted(item: ResponseItem): void {
    if (!("id" in item) || typeof item.id !== "string" || this.#webSearches.has(item.id)) return;
    const handle = this.items.start<Omit<WebSearchItem, "id">>({
      type: "web_search",
      provider_id: item.id,
      query: "",
      action: { type: "other" },
    });
    this.#webSearches.set(item.id, handle);
  }

  #webSearchDone(item: ResponseItem): void {
    const found = item as { action?: unknown; id?: unknown };
    const action = (found.action ?? { type: "other" }) as Record<string, unknown>;
    const query = webSearchDetail(action);
    const id = typeof found.id === "string" ? found.id : undefined;
    const started = id === undefined ? undefined : this.#webSearches.get(id);
    if (id !== undefined) this.#webSearches.delete(id);
    if (started) started.complete({ query, action });
    else this.items.completed({ type: "web_search", ...(id ? { provider_id: id } : {}), query, action });
  }
}
