/**
 * Builds the Responses API request: the JSON body (spec §3.2) and the per-request headers (§3.1).
 * @module
 */
import type { ModelRequest, ResponseItem, ToolSpec } from "../../mod.ts";
import { ordered } from "../../lib/openai/json_fields.ts";
import type { TurnMetadata } from "./turn_metadata.ts";

/** The JSON body of `POST /responses`, in Codex's field order. `instructions` is never sent. */
export interface ResponsesRequestBody {
  model: string;
  input: ResponseItem[];
  tools: ToolSpec[];
  tool_choice: "auto";
  parallel_tool_calls: boolean;
  reasoning?: { effort?: string; summary?: string };
  store: false;
  stream: true;
  include?: string[];
  service_tier?: string;
  prompt_cache_key: string;
  text?: ModelRequest["text"];
  client_metadata?: Record<string, string>;
}

/** Maps a configured service tier to its wire value (`fast` is sent as `priority`). */
export function wireServiceTier(tier: string): string {
  return tier === "fast" ? "priority" : tier;
}

/**
 * Builds the request body for one sampling request. `metadata` adds `client_metadata`; `hostedTools`
 * (served by the API itself, e.g. `web_search`) follow the request's tools, unless it offers none (a
 * compaction request).
 */
export function buildRequestBody(
  request: ModelRequest,
  metadata?: TurnMetadata,
  hostedTools: ToolSpec[] = [],
): ResponsesRequestBody {
  const body: ResponsesRequestBody = {
    model: request.model,
    input: request.input,
    tools: request.tools.length > 0 ? [...request.tools, ...hostedTools] : request.tools,
    tool_choice: "auto",
    parallel_tool_calls: request.parallelToolCalls,
    store: false,
    stream: true,
    prompt_cache_key: request.threadId,
  };
  if (request.reasoning) {
    body.reasoning = request.reasoning;
    body.include = ["reasoning.encrypted_content"];
  }
  if (request.serviceTier) body.service_tier = wireServiceTier(request.serviceTier);
  if (request.text) body.text = request.text;
  if (metadata) body.client_metadata = metadata.clientMetadata;
  return ordered(body, FIELD_ORDER);
}

/** Key order of the serialized body: Codex 0.171's (cosmetic, but captures and gateways logs compare equal). */
const FIELD_ORDER: (keyof ResponsesRequestBody)[] = [
  "model",
  "stream",
  "input",
  "tools",
  "tool_choice",
  "parallel_tool_calls",
  "reasoning",
  "store",
  "include",
  "service_tier",
  "prompt_cache_key",
  "text",
  "client_metadata",
];
