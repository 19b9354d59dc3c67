/**
 * A tolerant Server-Sent Events reader: splits a byte stream into events, decodes each `data` payload
 * as JSON and keeps only objects with a string `type` (Codex uses nothing else). Unparsable data is
 * skipped. Reading stops with an `SseIdleTimeout` when no bytes arrive for the idle timeout.
 * @module
 */
import { abortReason } from "./retry.ts";

/** One decoded SSE event payload: the JSON object of its `data` lines. */
export interface SseData {
  type: string;
  [key: string]: unknown;
}

/** Raised when the stream produced no bytes within the idle timeout. */
export class SseIdleTimeout extends Error {
  constructor(ms: number) {
    super(`no SSE data for ${ms} ms`);
    this.name = "SseIdleTimeout";
  }
}

/**
 * Incremental SSE framing: feed text with `push`, collect complete events' data strings. Each pushed
 * text is scanned once: an unfinished line is kept as a list of pieces and joined once when it ends, so
 * a multi-megabyte event (a large tool call's `output_item.done`) costs time linear in its size however
 * many chunks it arrives in.
 */
export class SseParser {
  /** Pieces of the line not yet ended by CR, LF or CRLF. */
  #partial: string[] = [];
  /** The last text ended in CR: a LF opening the next text completes that CRLF. */
  #skipLf = false;
  /** The current event's `data` (its lines joined by LF); undefined before its first `data` line. */
  #data: string | undefined;

  /** Adds text; returns the `data` payloads of events completed by it. */
  push(text: string): string[] {
    const out: string[] = [];
    let start = 0;
    if (this.#skipLf) {
      this.#skipLf = false;
      if (text.charCodeAt(0) === LF) start = 1;
    }
    let cr = text.indexOf("\r", start);
    while (start < text.length) {
      if (cr !== -1 && cr < start) cr = text.indexOf("\r", start);
      const lf = text.indexOf("\n", start);
      const end = cr !== -1 && (lf === -1 || cr < lf) ? cr : lf;
      if (end === -1) break;
      let line = text.slice(start, end);
      if (this.#partial.length > 0) {
        this.#partial.push(line);
        line = this.#partial.join("");
        this.#partial = [];
      }
      this.#line(line, out);
      start = end + 1;
      if (end === cr) {
        if (start === text.length) this.#skipLf = true;
        else if (text.charCodeAt(start) === LF) start++;
      }
    }
    if (start < text.length) this.#partial.push(start === 0 ? text : text.slice(start));
    return out;
  }

  /** Ends the stream: a pending event without its closing blank line is still delivered. */
  finish(): string[] {
    const out: string[] = [];
    if (this.#partial.length > 0) this.#line(this.#partial.join(""), out);
    this.#partial = [];
    this.#skipLf = false;
    this.#dispatch(out);
    return out;
  }

  #line(line: string, out: string[]): void {
    if (line === "") {
      this.#dispatch(out);
      return;
    }
    if (line.charCodeAt(0) === COLON) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    if (field !== "data") return;
    let from = colon === -1 ? line.length : colon + 1;
    if (line.charCodeAt(from) === SPACE) from++;
    const value = line.slice(from);
    this.#data = this.#data === undefined ? value : `${this.#data}\n${value}`;
  }

  #dispatch(out: string[]): void {
    if (this.#data !== undefined) out.push(this.#data);
    this.#data = undefined;
  }
}

const LF = 10;
const SPACE = 32;
const COLON = 58;

/** Decodes one `data` payload; null when it is not JSON or has no string `type`. */
export function decodeData(data: string): SseData | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const type = (value as Record<string, unknown>).type;
  return typeof type === "string" ? value as SseData : null;
}

/** Bytes read at a time from a byte stream (one buffer, reused for the whole body). */
const READ_BUFFER_BYTES = 64 * 1024;

