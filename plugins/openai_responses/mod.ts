/**
 * Built-in provider plugin for the OpenAI Responses API (HTTP + SSE), usable with any compatible
 * server (`[model_providers.<id>] wire_api = "responses"`).
 *
 * ```ts
 * import { openaiResponsesPlugin } from "./plugins/openai_responses/mod.ts";
 * ```
 * @module
 */
import { definePlugin, type Plugin, type ProviderRegistration, type ToolSpec } from "../../mod.ts";
import { webSearchTool } from "./web_search.ts";
import { createResponsesClient } from "./client.ts";
import type { ResponsesTuning } from "../../lib/openai/transport.ts";

export { createResponsesClient, ResponsesClient } from "./client.ts";
export { buildRequestBody, type ResponsesRequestBody } from "./request.ts";
export { buildHeaders } from "../../lib/openai/headers.ts";
export { backoffDelay, parseRetryAfter } from "../../lib/openai/retry.ts";
export { resolveSettings, type ResponsesSettings } from "../../lib/openai/settings.ts";
export type { ResponsesTuning } from "../../lib/openai/transport.ts";
export { webSearchMode, webSearchTool } from "./web_search.ts";

/** The provider id this plugin registers. */
export const PROVIDER_ID = "openai-responses";

/**
 * A provider registration; `tuning` (e.g. a tiny backoff) is for tests, `hostedTools` are the API's own
 * tools offered with every request (`web_search`).
 */
export function responsesProvider(
  tuning: ResponsesTuning = {},
  hostedTools: ToolSpec[] = [],
): ProviderRegistration {
  return {
    id: PROVIDER_ID,
    wire: "responses",
    create: (options) => createResponsesClient(options, tuning, hostedTools),
  };
}

/** The plugin: registers the `openai-responses` provider for the `responses` wire protocol. */
export const openaiResponsesPlugin: Plugin = definePlugin({
  name: "openai-responses",
  api: 1,
  setup(ctx) {
    const webSearch = webSearchTool(ctx.config);
    ctx.provider(responsesProvider({}, webSearch ? [webSearch] : []));
  },
});

export default openaiResponsesPlugin;
