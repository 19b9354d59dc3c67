/**
 * The agent loop. A thread keeps model-visible history; a turn sends it to the model, runs the tool
 * calls the model makes, appends their outputs and samples again until the model answers without
 * calling a tool. Everything that happens is emitted as thread events.
 * @module
 */
import type { Approver } from "./approval.ts";
import { Approvals } from "./approvals.ts";
import { describeError, ModelError } from "./errors.ts";
import { addUsage, emptyUsage, type EventSink, type Usage, type WebSearchItem } from "./events.ts";
import type { HookCommon } from "./hooks.ts";
import { uuidv7 } from "./ids.ts";
import { type ItemHandle, ItemTracker } from "./items.ts";
import type {
  ContentPart,
  MessageItem,
  ModelClient,
  ModelRequest,
  RequestMeta,
  ResponseItem,
} from "./model.ts";
import type { Registry } from "./registry.ts";
import type { SandboxRuntime } from "./sandbox.ts";
import { dispatchToolCalls, type ToolCall } from "./tool_router.ts";
import { autoCompactLimit, compactionInput, DEFAULT_COMPACT_PROMPT, rebuildHistory } from "./compaction.ts";
import { ToolStates } from "./tool_state.ts";
import {
  abortedText,
  MISSING_OUTPUT_TEXT,
  outputFor,
  repairToolPairs,
  turnAbortedMessage,
  unansweredCalls,
} from "./tool_pairs.ts";
import type { RegisteredTool, ToolSessionState } from "./tool.ts";
import type { HostConfig as Config } from "./config.ts";

/** Receives what a session file must persist (see src/session). */
export interface ThreadRecorder {
  /** Where the transcript is written (hooks get it as `transcript_path`). */
  readonly path?: string;
  /** A history item, as sent to or received from the model. */
  responseItem(item: ResponseItem): void;
  /** Per-turn context (model, cwd, policies). */
  turnContext(context: Record<string, unknown>): void;
  /** A notable event (`user_message`, `agent_message`, `token_count`, `task_complete`, …). */
  event(payload: { type: string; [k: string]: unknown }): void;
  /** A compaction: the summary and the history that replaced everything before it. */
  compacted(record: { message: string; replacement_history: ResponseItem[] }): void;
  /** The thread ended: release the file (and its writer lock). */
  close?(): void;
}

/** Everything a thread needs. */
export interface ThreadOptions {
  threadId?: string;
  registry: Registry;
  client: ModelClient;
  config: Config;
  model: string;
  cwd: string;
  sandbox: SandboxRuntime;
  approvalPolicy: string;
  /** Items that open the history (instructions, environment). */
  initialContext: ResponseItem[];
  reasoning?: ModelRequest["reasoning"];
  text?: ModelRequest["text"];
  serviceTier?: string;
  emit: EventSink;
  recorder?: ThreadRecorder;
  /** Prior history when resuming or forking (the initial context is then not added again). */
  history?: ResponseItem[];
  /** Asks a person when a tool needs approval; absent ⇒ every request is denied. */
  approver?: Approver;
  /** Thread-cumulative usage so far, when resuming. */
  usage?: Usage;
  /** Receives assistant text as it streams (interactive front ends); items still arrive as events. */
  onDelta?: (delta: string) => void;
  /** Host tags attached to every request's `meta` (installation id, thread source, trigger, …). */
  requestTags?: Record<string, string>;
  /** Whether an enabled tool is offered to `model` (the host's per-model tool set); all when absent. */
  toolOffered?: (toolName: string, model: string) => boolean;
}

/** How a turn ended. */
export interface TurnOutcome {
  status: "completed" | "failed" | "interrupted";
  /** The last assistant message of the turn, if any. */
  lastMessage: string | null;
  error?: string;
}

const MAX_STOP_CONTINUATIONS = 8;

/** Tool outputs above this many tokens are truncated unless `tool_output_token_limit` says otherwise. */
export const DEFAULT_TOOL_OUTPUT_TOKEN_LIMIT = 10_000;

function developerMessage(text: string): MessageItem {
  return { type: "message", role: "developer", content: [{ type: "input_text", text }] };
}

function messageText(item: MessageItem): string {
  return item.content.map((p) => ("text" in p ? p.text : "")).join("");
}