/**
 * Reads a body chunk by chunk. A byte stream (what `fetch` gives) is read through a BYOB reader into
 * one reused buffer, so memory stays flat however many chunks the server sends (a default reader gets
 * a fresh buffer per network chunk, freed only by a later GC: tens of MB for 30k small SSE frames).
 * Other streams use a default reader.
 */
class ChunkReader {
  #byob: ReadableStreamBYOBReader | undefined;
  #plain: ReadableStreamDefaultReader<Uint8Array> | undefined;
  #buffer: Uint8Array | undefined;

  constructor(body: ReadableStream<Uint8Array>) {
    try {
      this.#byob = body.getReader({ mode: "byob" });
      this.#buffer = new Uint8Array(READ_BUFFER_BYTES);
    } catch {
      this.#plain = body.getReader();
    }
  }

  /** The next chunk; valid only until the following `read`. */
  async read(): Promise<ReadableStreamReadResult<Uint8Array>> {
    if (this.#plain) return await this.#plain.read();
    const result = await this.#byob!.read(this.#buffer!);
    if (result.value) this.#buffer = new Uint8Array(result.value.buffer);
    return result as ReadableStreamReadResult<Uint8Array>;
  }

  cancel(): Promise<void> {
    return (this.#byob ?? this.#plain)!.cancel();
  }

  releaseLock(): void {
    (this.#byob ?? this.#plain)!.releaseLock();
  }
}

/** Reads one chunk, failing with `SseIdleTimeout` after `idleMs` or with the abort reason. */
function readChunk(
  reader: ChunkReader,
  idleMs: number,
  signal?: AbortSignal,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      cleanup();
      reject(abortReason(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new SseIdleTimeout(idleMs));
    }, idleMs);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    reader.read().then(
      (result) => {
        cleanup();
        resolve(result);
      },
      (err) => {
        cleanup();
        reject(err);
      },
    );
  });
}

/** Options of the SSE readers. */
export interface SseReadOptions {
  idleTimeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Yields the decoded events of an SSE body. Throws `SseIdleTimeout` on inactivity, the abort reason on
 * abort, or the underlying read error. The body is cancelled when iteration stops early.
 */
export async function* readSse(
  body: ReadableStream<Uint8Array>,
  options: SseReadOptions,
): AsyncGenerator<SseData> {
  for await (const batch of readSseBatches(body, options)) yield* batch;
}

/**
 * Like `readSse`, but yields the events of each read of the body together (never an empty batch), so
 * a consumer handles a burst of small deltas in one step instead of one async step per event.
 */
export async function* readSseBatches(
  body: ReadableStream<Uint8Array>,
  options: SseReadOptions,
): AsyncGenerator<SseData[]> {
  for await (const payloads of readSsePayloadBatches(body, options)) {
    const batch: SseData[] = [];
    for (const payload of payloads) {
      const data = decodeData(payload);
      if (data) batch.push(data);
    }
    if (batch.length > 0) yield batch;
  }
}

/**
 * Yields the raw `data` payload of each SSE event (undecoded: e.g. chat-completions chunks and their
 * `[DONE]` terminator). Same errors and cancellation as `readSse`.
 */
export async function* readSsePayloads(
  body: ReadableStream<Uint8Array>,
  options: SseReadOptions,
): AsyncGenerator<string> {
  for await (const batch of readSsePayloadBatches(body, options)) yield* batch;
}

/** The raw payloads of each read of the body (never an empty batch). */
async function* readSsePayloadBatches(
  body: ReadableStream<Uint8Array>,
  options: SseReadOptions,
): AsyncGenerator<string[]> {
  const reader = new ChunkReader(body);
  const decoder = new TextDecoder();
  const parser = new SseParser();
  let done = false;
  try {
    while (true) {
      const chunk = await readChunk(reader, options.idleTimeoutMs, options.signal);
      const payloads = chunk.done
        ? parser.push(decoder.decode()).concat(parser.finish())
        : parser.push(decoder.decode(chunk.value, { stream: true }));
      if (payloads.length > 0) yield payloads;
      if (chunk.done) {
        done = true;
        return;
      }
    }
  } finally {
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
