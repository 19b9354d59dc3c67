/**
 * Maps decoded Responses SSE events (spec §3.4) to the kernel's `ModelEvent`s, and terminal events to
 * completion or an `AttemptFailure`.
 * @module
 */
import type { ModelEvent, ResponseItem, ResponseUsage } from "../../mod.ts";
import { AttemptFailure } from "../../lib/openai/retry.ts";
import { failureFromError } from "../../lib/openai/failure.ts";
export {
  CONTEXT_WINDOW_EXCEEDED_MESSAGE,
  failureFromError,
  QUOTA_EXCEEDED_MESSAGE,
} from "../../lib/openai/failure.ts";
import type { SseData } from "../../lib/openai/sse.ts";
import { num, record, str } from "../../lib/openai/json_fields.ts";

/** What one SSE event means for the current attempt. */
export type Interpretation =
  | { kind: "event"; event: ModelEvent }
  | { kind: "completed"; event: Extract<ModelEvent, { type: "completed" }> }
  | { kind: "failure"; failure: AttemptFailure }
  | { kind: "ignored" };

/**
 * Maps Responses `usage` to the kernel's usage record (as Codex 0.171: `cache_write_input_tokens` from
 * `input_tokens_details.cache_write_tokens`); null when absent.
 */
export function mapUsage(raw: unknown): ResponseUsage | null {
  const usage = record(raw);
  if (!usage) return null;
  const inputDetails = record(usage.input_tokens_details);
  return {
    input_tokens: num(usage.input_tokens),
    cached_input_tokens: num(inputDetails?.cached_tokens),
    cache_write_input_tokens: num(inputDetails?.cache_write_tokens),
    output_tokens: num(usage.output_tokens),
    reasoning_output_tokens: num(record(usage.output_tokens_details)?.reasoning_tokens),
  };
}

function item(value: unknown): ResponseItem | undefined {
  const obj = record(value);
  return obj && typeof obj.type === "string" ? obj as unknown as ResponseItem : undefined;
}

/** Interprets one SSE event. Unknown event types (and malformed known ones) are ignored. */
export function interpretEvent(data: SseData): Interpretation {
  switch (data.type) {
    case "response.created":
      return { kind: "event", event: { type: "created" } };
    case "response.output_item.added": {
      const it = item(data.item);
      return it ? { kind: "event", event: { type: "item_added", item: it } } : { kind: "ignored" };
    }
    case "response.output_item.done": {
      const it = item(data.item);
      return it ? { kind: "event", event: { type: "item_done", item: it } } : { kind: "ignored" };
    }
    case "response.output_text.delta": {
      const delta = str(data.delta);
      return delta !== undefined
        ? { kind: "event", event: { type: "text_delta", delta } }
        : { kind: "ignored" };
    }
    case "response.reasoning_summary_text.delta": {
      const delta = str(data.delta);
      if (delta === undefined) return { kind: "ignored" };
      return {
        kind: "event",
        event: { type: "reasoning_delta", delta, summaryIndex: num(data.summary_index) },
      };
    }
    case "response.completed": {
      const response = record(data.response) ?? {};
      return {
        kind: "completed",
        event: { type: "completed", responseId: str(response.id) ?? "", usage: mapUsage(response.usage) },
      };
    }
    case "response.failed":
      return { kind: "failure", failure: failureFromError(record(data.response)?.error) };
    case "response.incomplete": {
      const reason = str(record(record(data.response)?.incomplete_details)?.reason) ?? "unknown";
      return {
        kind: "failure",
        failure: new AttemptFailure(`Incomplete response returned, reason: ${reason}`, { retryable: false }),
      };
    }
    default:
      return { kind: "ignored" };
  }
}
