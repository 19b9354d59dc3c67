/**
 * Serialising request bodies without re-walking the whole history on every request. A long session
 * re-sends its whole history each time; `JSON.stringify` of the body would traverse every item again
 * and build a string as large as the request (1 MB at 600 tool calls, 3.4 MB at 2,000), and sending it
 * as one buffer needs another copy of that size per request.
 *
 * `BodyWriter` keeps the UTF-8 of one array field (the history: `input`) as an append-only log in
 * fixed-size chunks, with the elements it holds. A body whose array starts with the same elements (the
 * same objects, in order) reuses their bytes and appends only the new ones, so each history item is
 * serialised once per session and held once as bytes. The result is a list of byte parts (the fields
 * before the array, views of the log, the fields after it) whose concatenation is exactly the UTF-8 of
 * `JSON.stringify(body)` (same key order); the HTTP client writes them in turn without joining them.
 *
 * The log assumes what the kernel guarantees: a history item is not changed in place once it has been
 * sent (new content is a new item). A body whose array no longer starts with the logged elements (a
 * compacted or repaired history) keeps the common prefix and rewrites the rest; bytes already handed
 * out are never overwritten (the chunk holding the cut is copied), so a request still being sent or
 * retried is not disturbed.
 * @module
 */

/** The body as byte parts, in order; `length` is their total. */
export interface BodyParts {
  readonly parts: readonly Uint8Array<ArrayBuffer>[];
  readonly length: number;
}

const encoder = new TextEncoder();
/** Log chunk size: long-lived and above glibc's mmap threshold, so they do not fragment the heap. */
const CHUNK_BYTES = 256 * 1024;

/** Writes request bodies, logging the elements of one array field (see the module doc). */
export class BodyWriter {
  readonly #field: string;
  readonly #chunkBytes: number;
  /** The logged elements, in order. */
  #elements: unknown[] = [];
  /** Where each element's bytes end: chunk index and bytes used in it (an element after the first
   * starts with its comma). */
  #endChunk: number[] = [];
  #endUsed: number[] = [];
  #chunks: Uint8Array<ArrayBuffer>[] = [];
  /** Bytes used in each chunk (a chunk may end a few bytes short: characters are not split). */
  #used: number[] = [];

  /** Logs the elements of `field` (default `input`); `chunkBytes` is for tests. */
  constructor(field = "input", chunkBytes = CHUNK_BYTES) {
    this.#field = field;
    this.#chunkBytes = Math.max(chunkBytes, 4);
  }

  /** The bytes of `JSON.stringify(body)` for a plain object body, as parts. */
  write(body: object): BodyParts {
    const parts: Uint8Array<ArrayBuffer>[] = [];
    let text = "";
    let sep = "{";
    for (const [key, value] of Object.entries(body)) {
      if (key === this.#field && Array.isArray(value)) {
        parts.push(encoder.encode(`${text}${sep}${JSON.stringify(key)}:[`), ...this.#logged(value));
        text = "";
        sep = "],";
        continue;
      }
      const json = JSON.stringify(value);
      if (json === undefined) continue;
      text += `${sep}${JSON.stringify(key)}:${json}`;
      sep = ",";
    }
    parts.push(encoder.encode(text + (sep === "{" ? "{}" : sep === "]," ? "]}" : "}")));
    let length = 0;
    for (const p of parts) length += p.length;
    return { parts, length };
  }

  /** Views of the log holding `array`'s elements (serialised now when not logged yet). */
  #logged(array: unknown[]): Uint8Array<ArrayBuffer>[] {
    let same = 0;
    const max = Math.min(array.length, this.#elements.length);
    while (same < max && this.#elements[same] === array[same]) same++;
    if (same < this.#elements.length) this.#truncate(same);
    for (let i = same; i < array.length; i++) {
      const json = JSON.stringify(array[i]) ?? "null";
      this.#append(i === 0 ? json : `,${json}`);
      this.#elements.push(array[i]);
      this.#endChunk.push(this.#chunks.length - 1);
      this.#endUsed.push(this.#used[this.#chunks.length - 1]);
    }
    return this.#chunks.map((chunk, i) => chunk.subarray(0, this.#used[i]));
  }

  /** Appends `text`'s UTF-8 to the log, filling the last chunk and adding chunks as needed. */
  #append(text: string): void {
    let rest = text;
    for (let last = this.#chunks.length - 1;; last++) {
      if (last >= 0) {
        const { read, written } = encoder.encodeInto(rest, this.#chunks[last].subarray(this.#used[last]));
        this.#used[last] += written;
        if (read === rest.length) return;
        // The chunk is full, or ends a few bytes short (a character is never split).
        rest = rest.slice(read);
      }
      this.#chunks.push(new Uint8Array(this.#chunkBytes));
      this.#used.push(0);
    }
  }

  /** Keeps the first `count` logged elements; the chunk holding the cut is replaced by a copy. */
  #truncate(count: number): void {
    const chunk = count === 0 ? -1 : this.#endChunk[count - 1];
    this.#elements.length = this.#endChunk.length = this.#endUsed.length = count;
    this.#chunks.length = this.#used.length = chunk + 1;
    if (chunk >= 0) {
      this.#used[chunk] = this.#endUsed[count - 1];
      this.#chunks[chunk] = this.#chunks[chunk].slice();
    }
  }
}
