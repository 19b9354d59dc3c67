/**
 * The agent loop. A thread keeps model-visible history; a turn sends it to the model, runs the tool
 * calls the model makes, appends their outputs and samples again until the model answers without
 * calling a tool. Everything that happens is emitted as thread events.
 * @module
 */
import { CodexError, describeError } from "./errors.ts";
import { addUsage, emptyUsage, type EventSink, type Usage } from "./events.ts";
import { uuidv7 } from "./ids.ts";
import { ItemTracker } from "./items.ts";
import type {
  ContentPart,
  MessageItem,
  ModelClient,
  ModelEvent,
  ModelRequest,
  ResponseItem,
} from "./model.ts";
import type { Registry } from "./registry.ts";
import { dispatchToolCalls, type ToolCall } from "./tool_router.ts";
import { abortedText, MISSING_OUTPUT_TEXT, outputFor, unansweredCalls } from "./tool_pairs.ts";
import type { RegisteredTool, ToolContextExtensions } from "./tool.ts";
import type { ToolWrapper } from "./tool_middleware.ts";
import type { HostConfig as Config } from "./config.ts";

/** What a session file persists: a history item, or a notable event (`user_message`, `task_complete`, …). */
export type RecordEntry = { item: ResponseItem } | { event: { type: string; [k: string]: unknown } };

/** Everything a thread needs. */
export interface ThreadOptions {
  threadId?: string;
  registry: Registry;
  client: ModelClient;
  config: Config;
  model: string;
  cwd: string;
  /** Items that open the history of a new thread (instructions, environment). */
  initialContext: ResponseItem[];
  emit: EventSink;
  /** Prior history when resuming or forking (the initial context is then not added again). */
  history?: ResponseItem[];
  /** Thread-cumulative usage so far, when resuming. */
  usage?: Usage;
  /** Receives assistant text as it streams (interactive front ends); items still arrive as events. */
  onDelta?: (delta: string) => void;
}

/** What the host's part of a tool context is built from (see `Thread.toolContext`). */
export interface ToolScope {
  /** The turn id. */
  turnId: string;
  /** The model's call id. */
  callId: string;
  /** The tool called. */
  tool: RegisteredTool;
  /** The turn's signal. */
  signal: AbortSignal;
  /** Ends the turn like an interrupt (e.g. an `abort` answer at an approval prompt). */
  abortTurn(): void;
}

/** What the host decided about a turn's prompt (see `Thread.turnStarted`). */
export interface SubmitOutcome {
  /** Why the prompt is blocked: the turn fails with this reason. */
  blocked?: string;
  /** The prompt to send (possibly rewritten). */
  prompt: string;
  /** Developer context added after the prompt. */
  context: string[];
}

/** How a turn ended. */
export interface TurnOutcome {
  status: "completed" | "failed" | "interrupted";
  /** The last assistant message of the turn, if any. */
  lastMessage: string | null;
  error?: string;
}

const MAX_STOP_CONTINUATIONS = 8;

function developerMessage(text: string): MessageItem {
  return { type: "message", role: "developer", content: [{ type: "input_text", text }] };
}

function messageText(item: MessageItem): string {
  return item.content.map((p) => ("text" in p ? p.text : "")).join("");
}

/**
 * A conversation with the model. The host subclasses it: its hook points (`record`, `turnStarted`,
 * `checkpoint`, `beforeModel`, `modelEvent`, `stopping`, `interrupted`) are where it runs its hooks,
 * compaction and request metadata and writes the session file, and `toolContext` adds its part of every
 * tool context.
 */
export abstract class Thread {
  readonly id: string;
  readonly history: ResponseItem[];
  readonly usage: Usage;
  readonly items: ItemTracker;
  #o: ThreadOptions;
  /** The tools the last request offered; a call to any other gets Codex's "unsupported ..." output. */
  #offered: ModelRequest["tools"] = [];
  constructor(options: ThreadOptions) {
    this.#o = options;
    this.id = options.threadId ?? uuidv7();
    this.items = new ItemTracker(options.emit);
    this.usage = { ...(options.usage ?? emptyUsage()) };
    options.registry.hooks.setErrorReporter((message) => this.warn(message));
    // Not recorded here (a subclass is not set up yet): the host records the history it starts with.
    this.history = options.history ? [...options.history] : [...options.initialContext];
  }

