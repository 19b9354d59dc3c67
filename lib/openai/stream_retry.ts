/**
 * The stream-level retry loop shared by the Responses and Chat Completions clients (spec §3.5): each
 * failed attempt that may be retried (disconnect, idle timeout, retryable server error, exhausted
 * request-level retries) yields a `retrying` event and re-sends the whole request after a backoff.
 * @module
 */
import { ModelError } from "../../src/plugin_api/errors.ts";
import type { ModelEvent } from "../../src/kernel/model.ts";
import { abortReason, AttemptFailure, sleep } from "./retry.ts";
import { SseIdleTimeout } from "./sse.ts";
import type { ResponsesTransport } from "./transport.ts";

const IDLE_TIMEOUT = "stream disconnected before completion: idle timeout waiting for SSE";

/** What one attempt needs. */
export interface StreamAttempt {
  transport: ResponsesTransport;
  body: object;
  headers: Record<string, string>;
  /** `stream_max_retries`. */
  maxRetries: number;
  signal?: AbortSignal;
  /** Yields one response's events; returns once the response is complete, else throws. */
  consume(response: Response): AsyncGenerator<ModelEvent>;
}

/**
 * Streams with retries. Throws `ModelError` (the last failure's message) when retries are exhausted or
 * the failure is fatal, and the signal's abort reason when aborted.
 */
export async function* streamWithRetries(a: StreamAttempt): AsyncGenerator<ModelEvent> {
  for (let attempt = 0;; attempt++) {
    let failure: AttemptFailure;
    try {
      const response = await a.transport.send(a.body, a.headers, a.signal);
      yield* a.consume(response);
      return;
    } catch (err) {
      if (a.signal?.aborted) throw abortReason(a.signal);
      if (!(err instanceof AttemptFailure)) throw err;
      failure = err;
    }
    if (!failure.retryable || attempt >= a.maxRetries) {
      throw new ModelError(failure.message, {
        retryable: failure.retryable,
        cause: failure.cause ?? failure,
      });
    }
    yield { type: "retrying", attempt: attempt + 1, max: a.maxRetries, reason: failure.message };
    await sleep(failure.delayMs ?? a.transport.backoff(attempt + 1), a.signal);
  }
}

/** Turns an error thrown while reading a response body into the attempt failure to retry. */
export function readFailure(err: unknown, signal?: AbortSignal): unknown {
  if (err instanceof AttemptFailure) return err;
  if (signal?.aborted) return abortReason(signal);
  if (err instanceof SseIdleTimeout) return new AttemptFailure(IDLE_TIMEOUT, { retryable: true, cause: err });
  const message = err instanceof Error ? err.message : String(err);
  return new AttemptFailure(`stream disconnected before completion: ${message}`, {
    retryable: true,
    cause: err,
  });
}
