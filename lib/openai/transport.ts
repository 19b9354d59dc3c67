/**
 * The HTTP side of the Responses provider: one `POST /responses` through `fetch`, and the request-level
 * retry loop of spec §3.5 around it. (No HTTP SDK: the `openai` package alone is some 300 modules,
 * about a sixth of the CLI's time from spawn to the first request.)
 * @module
 */
import { portSafeFetch } from "../../lib/port_safe_fetch.ts";
import { mark } from "../startup_trace.ts";
import { http1Fetch, type Http1Init } from "./http1.ts";
import { BodyWriter } from "./body_bytes.ts";
import { abortReason, AttemptFailure, backoffDelay, parseRetryAfter, sleep } from "./retry.ts";
import type { ResponsesSettings } from "./settings.ts";

/** Knobs that tests turn down; production uses the defaults. */
export interface ResponsesTuning {
  /** Base delay of the exponential backoff in ms (default 200). */
  backoffBaseMs?: number;
  /** Random source for backoff jitter (default `Math.random`). */
  random?: () => number;
}

/** A non-2xx HTTP response, with its body read as text. The message never names the URL. */
export class HttpStatusError extends Error {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly bodyText: string;
  readonly url: string;
  constructor(status: number, statusText: string, headers: Headers, bodyText: string, url: string) {
    const line = statusLine(status, statusText);
    const detail = serverMessage(bodyText);
    super(`unexpected status ${line}${detail ? `: ${detail}` : ""}`);
    this.name = "HttpStatusError";
    this.status = status;
    this.statusText = statusText;
    this.headers = headers;
    this.bodyText = bodyText;
    this.url = url;
  }
  /** `"<code> <reason phrase>"`, e.g. `500 Internal Server Error`. */
  get line(): string {
    return statusLine(this.status, this.statusText);
  }
}

/** The request never got an HTTP response (connection refused, DNS, TLS, header timeout). */
export class TransportError extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = "TransportError";
  }
}

const REASON_PHRASES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

function statusLine(status: number, statusText: string): string {
  const reason = statusText.trim() || REASON_PHRASES[status] || "";
  return reason ? `${status} ${reason}` : String(status);
}

function oneLine(text: string, max = 500): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** The server's error message from a body: JSON `{error:{message}}` (or similar), else the raw text. */
export function serverMessage(bodyText: string): string {
  const text = bodyText.trim();
  if (text === "") return "";
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json === "object" && json !== null) {
      const obj = json as Record<string, unknown>;
      const error = obj.error;
      if (typeof error === "string") return oneLine(error);
      if (typeof error === "object" && error !== null) {
        const message = (error as Record<string, unknown>).message;
        if (typeof message === "string") return oneLine(message);
      }
      for (const key of ["message", "detail"]) {
        if (typeof obj[key] === "string") return oneLine(obj[key] as string);
      }
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return oneLine(text);
}

const CONNECTION_FAILED = "Connection failed: error sending request";

function causeChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = err;
  while (current !== undefined && current !== null && chain.length < 10 && !chain.includes(current)) {
    chain.push(current);
    current = current instanceof Error ? current.cause : undefined;
  }
  return chain;
}

/**
 * One line with the innermost (OS-level) reason a request could not be sent, worded as Codex 0.171
 * ("Connection failed: error sending request") plus that reason; never the URL. `timedOut`: the wait
 * for the response headers ran out (`timeoutMs`).
 */
export function describeTransportError(err: unknown, timeoutMs: number, timedOut = false): string {
  if (timedOut) return `${CONNECTION_FAILED}: timed out after ${timeoutMs} ms waiting for response headers`;
  const chain = causeChain(err);
  const deepest = chain[chain.length - 1];
  let detail = deepest instanceof Error ? deepest.message : String(deepest);
  detail = detail.replace(/^error sending request for url \([^)]*\):\s*/, "").replace(
    /^client error \([^)]*\):\s*/,
    "",
  );
  return `${CONNECTION_FAILED}: ${oneLine(detail)}`;
}

/**
 * The model requests' fetch: the HTTP/1.1 client, with fetch (through node:http for bad ports, loaded
 * only then) for what it leaves aside.
 */
const modelFetch = http1Fetch(portSafeFetch);

/** `fetch` for one attempt: turns non-2xx responses into `HttpStatusError` with the body read. */
async function statusFetch(input: string | URL | Request, init?: Http1Init): Promise<Response> {
  const response = await modelFetch(input, init);
  if (response.ok) return response;
  const bodyText = await response.text().catch(() => "");
  const url = input instanceof Request ? input.url : String(input);
  throw new HttpStatusError(response.status, response.statusText, response.headers, bodyText, url);
}