  /** Reports a non-fatal problem as an `error` item. */
  warn(message: string): void {
    this.items.completed({ type: "error", message });
  }

  /** The thread's current settings. */
  get options(): Readonly<ThreadOptions> {
    return this.#o;
  }

  /** Changes the model for later turns. */
  update(settings: Partial<Pick<ThreadOptions, "model">>): void {
    this.#o = { ...this.#o, ...settings };
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
    this.record({ item });
  }

  /** The host's part of the context of one tool call (see `ToolContextExtensions`). */
  protected abstract toolContext(scope: ToolScope): ToolContextExtensions;

  /** Tool wrappers that run outside the plugins' ones (outermost first); none by default. */
  protected toolWrappers(): readonly ToolWrapper[] {
    return [];
  }

  /**
   * Hook point: what the session file must persist, from the first turn on (the history a thread starts
   * with is not passed here). A write that throws fails the turn.
   */
  protected record(_entry: RecordEntry): void {}

  /**
   * Hook point: a turn started (`turn.started` is emitted) with `prompt`, before the prompt joins history.
   * Default: sent as it is.
   */
  protected turnStarted(_turnId: string, prompt: string): Promise<SubmitOutcome> {
    return Promise.resolve({ prompt, context: [] });
  }

  /** Hook point: before the prompt joins history and after each round of tool outputs (e.g. to compact). */
  protected checkpoint(_turnId: string, _signal: AbortSignal): Promise<void> {
    return Promise.resolve();
  }

  /** Hook point: a turn's request before it is sent; returns the request to send. Default: as it is. */
  protected beforeModel(_turnId: string, request: ModelRequest): Promise<ModelRequest> {
    return Promise.resolve(request);
  }

  /** Hook point: every event a model stream yields, after the thread handled it. */
  protected modelEvent(_event: ModelEvent, _request: ModelRequest): void {}

  /** Hook point: items appended to history after an interrupted turn's outputs (e.g. a note for the model). */
  protected interrupted(_turnId: string): ResponseItem[] {
    return [];
  }

  /**
   * Hook point: the model answered without calling a tool. Text returned continues the turn as the next
   * user message (at most 8 times in a row); undefined ends the turn.
   */
  protected stopping(
    _turnId: string,
    _state: { active: boolean; lastMessage: string | null; prompt: string },
  ): Promise<string | undefined> {
    return Promise.resolve(undefined);
  }

  /** Runs one turn for `prompt`. Never throws for model or tool failures: they end the turn as `failed`. */
  async runTurn(
    prompt: string | ContentPart[],
    signal: AbortSignal = new AbortController().signal,
  ): Promise<TurnOutcome> {
    const o = this.#o;
    const turnId = uuidv7();
    // The host may end the turn like an interrupt (an `abort` answer at an approval prompt).
    const turnAbort = new AbortController();
    signal = AbortSignal.any([signal, turnAbort.signal]);
    o.emit({ type: "turn.started" });
    let lastMessage: string | null = null;
    const turnStart = this.history.length;
    try {
      const parts: ContentPart[] = typeof prompt === "string"
        ? [{ type: "input_text", text: prompt }]
        : prompt;
      const textPrompt = parts.map((p) => (p.type === "input_text" ? p.text : "")).join("\n");
      const submit = await this.turnStarted(turnId, textPrompt);
      if (submit.blocked !== undefined) return this.#fail(submit.blocked, turnStart);
      const finalParts = submit.prompt !== textPrompt
        ? [...parts.filter((p) => p.type !== "input_text"), {
          type: "input_text" as const,
          text: submit.prompt,
        }]
        : parts;
      await this.checkpoint(turnId, signal);
      this.#push({ type: "message", role: "user", content: finalParts });
      this.record({ event: { type: "user_message", message: submit.prompt } });
      for (const extra of submit.context) this.#push(developerMessage(extra));

      let stopContinuations = 0;
      while (true) {
        const calls = await this.#sample(turnId, signal, (m) => (lastMessage = m));
        if (calls.length > 0) {
          const outputs = await dispatchToolCalls(calls, {
            tools: o.registry.tools,
            wrappers: [...this.toolWrappers(), ...o.registry.toolWrappers],
            resolve: (call) => {
              const tool = o.registry.resolveTool(call);
              return tool && this.#offered.includes(tool.spec) ? tool : undefined;
            },
            contextFor: (call, tool) => ({
              ...this.toolContext({
                turnId,
                callId: call.call_id,
                tool,
                signal,
                abortTurn: () => turnAbort.abort(),
              }),
              callId: call.call_id,
              threadId: this.id,
              turnId,
              cwd: o.cwd,
              signal,
              items: this.items,
              config: o.config,
              warn: (m) => this.warn(m),
            }),
            signal,
          });
          for (const out of outputs) this.#push(out);
          if (signal.aborted) return this.#interrupted(turnId, turnStart, lastMessage);
          await this.checkpoint(turnId, signal);
          continue;
        }
        const more = await this.stopping(turnId, {
          active: stopContinuations > 0,
          lastMessage,
          prompt: submit.prompt,
        });
        if (more !== undefined && stopContinuations < MAX_STOP_CONTINUATIONS) {
          stopContinuations++;
          this.#push({ type: "message", role: "user", content: [{ type: "input_text", text: more }] });
          continue;
        }
        break;
      }
    } catch (err) {
      if (signal.aborted) return this.#interrupted(turnId, turnStart, lastMessage);
      return this.#fail(describeError(err), turnStart);
    }
    this.record({ event: { type: "task_complete", turn_id: turnId, last_agent_message: lastMessage } });
    o.emit({ type: "turn.completed", usage: { ...this.usage } });
    return { status: "completed", lastMessage };
  }

