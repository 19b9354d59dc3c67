/**
 * Classifies an OpenAI stream error object (Responses `response.failed` or a Chat error chunk) into an
 * `AttemptFailure` that says whether to retry.
 * @module
 */
import { AttemptFailure, parseRetryHint } from "./retry.ts";
import { record, str } from "./json_fields.ts";

/** Message Codex shows when the context window is exceeded. */
export const CONTEXT_WINDOW_EXCEEDED_MESSAGE =
  "Codex ran out of room in the model's context window. Start a new thread or clear earlier history before retrying.";
/** Message Codex shows when the account is out of quota. */
export const QUOTA_EXCEEDED_MESSAGE = "Quota exceeded. Check your plan and billing details.";

/** Classifies the `response.error` of a `response.failed` event. */
export function failureFromError(raw: unknown): AttemptFailure {
  const error = record(raw) ?? {};
  const code = str(error.code) ?? str(error.type);
  const message = str(error.message) ?? "response.failed event received";
  switch (code) {
    case "context_length_exceeded":
      return new AttemptFailure(CONTEXT_WINDOW_EXCEEDED_MESSAGE, { retryable: false, cause: error });
    case "insufficient_quota":
      return new AttemptFailure(QUOTA_EXCEEDED_MESSAGE, { retryable: false, cause: error });
    case "invalid_prompt":
      return new AttemptFailure(message, { retryable: false, cause: error });
    default:
      return new AttemptFailure(`stream disconnected before completion: ${message}`, {
        retryable: true,
        delayMs: code === "rate_limit_exceeded" ? parseRetryHint(message) : undefined,
        cause: error,
      });
  }
}
