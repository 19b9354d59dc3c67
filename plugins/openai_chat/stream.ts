/**
 * Assembles a Chat Completions SSE stream (`chat.completion.chunk` payloads ending with `[DONE]`) into
 * the kernel's `ModelEvent`s: deltas as they arrive, then the authoritative items and `completed`.
 * @module
 */
import type { ModelEvent, ResponseItem, ResponseUsage } from "../../mod.ts";
import { failureFromError } from "../../lib/openai/failure.ts";
import { AttemptFailure } from "../../lib/openai/retry.ts";
import type { ToolIndex } from "./request.ts";
import { num, record, str } from "../../lib/openai/json_fields.ts";

/** The `data` payload that ends a chat-completions stream. */
export const DONE_PAYLOAD = "[DONE]";

/** Maps chat-completions `usage` to the kernel's usage record; null when absent. */
export function mapChatUsage(raw: unknown): ResponseUsage | null {
  const usage = record(raw);
  if (!usage) return null;
  return {
    input_tokens: num(usage.prompt_tokens),
    cached_input_tokens: num(record(usage.prompt_tokens_details)?.cached_tokens),
    cache_write_input_tokens: 0,
    output_tokens: num(usage.completion_tokens),
    reasoning_output_tokens: num(record(usage.completion_tokens_details)?.reasoning_tokens),
  };
}

/** Finish reasons that mean the answer was cut off, with the reason reported (as Responses words it). */
const INCOMPLETE_REASONS: Record<string, string> = {
  length: "max_output_tokens",
  content_filter: "content_filter",
};

/** A tool call being assembled from deltas. */
interface PendingCall {
  id?: string;
  name: string;
  args: string;
}

/** What one payload means: events to yield now, and whether it was the `[DONE]` terminator. */
export interface ChunkResult {
  events: ModelEvent[];
  done: boolean;
}

/**
 * Accumulates one response. `push` each SSE `data` payload (throws `AttemptFailure` for an error
 * object); after `[DONE]` (or a stream end following a `finish_reason`) call `finish` for the items.
 */
export class ChatStreamAssembler {
  #index: ToolIndex;
  #newCallId: () => string;
  #started = false;
  #responseId = "";
  #text = "";
  #reasoning = "";
  #calls = new Map<string | number, PendingCall>();
  #lastKey: string | number | undefined;
  #anonymous = 0;
  #usage: ResponseUsage | null = null;
  #finishReason: string | undefined;

  /** `newCallId` names tool calls the server sent without an id. */
  constructor(index: ToolIndex, newCallId: () => string) {
    this.#index = index;
    this.#newCallId = newCallId;
  }

  /** The last `finish_reason` seen, if any. */
  get finishReason(): string | undefined {
    return this.#finishReason;
  }

  /** Takes one `data` payload. Unparsable payloads are skipped; `{"error": …}` throws `AttemptFailure`. */
  push(payload: string): ChunkResult {
    if (payload.trim() === DONE_PAYLOAD) return { events: [], done: true };
    let value: unknown;
    try {
      value = JSON.parse(payload);
    } catch {
      return { events: [], done: false };
    }
    const chunk = record(value);
    if (!chunk) return { events: [], done: false };
    if (chunk.error !== undefined && chunk.error !== null) {
      const error = typeof chunk.error === "string" ? { message: chunk.error } : chunk.error;
      throw failureFromError(error);
    }
    const events: ModelEvent[] = [];
    if (!this.#started) {
      this.#started = true;
      events.push({ type: "created" });
    }
    this.#responseId ||= str(chunk.id) ?? "";
    const usage = mapChatUsage(chunk.usage);
    if (usage) this.#usage = usage;
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    for (const raw of choices) {
      const choice = record(raw);
      if (!choice || num(choice.index) !== 0) continue;
      this.#delta(record(choice.delta), events);
      const finish = str(choice.finish_reason);
      if (finish) this.#finishReason = finish;
    }
    return { events, done: false };
  }