  #fail(message: string, turnStart: number): TurnOutcome {
    this.#o.emit({ type: "error", message });
    this.#o.emit({ type: "turn.failed", error: { message } });
    this.#settle(turnStart, MISSING_OUTPUT_TEXT, [{ type: "error", message }]);
    return { status: "failed", lastMessage: null, error: message };
  }

  /** Ends an aborted turn as Codex records it: outputs for its calls, the host's note, an event. */
  #interrupted(turnId: string, turnStart: number, lastMessage: string | null): TurnOutcome {
    const event = { type: "turn_aborted", turn_id: turnId, reason: "interrupted" };
    this.#settle(turnStart, abortedText(0), [event], this.interrupted(turnId));
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
      this.#tryRecord({ item });
    }
    for (const event of events) this.#tryRecord({ event });
  }

  #tryRecord(entry: RecordEntry): void {
    try {
      this.record(entry);
    } catch {
      // The write error already ended the turn and was reported; what follows is best effort.
    }
  }

  /** One sampling request; returns the tool calls the model made. */
  async #sample(turnId: string, signal: AbortSignal, onMessage: (text: string) => void): Promise<ToolCall[]> {
    const o = this.#o;
    const request = await this.beforeModel(turnId, {
      model: o.model,
      input: [...this.history],
      tools: [...o.registry.tools.values()].filter((t) => t.enabled(o.config)).map((t) => t.spec),
      parallelToolCalls: true,
      threadId: this.id,
      turnId,
    });
    this.#offered = request.tools;
    const output = await this.stream(request, signal, (item) => this.#render(item, onMessage), o.onDelta);
    for (const item of output) this.#push(item);
    return output.filter((i): i is ToolCall => i.type === "function_call" || i.type === "custom_tool_call");
  }

  /**
   * Streams one request; returns its output items (a retried attempt's items are dropped). Its usage
   * counts toward the thread's.
   */
  async stream(
    request: ModelRequest,
    signal: AbortSignal,
    onItem: (item: ResponseItem) => void = () => {},
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
        case "item_done":
          output.push(ev.item);
          onItem(ev.item);
          break;
        case "text_delta":
          onDelta?.(ev.delta);
          break;
        case "completed":
          completed = true;
          if (ev.usage) addUsage(this.usage, ev.usage);
          break;
      }
      this.modelEvent(ev, request);
    }
    if (!completed) {
      if (signal.aborted) throw new CodexError("interrupted");
      throw new CodexError("stream disconnected before completion: stream closed before response.completed");
    }
    return output;
  }

  #render(item: ResponseItem, onMessage: (text: string) => void): void {
    if (item.type === "reasoning") {
      const text = item.summary.map((s) => s.text).join("\n");
      if (text) this.items.completed({ type: "reasoning", text });
    } else if (item.type === "message" && item.role === "assistant") {
      const text = messageText(item);
      onMessage(text);
      this.items.completed({ type: "agent_message", text });
      this.record({ event: { type: "agent_message", message: text } });
    }
  }
}
