/**
 * Built-in provider plugin for chat-completions servers (`POST {base_url}/chat/completions`, SSE):
 * Ollama, LM Studio, vLLM, llama.cpp and other OpenAI-compatible gateways. Selected by
 * `[model_providers.<id>] wire_api = "chat"`; the built-in `ollama` and `lmstudio` providers use it.
 *
 * ```ts
 * import { openaiChatPlugin } from "./plugins/openai_chat/mod.ts";
 * ```
 * @module
 */
import { definePlugin, type Plugin, type ProviderRegistration } from "../../mod.ts";
import type { ResponsesTuning } from "../../lib/openai/transport.ts";
import { createChatClient } from "./client.ts";

export { CHAT_ENDPOINT, ChatClient, createChatClient } from "./client.ts";
export {
  buildChatBody,
  type ChatMessage,
  type ChatRequestBody,
  type ChatTool,
  customToolParameters,
  mapMessages,
  mapTools,
  type ToolIndex,
} from "./request.ts";
export { ChatStreamAssembler, customInput, mapChatUsage } from "./stream.ts";

/** The provider id this plugin registers. */
export const PROVIDER_ID = "openai-chat";

/** A provider registration; `tuning` (e.g. a tiny backoff) is for tests. */
export function chatProvider(tuning: ResponsesTuning = {}): ProviderRegistration {
  return {
    id: PROVIDER_ID,
    wire: "chat",
    create: (options) => createChatClient(options, tuning),
  };
}

/** The plugin: registers the `openai-chat` provider for the `chat` wire protocol. */
export const openaiChatPlugin: Plugin = definePlugin({
  name: "openai-chat",
  api: 1,
  setup(ctx) {
    ctx.provider(chatProvider());
  },
});

export default openaiChatPlugin;