/** A conversation with the model. */
export class Thread {
  readonly id: string;
  readonly history: ResponseItem[];
  readonly usage: Usage;
  readonly items: ItemTracker;
  #o: ThreadOptions;
  readonly #states = new ToolStates();
  /** Input plus output tokens of the last model response (drives auto-compaction). */
  #lastResponseTokens = 0;
  readonly #approvals: Approvals;
  #window = 0;
  #contextWindowId = uuidv7();
  #turnStartedAtMs = Date.now();

  constructor(options: ThreadOptions) {
    this.#o = options;
    this.id = options.threadId ?? uuidv7();
    this.items = new ItemTracker(options.emit);
    this.history = options.history ? [...options.history] : [];
    this.usage = { ...(options.usage ?? emptyUsage()) };
    options.registry.hooks.setErrorReporter((message) => this.warn(message));
    this.#approvals = new Approvals(
      options.registry.hooks,
      options.approver,
      (name) => options.registry.tools.get(name)?.hookNames ?? [name],
    );
    if (!options.history) { for (const item of options.initialContext) this.#push(item); }
    // A saved session may end with calls that never got an output (a killed process, an older version).
    else repairToolPairs(this.history);
  }

  /** Reports a non-fatal problem as an `error` item. */
  warn(message: string): void {
    this.items.completed({ type: "error", message });
  }

  /** Hook fields common to every event of this thread. */
  hookCommon(turnId?: string): Omit<HookCommon, "hook_event_name"> {
    return {
      session_id: this.id,
      ...(turnId ? { turn_id: turnId } : {}),
      transcript_path: this.#o.recorder?.path ?? null,
      cwd: this.#o.cwd,
      model: this.#o.model,
      permission_mode: this.#o.approvalPolicy === "never" ? "bypassPermissions" : "default",
    };
  }

  /**
   * Changes settings for later turns (model, reasoning, sandbox, approval policy, and the initial context
   * a compaction restores). The caller announces changes the model should know about (`addContext`).
   */
  update(
    settings: Partial<
      Pick<ThreadOptions, "model" | "reasoning" | "sandbox" | "approvalPolicy" | "initialContext">
    >,
  ): void {
    this.#o = { ...this.#o, ...settings };
  }

