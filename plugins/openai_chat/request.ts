/**
 * Maps the kernel's `ModelRequest` (Responses-shaped history and tool specs) onto a Chat Completions
 * request body, and remembers how flattened tool names map back to the kernel's tools.
 * @module
 */
import type { ContentPart, JsonSchema, ModelRequest, ResponseItem, ToolSpec } from "../../mod.ts";
import { ordered } from "../../lib/openai/json_fields.ts";

/** A content part of a chat user message. */
export type ChatContentPart =
  | { type: "text"; text: string }
  | { type: "image_url"; image_url: { url: string; detail?: string } };

/** One tool call of an assistant message. `arguments` is a JSON string. */
export interface ChatToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

/** One chat message. */
export type ChatMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: string | ChatContentPart[] }
  | { role: "assistant"; content: string | null; tool_calls?: ChatToolCall[] }
  | { role: "tool"; tool_call_id: string; content: string };

/** A tool offered to the model: chat completions only knows function tools. */
export interface ChatTool {
  type: "function";
  function: { name: string; description: string; parameters: JsonSchema };
}

/** The JSON body of `POST /chat/completions`. */
export interface ChatRequestBody {
  model: string;
  messages: ChatMessage[];
  tools?: ChatTool[];
  tool_choice?: "auto";
  parallel_tool_calls?: boolean;
  reasoning_effort?: string;
  response_format?: {
    type: "json_schema";
    json_schema: { name: string; schema: JsonSchema; strict: boolean };
  };
  stream: true;
  stream_options: { include_usage: true };
}

/** What a chat-side tool name stands for on the kernel side. */
export interface ToolTarget {
  /** `function` tools come back as `function_call`, `custom` (freeform) ones as `custom_tool_call`. */
  kind: "function" | "custom";
  /** The kernel-side name (without namespace for namespaced function tools). */
  name: string;
  /** The namespace a flattened function tool belongs to. */
  namespace?: string;
}

/** Chat tool name → kernel tool. Names not in it are treated as plain function tools. */
export type ToolIndex = Map<string, ToolTarget>;

/** Separator of flattened namespace tools (`<namespace>__<name>`), as the kernel's tool router uses. */
export const NAMESPACE_SEPARATOR = "__";

function flatName(name: string, namespace?: string): string {
  return namespace ? `${namespace}${NAMESPACE_SEPARATOR}${name}` : name;
}

/** The JSON schema of a freeform tool's single `input` argument. */
export function customToolParameters(spec: Extract<ToolSpec, { type: "custom" }>): JsonSchema {
  const format = spec.format;
  const description = format?.type === "grammar"
    ? `The raw input, which must match this ${format.syntax} grammar:\n${format.definition}`
    : spec.description;
  return {
    type: "object",
    properties: { input: { type: "string", description } },
    required: ["input"],
  };
}

/** Maps tool specs to chat function tools (namespaces flattened, web_search dropped) and indexes them. */
export function mapTools(specs: ToolSpec[]): { tools: ChatTool[]; index: ToolIndex } {
  const tools: ChatTool[] = [];
  const index: ToolIndex = new Map();
  const add = (spec: ToolSpec, namespace?: string): void => {
    switch (spec.type) {
      case "function": {
        const name = flatName(spec.name, namespace);
        tools.push({
          type: "function",
          function: { name, description: spec.description, parameters: spec.parameters },
        });
        index.set(name, { kind: "function", name: spec.name, ...(namespace ? { namespace } : {}) });
        break;
      }
      case "custom": {
        const name = flatName(spec.name, namespace);
        tools.push({
          type: "function",
          function: { name, description: spec.description, parameters: customToolParameters(spec) },
        });
        // custom_tool_call has no namespace field: the flattened name is the kernel-side name.
        index.set(name, { kind: "custom", name });
        break;
      }
      case "namespace":
        for (const inner of spec.tools) add(inner, flatName(spec.name, namespace));
        break;
      default:
        // web_search and other hosted tools have no chat-completions equivalent.
        break;
    }
  };
  for (const spec of specs) add(spec);
  return { tools, index };
}

