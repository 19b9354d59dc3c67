/**
 * The per-request headers both OpenAI wires send (spec §3.1).
 * @module
 */
import type { ModelRequest } from "../../src/kernel/model.ts";
import type { ResponsesSettings } from "./settings.ts";

/**
 * Per-request headers (lower-cased): originator, user-agent, session/thread ids, the wire's `extra`
 * metadata headers (e.g. Codex's `x-codex-turn-metadata`), accept, then the provider's own headers, which
 * may override ours. Authorization is added by the transport.
 */
export function buildHeaders(
  settings: ResponsesSettings,
  request: ModelRequest,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    "originator": settings.originator,
    "user-agent": settings.userAgent,
    "session-id": request.threadId,
    "thread-id": request.threadId,
    "x-client-request-id": request.threadId,
    ...extra,
    "accept": "text/event-stream",
    ...settings.providerHeaders,
  };
}