/** Whether a failed fetch timed out (our header timer fired, or the OS reported a timeout). */
function isTimeout(err: unknown, timer: AbortSignal): boolean {
  if (timer.aborted) return true;
  return causeChain(err).some((e) => /timed? ?out/i.test(e instanceof Error ? e.message : String(e)));
}

/**
 * Sends `POST /responses` with request-level retries; yields the streaming `Response` on success. The
 * body is any JSON object, so other wire protocols (chat completions) reuse it with their own URL.
 */
export class ResponsesTransport {
  #settings: ResponsesSettings;
  #tuning: ResponsesTuning;
  /** Writes bodies as they are sent, keeping only the history items' lengths (see `BodyWriter`). */
  #writer = new BodyWriter();

  constructor(settings: ResponsesSettings, tuning: ResponsesTuning = {}) {
    this.#settings = settings;
    this.#tuning = tuning;
  }

  /** Backoff before retry `attempt` (1-based), honouring the tuning. */
  backoff(attempt: number): number {
    return backoffDelay(attempt, this.#tuning.backoffBaseMs, this.#tuning.random);
  }

  /**
   * One attempt, the JSON `body` written as it is sent (`BodyWriter`): `authorization` (when there is a
   * key) and `content-type: application/json`, overlaid with `headers`; `stream_idle_timeout_ms` bounds
   * the wait for the response headers (and an error body). Throws `HttpStatusError`, `TransportError`, or
   * the abort reason.
   */
  async sendOnce(
    body: object,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<Response> {
    mark("request sent");
    const timeoutMs = this.#settings.streamIdleTimeoutMs;
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(), timeoutMs);
    const requestHeaders = new Headers();
    const apiKey = this.#settings.apiKey;
    if (apiKey !== undefined) requestHeaders.set("authorization", `Bearer ${apiKey}`);
    requestHeaders.set("content-type", "application/json");
    for (const [name, value] of Object.entries(headers)) requestHeaders.set(name, value);
    try {
      const response = await statusFetch(this.#settings.url, {
        method: "POST",
        headers: requestHeaders,
        sizedBody: this.#writer.write(body),
        signal: signal ? AbortSignal.any([signal, timer.signal]) : timer.signal,
      });
      if (!response.body) {
        throw new TransportError(`${CONNECTION_FAILED}: the response has no body`, undefined);
      }
      return response;
    } catch (err) {
      if (signal?.aborted) throw abortReason(signal);
      if (err instanceof HttpStatusError || err instanceof TransportError) throw err;
      throw new TransportError(
        describeTransportError(err, timeoutMs, isTimeout(err, timer.signal)),
        err,
      );
    } finally {
      clearTimeout(timeout);
    }
  }

  /**
   * Sends with request-level retries as Codex 0.171 does: only 5xx and transport errors are retried
   * here (up to `request_max_retries`, with backoff). Every other status fails the attempt at once; see
   * `statusFailure` for which of those the stream level may retry. Throws `AttemptFailure` or the abort
   * reason.
   */
  async send(
    body: object,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<Response> {
    const max = this.#settings.requestMaxRetries;
    for (let retry = 0;; retry++) {
      try {
        return await this.sendOnce(body, headers, signal);
      } catch (err) {
        if (signal?.aborted) throw abortReason(signal);
        const more = retry < max;
        if (err instanceof HttpStatusError && err.status >= 500) {
          if (!more) throw new AttemptFailure(HIGH_DEMAND, { retryable: true, cause: err });
        } else if (err instanceof HttpStatusError) {
          throw statusFailure(err);
        } else if (err instanceof TransportError) {
          if (!more) throw new AttemptFailure(err.message, { retryable: true, cause: err });
        } else {
          throw err;
        }
      }
      await sleep(this.backoff(retry + 1), signal);
    }
  }
}

/** What Codex 0.171 shows once 5xx answers exhausted the request-level retries. */
export const HIGH_DEMAND = "We\u2019re currently experiencing high demand, which may cause temporary errors.";

/**
 * The attempt failure for a non-5xx status, as Codex 0.171 classifies it: 429 is retried at stream
 * level only when the server says when (`Retry-After`), else the turn fails after one request; 400 is
 * fatal and shows the server's body verbatim; any other status (401, 403, 404, …) is retried at stream
 * level with `unexpected status <code> <reason>: <server message>` (Codex also appends the URL; we never
 * show it).
 */
export function statusFailure(err: HttpStatusError): AttemptFailure {
  if (err.status === 429) {
    const delayMs = parseRetryAfter(err.headers);
    return new AttemptFailure(`exceeded retry limit, last status: ${err.line}`, {
      retryable: delayMs !== undefined,
      delayMs,
      cause: err,
    });
  }
  if (err.status === 400) {
    return new AttemptFailure(err.bodyText.trim() || err.message, { retryable: false, cause: err });
  }
  return new AttemptFailure(err.message, { retryable: true, cause: err });
}
