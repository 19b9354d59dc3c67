/**
 * The model contract: the history items the kernel keeps (Responses API `ResponseItem`s, see
 * shared/spec/codex-formats.md §3.3), the request the kernel builds each sampling step, and the
 * normalized events a provider plugin yields while streaming.
 * @module
 */
import type { Usage } from "./events.ts";

/** A content part of a message or tool output. */
export type ContentPart =
  | { type: "input_text"; text: string }
  | { type: "input_image"; image_url: string; detail?: string }
  | { type: "output_text"; text: string; annotations?: unknown[] };

/** A chat message in history. */
export interface MessageItem {
  /** The item type. */
  type: "message";
  /** Who speaks. */
  role: "user" | "assistant" | "developer" | "system";
  /** Content parts. */
  content: ContentPart[];
  /** Identifier. */
  id?: string;
  /** Message phase (wire passthrough). */
  phase?: string;
}

/** Model reasoning, echoed back verbatim (including `encrypted_content`). */
export interface ReasoningResponseItem {
  /** The item type. */
  type: "reasoning";
  /** Identifier. */
  id?: string;
  /** Reasoning summary parts. */
  summary: { type: "summary_text"; text: string }[];
  /** Content parts. */
  content?: unknown[] | null;
  /** Opaque reasoning content to send back. */
  encrypted_content?: string | null;
}

/** A call of a JSON function tool. `arguments` is a JSON string. */
export interface FunctionCallItem {
  /** The item type. */
  type: "function_call";
  /** Identifier. */
  id?: string;
  /** The call id that links a call and its output. */
  call_id: string;
  /** Name. */
  name: string;
  /** Arguments (JSON text for function calls). */
  arguments: string;
  /** Namespace of a namespaced function tool. */
  namespace?: string;
}

/** The result of a function tool call. */
export interface FunctionCallOutputItem {
  /** The item type. */
  type: "function_call_output";
  /** The call id that links a call and its output. */
  call_id: string;
  /** The output. */
  output: string | ContentPart[];
}

/** A call of a freeform (custom) tool: `input` is raw text. */
export interface CustomToolCallItem {
  /** The item type. */
  type: "custom_tool_call";
  /** Identifier. */
  id?: string;
  /** The call id that links a call and its output. */
  call_id: string;
  /** Name. */
  name: string;
  /** The input text of a custom tool call, or the request's history. */
  input: string;
}

/** The result of a freeform tool call. */
export interface CustomToolCallOutputItem {
  /** The item type. */
  type: "custom_tool_call_output";
  /** The call id that links a call and its output. */
  call_id: string;
  /** The output. */
  output: string;
}

/** Any other item the provider returned (web_search_call, …): kept and echoed back as-is. */
export interface OpaqueResponseItem {
  /** The item type. */
  type: "web_search_call" | "local_shell_call" | "image_generation_call" | "compaction" | "other";
  /** Other wire fields, passed through. */
  [key: string]: unknown;
}

/** One entry of model-visible history. */
export type ResponseItem =
  | MessageItem
  | ReasoningResponseItem
  | FunctionCallItem
  | FunctionCallOutputItem
  | CustomToolCallItem
  | CustomToolCallOutputItem
  | OpaqueResponseItem;

/** A JSON Schema object (as produced by `z.toJSONSchema`). */
export type JsonSchema = Record<string, unknown>;

/** A tool as offered to the model (Responses API `tools[]` entry). */
export type ToolSpec =
  | { type: "function"; name: string; description: string; strict: boolean; parameters: JsonSchema }
  | {
    type: "custom";
    name: string;
    description: string;
    format?: { type: "grammar"; syntax: "lark" | "regex"; definition: string } | { type: "text" };
  }
  | { type: "namespace"; name: string; description: string; tools: ToolSpec[] }
  | { type: "web_search"; [key: string]: unknown };

/** Everything a provider needs to make one sampling request. Wire details are the provider's job. */
export interface ModelRequest {
  /** Model slug. */
  model: string;
  /** The input text of a custom tool call, or the request's history. */
  input: ResponseItem[];
  /** Tools offered to the model. */
  tools: ToolSpec[];
  /** Whether the model may call tools in parallel. */
  parallelToolCalls: boolean;
  /** Conversation identity: used for prompt_cache_key, session headers and turn metadata. */
  threadId: string;
  /** The turn id. */
  turnId: string;
}

/** Token usage of one response, in the kernel's vocabulary. */
export type ResponseUsage = Usage;

/** Normalized streaming events. Only `item_done` and `completed` are authoritative. */
export type ModelEvent =
  | { type: "created" }
  | { type: "item_added"; item: ResponseItem }
  | { type: "item_done"; item: ResponseItem }
  | { type: "text_delta"; delta: string }
  | { type: "reasoning_delta"; delta: string; summaryIndex: number }
  /** A failed attempt that will be retried: rendered as `error "Reconnecting... attempt/max (reason)"`. */
  | { type: "retrying"; attempt: number; max: number; reason: string }
  | { type: "completed"; responseId: string; usage: ResponseUsage | null };

/** A configured connection to a model service. Throws `ModelError` when a request fails for good. */
export interface ModelClient {
  /** Streams the response to `request`; aborts with `signal`. */
  stream(request: ModelRequest, signal?: AbortSignal): AsyncIterable<ModelEvent>;
}
