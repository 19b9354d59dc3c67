/**
 * Retry policy of the Responses provider: exponential backoff with jitter, `Retry-After` parsing and
 * the failure type that tells the stream loop whether another attempt may help.
 * @module
 */

/** Longest wait honoured from a `Retry-After` / `retry-after-ms` header or a "try again in" hint. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Default base delay of the exponential backoff (first retry waits about this long). */
export const DEFAULT_BACKOFF_BASE_MS = 200;

/** Upper bound for user-configured retry counts (matches Codex). */
export const MAX_RETRY_COUNT = 100;

/**
 * Delay before retry number `attempt` (1-based): `baseMs × 2^(attempt−1) × jitter`, jitter in [0.9, 1.1).
 * `random` is injectable for deterministic tests.
 */
export function backoffDelay(
  attempt: number,
  baseMs: number = DEFAULT_BACKOFF_BASE_MS,
  random: () => number = Math.random,
): number {
  const exp = Math.max(0, attempt - 1);
  const jitter = 0.9 + random() * 0.2;
  return Math.round(baseMs * 2 ** exp * jitter);
}

/**
 * Reads `retry-after-ms` (milliseconds) or `Retry-After` (seconds or an HTTP date) from response headers.
 * Returns the wait in milliseconds capped at `MAX_RETRY_AFTER_MS`, or undefined when absent/unparsable.
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "") {
    const value = Number(ms.trim());
    if (Number.isFinite(value) && value >= 0) return Math.min(value, MAX_RETRY_AFTER_MS);
  }
  const raw = headers.get("retry-after");
  if (raw === null || raw.trim() === "") return undefined;
  const text = raw.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
}

/**
 * Parses the delay hint of a rate-limit message ("… Please try again in 1.5s." / "in 250ms"), capped at
 * `MAX_RETRY_AFTER_MS`. Returns undefined when the message carries no hint.
 */
export function parseRetryHint(message: string): number | undefined {
  const match = /try again in\s*(\d+(?:\.\d+)?)\s*(ms|s|seconds?)\b/i.exec(message);
  if (!match) return undefined;
  const value = Number(match[1]);
  const ms = match[2].toLowerCase() === "ms" ? value : value * 1000;
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}

/** Clamps a configured retry count to [0, MAX_RETRY_COUNT], using `fallback` when unset. */
export function retryCount(value: number | undefined, fallback: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(Math.max(0, Math.floor(value)), MAX_RETRY_COUNT);
}

/**
 * One failed attempt. `retryable` says whether a stream-level retry may help; `delayMs` overrides the
 * backoff before that retry (server hint).
 */
export class AttemptFailure extends Error {
  /** Whether another attempt of the whole request may succeed. */
  readonly retryable: boolean;
  /** Server-suggested wait before the next attempt, when known. */
  readonly delayMs?: number;
  constructor(message: string, options: { retryable: boolean; delayMs?: number; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = "AttemptFailure";
    this.retryable = options.retryable;
    this.delayMs = options.delayMs;
  }
}

/** The reason an abort signal carries, as something throwable. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("The operation was aborted.", "AbortError");
}

/** Waits `ms` milliseconds; rejects with the signal's reason as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
