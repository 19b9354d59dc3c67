/**
 * A bounded byte buffer for process output: keeps the first `headCap` bytes and the last `tailCap`
 * bytes, counts what was dropped in between, and tracks line count over everything pushed.
 * @module
 */
import type { ByteSegments } from "../../mod.ts";

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Output captured from a process, bounded in memory. */
export class OutputBuffer {
  readonly #headCap: number;
  readonly #tailCap: number;
  #head: Uint8Array[] = [];
  #headLen = 0;
  #tail: Uint8Array[] = [];
  #tailLen = 0;
  #omitted = 0;
  #newlines = 0;
  #lastByte = -1;

  constructor(headCap: number, tailCap: number) {
    this.#headCap = headCap;
    this.#tailCap = tailCap;
  }

  /** Every byte pushed so far, kept or not. */
  get totalBytes(): number {
    return this.#headLen + this.#omitted + this.#tailLen;
  }

  /** Bytes dropped because the buffer was full. */
  get omittedBytes(): number {
    return this.#omitted;
  }

  /** Appends a chunk. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    for (const b of chunk) if (b === 0x0a) this.#newlines++;
    this.#lastByte = chunk[chunk.length - 1];
    let rest = chunk;
    if (this.#headLen < this.#headCap) {
      const take = Math.min(rest.length, this.#headCap - this.#headLen);
      this.#head.push(rest.subarray(0, take));
      this.#headLen += take;
      rest = rest.subarray(take);
    }
    if (rest.length === 0) return;
    this.#tail.push(rest);
    this.#tailLen += rest.length;
    while (this.#tailLen > this.#tailCap) {
      const excess = this.#tailLen - this.#tailCap;
      const first = this.#tail[0];
      if (first.length <= excess) {
        this.#tail.shift();
        this.#tailLen -= first.length;
        this.#omitted += first.length;
      } else {
        this.#tail[0] = first.subarray(excess);
        this.#tailLen -= excess;
        this.#omitted += excess;
      }
    }
  }

  /** Lines in everything pushed, counted like Rust's `str::lines` (a final newline ends, not starts, a line). */
  get lines(): number {
    return this.#newlines + (this.#lastByte !== -1 && this.#lastByte !== 0x0a ? 1 : 0);
  }

  /** The kept bytes as head / gap / tail. */
  segments(): ByteSegments {
    return {
      head: concat(this.#head, this.#headLen),
      omitted: this.#omitted,
      tail: concat(this.#tail, this.#tailLen),
      lines: this.lines,
    };
  }

  /** Returns the kept bytes and empties the buffer. */
  take(): ByteSegments {
    const out = this.segments();
    this.#head = [];
    this.#headLen = 0;
    this.#tail = [];
    this.#tailLen = 0;
    this.#omitted = 0;
    this.#newlines = 0;
    this.#lastByte = -1;
    return out;
  }
}