  /**
   * Runs the SessionStart hooks for this thread; context they return is added to history as developer
   * messages, so the model sees it from the first turn on.
   */
  async sessionStart(source: "startup" | "resume" | "clear" | "fork"): Promise<void> {
    const start = await this.#o.registry.hooks.transform("SessionStart", {
      ...this.hookCommon(),
      hook_event_name: "SessionStart",
      source,
    });
    for (const text of start.additionalContext) this.#push(developerMessage(text));
  }

  /** Runs the SessionEnd hooks for this thread. */
  async sessionEnd(reason: string): Promise<void> {
    await this.#o.registry.hooks.observe("SessionEnd", {
      ...this.hookCommon(),
      hook_event_name: "SessionEnd",
      reason,
    });
  }

  /** The session state of plugin `owner` (what its tools see as `ctx.session`). */
  pluginState(owner: string): ToolSessionState {
    return this.#states.for(owner);
  }

  /** Appends a message the model will see next turn (e.g. the output of a user's `!command`). */
  addContext(text: string, role: "user" | "developer" = "user"): void {
    this.#push(
      role === "developer"
        ? developerMessage(text)
        : { type: "message", role, content: [{ type: "input_text", text }] },
    );
  }

  #push(item: ResponseItem): void {
    this.history.push(item);
    this.#o.recorder?.responseItem(item);
  }

  /** Runs one turn for `prompt`. Never throws for model or tool failures: they end the turn as `failed`. */
  async runTurn(
    prompt: string | ContentPart[],
    signal: AbortSignal = new AbortController().signal,
  ): Promise<TurnOutcome> {
    const o = this.#o;
    const turnId = uuidv7();
    this.#turnStartedAtMs = Date.now();
    // An `abort` answer at an approval prompt ends the turn like an interrupt.
    const approvalAbort = new AbortController();
    signal = AbortSignal.any([signal, approvalAbort.signal]);
    o.emit({ type: "turn.started" });
    o.recorder?.turnContext({
      turn_id: turnId,
      cwd: o.cwd,
      approval_policy: o.approvalPolicy,
      sandbox_policy: o.sandbox.policy,
      model: o.model,
      effort: o.reasoning?.effort,
      summary: o.reasoning?.summary,
    });
    let lastMessage: string | null = null;
    const turnStart = this.history.length;
    try {
      const parts: ContentPart[] = typeof prompt === "string"
        ? [{ type: "input_text", text: prompt }]
        : prompt;
      const textPrompt = parts.map((p) => (p.type === "input_text" ? p.text : "")).join("\n");
      const submit = await o.registry.hooks.decide("UserPromptSubmit", {
        ...this.hookCommon(turnId),
        hook_event_name: "UserPromptSubmit",
        prompt: textPrompt,
      });
      if (submit.decision === "deny") {
        return this.#fail(
          `prompt blocked by a UserPromptSubmit hook: ${submit.reason ?? "no reason given"}`,
          turnStart,
        );
      }
      const finalParts = submit.input.prompt !== textPrompt
        ? [...parts.filter((p) => p.type !== "input_text"), {
          type: "input_text" as const,
          text: submit.input.prompt,
        }]
        : parts;
      if (this.#needsCompaction()) await this.compact("auto", signal, turnId);
      this.#push({ type: "message", role: "user", content: finalParts });
      o.recorder?.event({ type: "user_message", message: submit.input.prompt });
      for (const extra of submit.additionalContext) this.#push(developerMessage(extra));

      let stopContinuations = 0;
      while (true) {
        const calls = await this.#sample(turnId, signal, (m) => (lastMessage = m));
        if (calls.length > 0) {
          const outputs = await dispatchToolCalls(calls, {
            tools: o.registry.tools,
            hooks: o.registry.hooks,
            wrappers: o.registry.toolWrappers,
            // Only tools this request offered run; any other call gets Codex's "unsupported ..." output.
            resolve: (call) => {
              const tool = o.registry.resolveTool(call);
              return tool && this.#offers(tool) ? tool : undefined;
            },
            hookCommon: this.hookCommon(turnId),
            outputTokenLimit: o.config.tool_output_token_limit ?? DEFAULT_TOOL_OUTPUT_TOKEN_LIMIT,
            contextFor: (call, tool) => ({
              callId: call.call_id,
              threadId: this.id,
              turnId,
              cwd: o.cwd,
              signal,
              items: this.items,
              sandbox: o.sandbox,
              approvalPolicy: o.approvalPolicy,
              config: o.config,
              session: this.#states.for(tool.owner),
              warn: (m) => this.warn(m),
              approve: (request) =>
                this.#approvals.request(request, {
                  hookCommon: this.hookCommon(turnId),
                  callId: call.call_id,
                  signal,
                  abortTurn: () => {
                    this.warn("turn aborted at an approval prompt");
                    approvalAbort.abort();
                  },
                }),
            }),
            signal,
          });
          for (const out of outputs) this.#push(out);
          if (signal.aborted) return this.#interrupted(turnId, turnStart, lastMessage);
          if (this.#needsCompaction()) await this.compact("auto", signal, turnId);
          continue;
        }
        const stop = await o.registry.hooks.decide("Stop", {
          ...this.hookCommon(turnId),
          hook_event_name: "Stop",
          stop_hook_active: stopContinuations > 0,
          last_assistant_message: lastMessage,
          input_messages: [submit.input.prompt],
        });
        if (stop.decision === "deny" && stop.reason && stopContinuations < MAX_STOP_CONTINUATIONS) {
          stopContinuations++;
          this.#push({ type: "message", role: "user", content: [{ type: "input_text", text: stop.reason }] });
          continue;
        }
        break;
      }
    } catch (err) {
      if (signal.aborted) return this.#interrupted(turnId, turnStart, lastMessage);
      return this.#fail(describeError(err), turnStart);
    }
    o.recorder?.event({ type: "task_complete", turn_id: turnId, last_agent_message: lastMessage });
    o.emit({ type: "turn.completed", usage: { ...this.usage } });
    return { status: "completed", lastMessage };
  }

  #fail(message: string, turnStart: number): TurnOutcome {
    this.#o.emit({ type: "error", message });
    this.#o.emit({ type: "turn.failed", error: { message } });
    this.#settle(turnStart, MISSING_OUTPUT_TEXT, [{ type: "error", message }]);
    return { status: "failed", lastMessage: null, error: message };
  }

  /** Ends an aborted turn as Codex records it: outputs for its calls, a `<turn_aborted>` note, an event. */
  #interrupted(turnId: string, turnStart: number, lastMessage: string | null): TurnOutcome {
    const event = { type: "turn_aborted", turn_id: turnId, reason: "interrupted" };
    this.#settle(turnStart, abortedText(0), [event], [turnAbortedMessage()]);
    return { status: "interrupted", lastMessage };
  }

  /**
   * Gives every call made since `turnStart` an output (`text`), then appends `items` and records `events`.
   * A failing session file (disk full) cannot stop this: the history in memory stays whole either way.
   */
  #settle(
    turnStart: number,
    text: string,
    events: { type: string; [k: string]: unknown }[],
    items: ResponseItem[] = [],
  ): void {
    const missing = unansweredCalls(this.history.slice(turnStart)).map((c) => outputFor(c, text));
    for (const item of [...missing, ...items]) {
      this.history.push(item);
      this.#tryRecord(() => this.#o.recorder?.responseItem(item));
    }
    for (const event of events) this.#tryRecord(() => this.#o.recorder?.event(event));
  }

  #tryRecord(write: () => void): void {
    try {
      write();
    } catch {
      // The write error already ended the turn and was reported; what follows is best effort.
    }
  }

  /** Whether requests offer `tool` to the model (enabled, and offered for this model). */
  #offers(t: RegisteredTool): boolean {
    return t.enabled(this.#o.config) && (this.#o.toolOffered?.(t.name, this.#o.model) ?? true);
  }

  /** One sampling request; returns the tool calls the model made. */
  async #sample(turnId: string, signal: AbortSignal, onMessage: (text: string) => void): Promise<ToolCall[]> {
    const o = this.#o;
    const tools = [...o.registry.tools.values()].filter((t) => this.#offers(t));
    repairToolPairs(this.history);
    const before = await o.registry.hooks.transform("BeforeModel", {
      ...this.hookCommon(turnId),
      hook_event_name: "BeforeModel",
      model: o.model,
      input_items: this.history.length,
    });
    const request: ModelRequest = {
      model: before.input.model,
      input: [...this.history, ...before.additionalContext.map((text) => developerMessage(text))],
      tools: tools.map((t) => t.spec),
      parallelToolCalls: true,
      reasoning: o.reasoning,
      text: o.text,
      serviceTier: o.serviceTier,
      threadId: this.id,
      turnId,
      meta: this.#meta("turn"),
    };
    const output = await this.#stream(request, signal, (item) => this.#render(item, onMessage), o.onDelta);
    for (const item of output) this.#push(item);
    return output.filter((i): i is ToolCall => i.type === "function_call" || i.type === "custom_tool_call");
  }

  #meta(kind: RequestMeta["kind"]): RequestMeta {
    const o = this.#o;
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

  /** Streams one request; returns its output items (a retried attempt's items are dropped). */
  async #stream(
    request: ModelRequest,
    signal: AbortSignal,
    onItem: (item: ResponseItem) => void,
    onDelta?: (delta: string) => void,
  ): Promise<ResponseItem[]> {
    const o = this.#o;
    let output: ResponseItem[] = [];
    let completed = false;
    for await (const ev of o.client.stream(request, signal)) {
      switch (ev.type) {
        case "retrying":
          // The failed attempt's items are discarded; the request is re-sent whole.
          output = [];
          o.emit({ type: "error", message: `Reconnecting... ${ev.attempt}/${ev.max} (${ev.reason})` });
          break;
        case "item_added":
          if (ev.item.type === "web_search_call") this.#webSearchStarted(ev.item);
          break;
        case "item_done":
          output.push(ev.item);
          onItem(ev.item);
          break;
        case "text_delta":
          onDelta?.(ev.delta);
          break;
        case "completed":
          completed = true;
          if (ev.usage) {
            this.#lastResponseTokens = ev.usage.input_tokens + ev.usage.output_tokens;
            addUsage(this.usage, ev.usage);
            o.recorder?.event({
              type: "token_count",
              info: { total_token_usage: { ...this.usage }, last_token_usage: ev.usage },
            });
          }
          break;
      }
    }
    if (!completed) {
      if (signal.aborted) throw new ModelError("interrupted");
      throw new ModelError("stream disconnected before completion: stream closed before response.completed");
    }
    return output;
  }

  /** Whether the last response's size calls for auto-compaction. */
  #needsCompaction(): boolean {
    const limit = autoCompactLimit(this.#o.config);
    return limit !== undefined && this.#lastResponseTokens >= limit;
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
    const o = this.#o;
    const common = this.hookCommon(turnId);
    const pre = await o.registry.hooks.decide("PreCompact", {
      ...common,
      hook_event_name: "PreCompact",
      trigger,
    });
    if (pre.decision === "deny") return false;
    const prompt = o.config.compact_prompt ?? DEFAULT_COMPACT_PROMPT;
    repairToolPairs(this.history);
    const request: ModelRequest = {
      model: o.model,
      input: compactionInput(this.history, prompt),
      tools: [],
      parallelToolCalls: false,
      reasoning: o.reasoning,
      serviceTier: o.serviceTier,
      threadId: this.id,
      turnId,
      meta: this.#meta("compaction"),
    };
    const output = await this.#stream(request, signal, () => {});
    const summary = output.flatMap((
      i,
    ) => (i.type === "message" && i.role === "assistant" ? [messageText(i)] : []))
      .join("\n");
    const replacement = rebuildHistory(o.initialContext, this.history, summary);
    this.#window++;
    this.#contextWindowId = uuidv7();
    this.history.splice(0, this.history.length, ...replacement);
    this.#lastResponseTokens = 0;
    o.recorder?.compacted({ message: summary, replacement_history: replacement });
    await o.registry.hooks.observe("PostCompact", { ...common, hook_event_name: "PostCompact", trigger });
    return true;
  }

  #render(item: ResponseItem, onMessage: (text: string) => void): void {
    if (item.type === "reasoning") {
      const text = item.summary.map((s) => s.text).join("\n");
      if (text) this.items.completed({ type: "reasoning", text });
    } else if (item.type === "message" && item.role === "assistant") {
      const text = messageText(item);
      onMessage(text);
      this.items.completed({ type: "agent_message", text });
      this.#o.recorder?.event({ type: "agent_message", message: text });
    } else if (item.type === "web_search_call") {
      const action = (item.action ?? { type: "other" }) as Record<string, unknown>;
      const query = webSearchDetail(action);
      const id = typeof item.id === "string" ? item.id : undefined;
      const started = id === undefined ? undefined : this.#webSearches.get(id);
      if (id !== undefined) this.#webSearches.delete(id);
      if (started) started.complete({ query, action });
      else this.items.completed({ type: "web_search", ...(id ? { provider_id: id } : {}), query, action });
    }
  }

  /** Web searches the provider has started (by its item id), completed when their item is done. */
  #webSearches = new Map<string, ItemHandle<Omit<WebSearchItem, "id">>>();

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

  /** Ends the thread: stops background processes and other tool state. */
  async dispose(): Promise<void> {
    for (const err of await this.#states.dispose()) this.warn(`tool cleanup failed: ${describeError(err)}`);
    this.#o.recorder?.close?.();
  }
}

/** What a web search item shows as its `query`: the search text, the page opened, or the pattern sought. */
function webSearchDetail(action: Record<string, unknown>): string {
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  switch (action.type) {
    case "search": {
      const queries = Array.isArray(action.queries)
        ? action.queries.filter((q) => typeof q === "string")
        : [];
      return str(action.query) ?? (queries.length > 1 ? `${queries[0]} ...` : queries[0] ?? "");
    }
    case "open_page":
      return str(action.url) ?? "";
    case "find_in_page": {
      const pattern = str(action.pattern);
      const url = str(action.url);
      if (pattern && url) return `'${pattern}' in ${url}`;
      return pattern ? `'${pattern}'` : url ?? "";
    }
    default:
      return "";
  }
}
