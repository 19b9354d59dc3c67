/**
 * Serialising request bodies without holding a second copy of the history. A long session re-sends its
 * whole history each time (3.4 MB at 2,000 tool calls). `JSON.stringify` of the body builds one string
 * that large per request, and sending it as bytes needs another buffer that large; keeping each item's
 * JSON between requests (an earlier version of this module) holds the history twice for the whole
 * session.
 *
 * `BodyWriter` writes a body as a stream of chunks through one reused 256 KiB buffer: the fields before
 * the history array, each element's JSON in turn, the fields after it. Only the elements' UTF-8 lengths
 * are kept between requests (in a `WeakMap` beside the items), so the `content-length` of the next
 * request costs one lookup per element. The bytes are exactly the UTF-8 of `JSON.stringify(body)` (same
 * key order).
 *
 * A kept length assumes what the kernel guarantees: a history item is not changed in place once it has
 * been sent (new content is a new item). An element that no longer has its kept length fails the
 * request while it is being written (the length is forgotten, so a retry is right).
 * @module
 */
import type { SizedBody } from "./http1.ts";

const encoder = new TextEncoder();
/** Chunk size: bytes per write of a large body. */
const CHUNK_BYTES = 256 * 1024;

/** UTF-8 length of `text` (which, being `JSON.stringify` output, holds no lone surrogates). */
function utf8Length(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 2; // a surrogate pair: 2 code units, 4 bytes
      i++;
    } else n += 2;
  }
  return n;
}

function json(value: unknown): string {
  return JSON.stringify(value) ?? "null";
}

/** Writes request bodies, streaming the elements of one array field (see the module doc). */
export class BodyWriter {
  readonly #field: string;
  readonly #chunkBytes: number;
  readonly #lengths = new WeakMap<object, number>();
  /** The chunk buffer, while no body is being written with it. */
  #spare: Uint8Array<ArrayBuffer> | undefined;

  /** Streams the elements of `field` (default `input`); `chunkBytes` is for tests. */
  constructor(field = "input", chunkBytes = CHUNK_BYTES) {
    this.#field = field;
    this.#chunkBytes = Math.max(chunkBytes, 4);
  }

  /** The body `JSON.stringify(body)` would give for a plain object body, as a length and chunks. */
  write(body: object): SizedBody {
    let head = "";
    let tail = "";
    let array: unknown[] | undefined;
    let sep = "{";
    for (const [key, value] of Object.entries(body)) {
      if (key === this.#field && Array.isArray(value) && array === undefined) {
        array = value;
        head += `${sep}${JSON.stringify(key)}:[`;
        sep = "],";
        continue;
      }
      const text = JSON.stringify(value);
      if (text === undefined) continue;
      if (array === undefined) head += `${sep}${JSON.stringify(key)}:${text}`;
      else tail += `${sep}${JSON.stringify(key)}:${text}`;
      sep = ",";
    }
    tail += sep === "{" ? "{}" : sep === "]," ? "]}" : "}";
    const elements = array ?? [];
    const headBytes = encoder.encode(head);
    const tailBytes = encoder.encode(tail);
    let length = headBytes.length + tailBytes.length + Math.max(0, elements.length - 1);
    // The JSON of elements measured now (new ones) is kept for this body, not serialised twice.
    const fresh = new Map<number, string>();
    elements.forEach((element, i) => {
      const known = this.#known(element);
      if (known !== undefined) return void (length += known);
      const text = json(element);
      fresh.set(i, text);
      length += this.#measure(element, text);
    });
    return { length, chunks: () => this.#chunks(headBytes, elements, fresh, tailBytes) };
  }

  /** The kept UTF-8 length of an object element seen before. */
  #known(element: unknown): number | undefined {
    return typeof element === "object" && element !== null ? this.#lengths.get(element) : undefined;
  }

  /** `text`'s UTF-8 length, kept when `element` is an object. */
  #measure(element: unknown, text: string): number {
    const n = utf8Length(text);
    if (typeof element === "object" && element !== null) this.#lengths.set(element, n);
    return n;
  }

  *#chunks(
    head: Uint8Array<ArrayBuffer>,
    elements: unknown[],
    fresh: Map<number, string>,
    tail: Uint8Array<ArrayBuffer>,
  ): Generator<Uint8Array<ArrayBuffer>> {
    if (head.length > 0) yield head;
    const buffer = this.#spare ?? new Uint8Array(this.#chunkBytes);
    this.#spare = undefined;
    try {
      let used = 0;
      for (let i = 0; i < elements.length; i++) {
        const text = fresh.get(i) ?? json(elements[i]);
        let rest = i === 0 ? text : `,${text}`;
        let written = 0;
        for (;;) {
          const r = encoder.encodeInto(rest, buffer.subarray(used));
          used += r.written;
          written += r.written;
          if (r.read === rest.length) break;
          // Full, or a few bytes short of the next character (which is never split).
          yield buffer.subarray(0, used);
          used = 0;
          rest = rest.slice(r.read);
        }
        const expected = (this.#known(elements[i]) ?? utf8Length(text)) + (i === 0 ? 0 : 1);
        if (written !== expected) {
          if (typeof elements[i] === "object" && elements[i] !== null) {
            this.#lengths.delete(elements[i] as object);
          }
          throw new TypeError(
            `request body: item ${i} of ${this.#field} changed after it was first sent (expected ${expected} bytes, found ${written})`,
          );
        }
      }
      if (used > 0) yield buffer.subarray(0, used);
    } finally {
      this.#spare = buffer;
    }
    yield tail;
  }
}
