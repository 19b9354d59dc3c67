/**
 * The thread event vocabulary, exactly as Codex's `exec --json` emits it (see shared/spec/codex-formats.md
 * §1.5). Every consumer (JSONL writer, human renderer, session writer, hooks) reads this one stream. The
 * items tools emit are declared by the host (`ThreadItemTypes`).
 * @module
 */

/** Token usage, thread-cumulative, as in `turn.completed.usage`. */
export interface Usage {
  /** Input tokens. */
  input_tokens: number;
  /** Input tokens served from the prompt cache. */
  cached_input_tokens: number;
  /** Input tokens written to the prompt cache. */
  cache_write_input_tokens: number;
  /** Output tokens. */
  output_tokens: number;
  /** Output tokens spent on reasoning. */
  reasoning_output_tokens: number;
}

/** A zero usage record. */
export function emptyUsage(): Usage {
  return {
    input_tokens: 0,
    cached_input_tokens: 0,
    cache_write_input_tokens: 0,
    output_tokens: 0,
    reasoning_output_tokens: 0,
  };
}

/** Adds `b` into `a` in place and returns `a`. */
export function addUsage(a: Usage, b: Usage): Usage {
  a.input_tokens += b.input_tokens;
  a.cached_input_tokens += b.cached_input_tokens;
  a.cache_write_input_tokens += b.cache_write_input_tokens;
  a.output_tokens += b.output_tokens;
  a.reasoning_output_tokens += b.reasoning_output_tokens;
  return a;
}

/** Final assistant text of a turn. */
export interface AgentMessageItem {
  /** Identifier. */
  id: string;
  /** The item type. */
  type: "agent_message";
  /** The text. */
  text: string;
}

/** Reasoning summary text (parts joined with "\n"). */
export interface ReasoningItem {
  /** Identifier. */
  id: string;
  /** The item type. */
  type: "reasoning";
  /** The text. */
  text: string;
}

/** A non-fatal problem shown to the user (config warnings, hook failures). */
export interface ErrorItem {
  /** Identifier. */
  id: string;
  /** The item type. */
  type: "error";
  /** The message. */
  message: string;
}

/**
 * The items of a thread by type. The loop itself emits these three; the host adds the items its tools
 * emit (commands, file changes, MCP calls, plans, web searches) by declaration merging
 * (src/plugin_api/items.ts).
 */
export interface ThreadItemTypes {
  /** Final assistant text. */
  agent_message: AgentMessageItem;
  /** Reasoning summary text. */
  reasoning: ReasoningItem;
  /** A non-fatal problem. */
  error: ErrorItem;
}

/** Any item of a thread. */
export type ThreadItem = ThreadItemTypes[keyof ThreadItemTypes];

/** `Omit` applied to each member of a union. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An item before the kernel has given it an id. */
export type ItemPayload = DistributiveOmit<ThreadItem, "id">;

/** Every event of a thread, as serialized by `exec --json`. */
export type ThreadEvent =
  | { type: "thread.started"; thread_id: string }
  | { type: "turn.started" }
  | { type: "item.started"; item: ThreadItem }
  | { type: "item.updated"; item: ThreadItem }
  | { type: "item.completed"; item: ThreadItem }
  | { type: "turn.completed"; usage: Usage }
  | { type: "turn.failed"; error: { message: string } }
  | { type: "error"; message: string };

/** A consumer of thread events. */
export type EventSink = (event: ThreadEvent) => void;
