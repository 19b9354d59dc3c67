/**
 * The per-request headers both OpenAI wires send (spec §3.1).
 * @module
 */
import type { ModelRequest } from "../../src/kernel/model.ts";
import type { ResponsesSettings } from "./settings.ts";

/**
 * Per-request headers (lower-cased): originator, user-agent, session/thread ids, accept, then the
 * provider's own headers, which may override ours. Authorization is added by the transport.
 */
export function buildHeaders(settings: ResponsesSettings, request: ModelRequest): Record<string, string> {
  return {
    "originator": settings.originator,
    "user-agent": settings.userAgent,
    "session-id": request.threadId,
    "thread-id": request.threadId,
    "x-client-request-id": request.threadId,
    "accept": "text/event-stream",
    ...settings.providerHeaders,
  };
}
