/**
 * The Responses `ModelClient`: sends a request, turns its SSE stream into `ModelEvent`s, and retries
 * the whole request at stream level (spec §3.5) on disconnects, idle timeouts, retryable
 * `response.failed` events and exhausted request-level retries.
 * @module
 */
import type { ModelClient, ModelEvent, ModelRequest, ProviderCreateOptions, ToolSpec } from "../../mod.ts";
import { interpretEvent } from "./events.ts";
import { buildRequestBody } from "./request.ts";
import { buildHeaders } from "../../lib/openai/headers.ts";
import { AttemptFailure } from "../../lib/openai/retry.ts";
import { readFailure, streamWithRetries } from "../../lib/openai/stream_retry.ts";
import { resolveSettings, type ResponsesSettings } from "../../lib/openai/settings.ts";
import { readSseBatches } from "../../lib/openai/sse.ts";
import { ResponsesTransport, type ResponsesTuning } from "../../lib/openai/transport.ts";
import { turnMetadata, workspaceHasChanges } from "./turn_metadata.ts";

const CLOSED_EARLY = "stream disconnected before completion: stream closed before response.completed";

/**
 * A client for one configured Responses provider.
 *
 * Events of a failed attempt may already have been yielded when a `retrying` event arrives; the
 * consumer must discard that attempt's partial output, since the request is re-sent whole.
 */
export class ResponsesClient implements ModelClient {
  readonly settings: ResponsesSettings;
  #transport: ResponsesTransport;
  #hostedTools: ToolSpec[];

  /** `hostedTools` (e.g. `web_search`) are appended to every request that offers tools. */
  constructor(settings: ResponsesSettings, tuning: ResponsesTuning = {}, hostedTools: ToolSpec[] = []) {
    this.settings = settings;
    this.#transport = new ResponsesTransport(settings, tuning);
    this.#hostedTools = hostedTools;
  }

  /**
   * Streams one sampling request. Ends after `completed`; throws `ModelError` when the request fails
   * for good (fatal error, or stream retries exhausted: the message is the last failure's reason), and
   * the signal's abort reason when aborted (no retry after an abort).
   */
  async *stream(request: ModelRequest, signal?: AbortSignal): AsyncGenerator<ModelEvent> {
    const metadata = request.meta
      ? turnMetadata(request, request.meta, await workspaceHasChanges(request.meta.cwd))
      : undefined;
    const body = buildRequestBody(request, metadata, this.#hostedTools);
    const headers = buildHeaders(
      this.settings,
      request,
      metadata ? { "x-codex-window-id": metadata.windowId, "x-codex-turn-metadata": metadata.json } : {},
    );
    yield* streamWithRetries({
      transport: this.#transport,
      body,
      headers,
      maxRetries: this.settings.streamMaxRetries,
      signal,
      consume: (response) => this.#consume(response, signal),
    });
  }

  /**
   * Yields the events of one response body; returns after `completed`, else throws `AttemptFailure`.
   * Text deltas that arrived in the same read are yielded as one delta (same text, fewer steps).
   */
  async *#consume(response: Response, signal?: AbortSignal): AsyncGenerator<ModelEvent> {
    const body = response.body as ReadableStream<Uint8Array>;
    const batches = readSseBatches(body, { idleTimeoutMs: this.settings.streamIdleTimeoutMs, signal });
    try {
      for await (const batch of batches) {
        let text = "";
        for (const data of batch) {
          const meaning = interpretEvent(data);
          if (meaning.kind === "event" && meaning.event.type === "text_delta") {
            text += meaning.event.delta;
            continue;
          }
          if (meaning.kind === "ignored") continue;
          if (text !== "") {
            yield { type: "text_delta", delta: text };
            text = "";
          }
          switch (meaning.kind) {
            case "event":
              yield meaning.event;
              break;
            case "completed":
              yield meaning.event;
              return;
            case "failure":
              throw meaning.failure;
          }
        }
        if (text !== "") yield { type: "text_delta", delta: text };
      }
    } catch (err) {
      throw readFailure(err, signal);
    } finally {
      await batches.return(undefined);
    }
    throw new AttemptFailure(CLOSED_EARLY, { retryable: true });
  }
}

/**
 * Builds a client from the kernel's provider options. Throws `ConfigError` for a missing key or a
 * malformed `base_url`. `tuning` shortens backoff in tests.
 */
export function createResponsesClient(
  options: ProviderCreateOptions,
  tuning: ResponsesTuning = {},
  hostedTools: ToolSpec[] = [],
): ResponsesClient {
  return new ResponsesClient(resolveSettings(options), tuning, hostedTools);
}
