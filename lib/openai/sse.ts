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

/** Incremental SSE framing: feed text with `push`, collect complete events' data strings. */
export class SseParser {
  #buffer = "";
  /** How far `#buffer` has been scanned for line ends (avoids rescanning long partial lines). */
  #scanned = 0;
  #data: string[] = [];
  #hasData = false;

  /** Adds text; returns the `data` payloads of events completed by it. */
  push(text: string): string[] {
    this.#buffer += text;
    const out: string[] = [];
    let start = 0;
    let i = this.#scanned;
    for (; i < this.#buffer.length; i++) {
      const ch = this.#buffer[i];
      if (ch !== "\n" && ch !== "\r") continue;
      // A lone trailing CR may be the first half of CRLF: wait for more input.
      if (ch === "\r" && i === this.#buffer.length - 1) break;
      this.#line(this.#buffer.slice(start, i), out);
      if (ch === "\r" && this.#buffer[i + 1] === "\n") i++;
      start = i + 1;
    }
    this.#buffer = this.#buffer.slice(start);
    this.#scanned = Math.max(0, i - start);
    return out;
  }

  /** Ends the stream: a pending event without its closing blank line is still delivered. */
  finish(): string[] {
    const out: string[] = [];
    if (this.#buffer !== "") this.#line(this.#buffer.replace(/\r$/, ""), out);
    this.#buffer = "";
    this.#scanned = 0;
    this.#dispatch(out);
    return out;
  }

  #line(line: string, out: string[]): void {
    if (line === "") {
      this.#dispatch(out);
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") {
      this.#data.push(value);
      this.#hasData = true;
    }
  }

  #dispatch(out: string[]): void {
    if (this.#hasData) out.push(this.#data.join("\n"));
    this.#data = [];
    this.#hasData = false;
  }
}

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

/**
 * Yields the decoded events of an SSE body. Throws `SseIdleTimeout` on inactivity, the abort reason on
 * abort, or the underlying read error. The body is cancelled when iteration stops early.
 */
export async function* readSse(
  body: ReadableStream<Uint8Array>,
  options: { idleTimeoutMs: number; signal?: AbortSignal },
): AsyncGenerator<SseData> {
  for await (const payload of readSsePayloads(body, options)) {
    const data = decodeData(payload);
    if (data) yield data;
  }
}

/**
 * Yields the raw `data` payload of each SSE event (undecoded: e.g. chat-completions chunks and their
 * `[DONE]` terminator). Same errors and cancellation as `readSse`.
 */
export async function* readSsePayloads(
  body: ReadableStream<Uint8Array>,
  options: { idleTimeoutMs: number; signal?: AbortSignal },
): AsyncGenerator<string> {
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
      yield* payloads;
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