  #delta(delta: Record<string, unknown> | undefined, events: ModelEvent[]): void {
    if (!delta) return;
    const reasoning = str(delta.reasoning_content) ?? str(delta.reasoning);
    if (reasoning) {
      this.#reasoning += reasoning;
      events.push({ type: "reasoning_delta", delta: reasoning, summaryIndex: 0 });
    }
    const content = str(delta.content);
    if (content) {
      this.#text += content;
      events.push({ type: "text_delta", delta: content });
    }
    if (Array.isArray(delta.tool_calls)) {
      for (const raw of delta.tool_calls) {
        const call = record(raw);
        if (call) this.#toolCallDelta(call);
      }
    }
  }

  /** Picks the pending call a delta belongs to: by `index`, else by `id`, else a new or the last one. */
  #keyFor(call: Record<string, unknown>, id: string | undefined, name: string | undefined): string | number {
    if (typeof call.index === "number") return call.index;
    if (id) {
      for (const [key, pending] of this.#calls) if (pending.id === id) return key;
    }
    if (id || name || this.#lastKey === undefined) return `anonymous_${this.#anonymous++}`;
    return this.#lastKey;
  }

  #toolCallDelta(call: Record<string, unknown>): void {
    const fn = record(call.function) ?? {};
    const id = str(call.id) || undefined;
    const name = str(fn.name) || undefined;
    const key = this.#keyFor(call, id, name);
    let pending = this.#calls.get(key);
    if (!pending) {
      pending = { name: "", args: "" };
      this.#calls.set(key, pending);
    }
    this.#lastKey = key;
    if (id && !pending.id) pending.id = id;
    // Names normally arrive whole in the first delta; some servers repeat them, a few split them.
    if (name && pending.name !== name) pending.name += name;
    if (typeof fn.arguments === "string") pending.args += fn.arguments;
    else if (record(fn.arguments)) pending.args = JSON.stringify(fn.arguments);
  }

  #callItem(call: PendingCall): ResponseItem {
    const callId = call.id ?? this.#newCallId();
    const target = this.#index.get(call.name);
    if (target?.kind === "custom") {
      return { type: "custom_tool_call", call_id: callId, name: target.name, input: customInput(call.args) };
    }
    return {
      type: "function_call",
      call_id: callId,
      name: target?.name ?? call.name,
      arguments: call.args.trim() === "" ? "{}" : call.args,
      ...(target?.namespace ? { namespace: target.namespace } : {}),
    };
  }

  /**
   * The items of the finished response, then `completed`. Throws a non-retryable `AttemptFailure` when
   * the server cut the answer off (`finish_reason` `length` or `content_filter`).
   */
  finish(): ModelEvent[] {
    const incomplete = this.#finishReason ? INCOMPLETE_REASONS[this.#finishReason] : undefined;
    if (incomplete) {
      throw new AttemptFailure(`Incomplete response returned, reason: ${incomplete}`, { retryable: false });
    }
    const events: ModelEvent[] = [];
    if (this.#reasoning !== "") {
      events.push({
        type: "item_done",
        item: { type: "reasoning", summary: [{ type: "summary_text", text: this.#reasoning }] },
      });
    }
    if (this.#text.trim() !== "") {
      events.push({
        type: "item_done",
        item: {
          type: "message",
          role: "assistant",
          content: [{ type: "output_text", text: this.#text, annotations: [] }],
        },
      });
    }
    const ordered = [...this.#calls.entries()].sort(([a], [b]) =>
      typeof a === "number" && typeof b === "number" ? a - b : 0
    );
    for (const [, call] of ordered) events.push({ type: "item_done", item: this.#callItem(call) });
    events.push({ type: "completed", responseId: this.#responseId, usage: this.#usage });
    return events;
  }
}

/** A freeform tool's raw input from its `{"input": "…"}` arguments; the raw text when not that shape. */
export function customInput(args: string): string {
  try {
    const parsed = record(JSON.parse(args));
    if (parsed && typeof parsed.input === "string") return parsed.input;
  } catch {
    // not JSON: the model wrote the input directly
  }
  return args;
}
