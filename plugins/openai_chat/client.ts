/**
 * The Chat Completions `ModelClient`: `POST {base_url}/chat/completions` through the Responses
 * provider's transport (same auth, headers, request-level retries), the chunk stream assembled into
 * `ModelEvent`s, and the same stream-level retries and messages as the Responses client.
 * @module
 */
import type { ModelClient, ModelEvent, ModelRequest, ProviderCreateOptions } from "../../mod.ts";
import { buildHeaders } from "../../lib/openai/headers.ts";
import { AttemptFailure } from "../../lib/openai/retry.ts";
import { readFailure, streamWithRetries } from "../../lib/openai/stream_retry.ts";
import { resolveSettings, type ResponsesSettings } from "../../lib/openai/settings.ts";
import { readSsePayloads } from "../../lib/openai/sse.ts";
import { ResponsesTransport, type ResponsesTuning } from "../../lib/openai/transport.ts";
import { buildChatBody, type ToolIndex } from "./request.ts";
import { ChatStreamAssembler } from "./stream.ts";

/** The path appended to `base_url`. */
export const CHAT_ENDPOINT = "chat/completions";

const CLOSED_EARLY = "stream disconnected before completion: stream closed before [DONE]";

/**
 * A client for one configured chat-completions provider (`wire_api = "chat"`).
 *
 * As with the Responses client, a `retrying` event means the failed attempt's partial output must be
 * discarded: the request is re-sent whole.
 */
export class ChatClient implements ModelClient {
  readonly settings: ResponsesSettings;
  #transport: ResponsesTransport;
  /** Numbers tool calls that arrive without an id (`call_<n>`), unique for this client's life. */
  #anonymousCalls = 0;

  constructor(settings: ResponsesSettings, tuning: ResponsesTuning = {}) {
    this.settings = settings;
    this.#transport = new ResponsesTransport(settings, tuning);
  }

  /**
   * Streams one sampling request. Ends after `completed`; throws `ModelError` when the request fails
   * for good (the message is the last failure's reason) and the signal's abort reason when aborted.
   */
  async *stream(request: ModelRequest, signal?: AbortSignal): AsyncGenerator<ModelEvent> {
    const { body, index } = buildChatBody(request);
    const headers = buildHeaders(this.settings, request);
    yield* streamWithRetries({
      transport: this.#transport,
      body,
      headers,
      maxRetries: this.settings.streamMaxRetries,
      signal,
      consume: (response) => this.#consume(response, index, signal),
    });
  }

  /**
   * Yields the events of one response body; returns after `[DONE]` (or a clean end after a
   * `finish_reason`), else throws `AttemptFailure`.
   */
  async *#consume(response: Response, index: ToolIndex, signal?: AbortSignal): AsyncGenerator<ModelEvent> {
    const body = response.body as ReadableStream<Uint8Array>;
    const payloads = readSsePayloads(body, { idleTimeoutMs: this.settings.streamIdleTimeoutMs, signal });
    const assembler = new ChatStreamAssembler(index, () => `call_${++this.#anonymousCalls}`);
    try {
      for await (const payload of payloads) {
        const { events, done } = assembler.push(payload);
        yield* events;
        if (done) {
          yield* assembler.finish();
          return;
        }
      }
    } catch (err) {
      throw readFailure(err, signal);
    } finally {
      await payloads.return(undefined);
    }
    // Some servers end the body without `[DONE]`; a finish_reason says the answer is whole.
    if (assembler.finishReason !== undefined) {
      yield* assembler.finish();
      return;
    }
    throw new AttemptFailure(CLOSED_EARLY, { retryable: true });
  }
}

/**
 * Builds a client from the kernel's provider options. Throws `ConfigError` for a missing key or a
 * malformed `base_url`. `tuning` shortens backoff in tests.
 */
export function createChatClient(options: ProviderCreateOptions, tuning: ResponsesTuning = {}): ChatClient {
  return new ChatClient(resolveSettings(options, CHAT_ENDPOINT), tuning);
}