function partText(part: ContentPart): string | undefined {
  return part.type === "input_image" ? undefined : part.text;
}

/** Text of content parts (images dropped), joined with `separator`. */
function joinText(parts: ContentPart[], separator: string): string {
  return parts.map(partText).filter((t): t is string => t !== undefined).join(separator);
}

/** User content: a plain string when text-only (widest server support), else text and image parts. */
function userContent(parts: ContentPart[]): string | ChatContentPart[] {
  if (!parts.some((p) => p.type === "input_image")) return joinText(parts, "\n\n");
  return parts.map((p): ChatContentPart =>
    p.type === "input_image"
      ? { type: "image_url", image_url: { url: p.image_url, ...(p.detail ? { detail: p.detail } : {}) } }
      : { type: "text", text: p.text }
  );
}

/** A tool output as a string: content-part arrays are joined as text (images dropped). */
export function toolOutputText(output: string | ContentPart[]): string {
  return typeof output === "string" ? output : joinText(output, "\n");
}

/** Maps history items to chat messages; reasoning and unknown items are dropped. */
export function mapMessages(items: ResponseItem[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const last = (): ChatMessage | undefined => messages[messages.length - 1];
  const addCall = (call: ChatToolCall): void => {
    const prev = last();
    // Consecutive calls (and the text the model wrote just before them) form one assistant message.
    if (prev?.role === "assistant") (prev.tool_calls ??= []).push(call);
    else messages.push({ role: "assistant", content: null, tool_calls: [call] });
  };
  for (const item of items) {
    switch (item.type) {
      case "message": {
        if (item.role === "developer" || item.role === "system") {
          const text = joinText(item.content, "\n\n");
          const prev = last();
          if (prev?.role === "system") prev.content = `${prev.content}\n\n${text}`;
          else messages.push({ role: "system", content: text });
        } else if (item.role === "user") {
          messages.push({ role: "user", content: userContent(item.content) });
        } else {
          messages.push({ role: "assistant", content: joinText(item.content, "") });
        }
        break;
      }
      case "function_call":
        addCall({
          id: item.call_id,
          type: "function",
          function: { name: flatName(item.name, item.namespace), arguments: item.arguments },
        });
        break;
      case "custom_tool_call":
        addCall({
          id: item.call_id,
          type: "function",
          function: { name: item.name, arguments: JSON.stringify({ input: item.input }) },
        });
        break;
      case "function_call_output":
      case "custom_tool_call_output":
        messages.push({ role: "tool", tool_call_id: item.call_id, content: toolOutputText(item.output) });
        break;
      default:
        // reasoning (not representable), web_search_call, compaction, …: dropped.
        break;
    }
  }
  return messages;
}

/**
 * Builds the chat request body and the tool index used to map calls back. `tools`, `tool_choice` and
 * `parallel_tool_calls` are only sent when there are tools (servers reject them otherwise).
 */
export function buildChatBody(request: ModelRequest): { body: ChatRequestBody; index: ToolIndex } {
  const { tools, index } = mapTools(request.tools);
  const body: ChatRequestBody = {
    model: request.model,
    messages: mapMessages(request.input),
    stream: true,
    stream_options: { include_usage: true },
  };
  if (tools.length > 0) {
    body.tools = tools;
    body.tool_choice = "auto";
    body.parallel_tool_calls = request.parallelToolCalls;
  }
  if (request.reasoning?.effort) body.reasoning_effort = request.reasoning.effort;
  const format = request.text?.format;
  if (format?.type === "json_schema") {
    body.response_format = {
      type: "json_schema",
      json_schema: { name: format.name, schema: format.schema, strict: format.strict },
    };
  }
  return { body: ordered(body, FIELD_ORDER), index };
}

/** Key order of the serialized body (cosmetic: stable captures, Codex's order where it has one). */
const FIELD_ORDER: (keyof ChatRequestBody)[] = [
  "model",
  "messages",
  "tools",
  "tool_choice",
  "parallel_tool_calls",
  "reasoning_effort",
  "response_format",
  "stream",
  "stream_options",
];
