/**
 * Serialising request bodies without re-walking the whole history on every request. A long session
 * re-sends its whole history each time; `JSON.stringify` of the body would traverse every item again
 * and build a string as large as the request (1 MB at 600 tool calls), which stays in V8's large-object
 * space until the next full GC. Here each history item is serialised once (its JSON text and UTF-8
 * length kept in a `WeakMap` beside the item), and a body is written straight into one `Uint8Array`,
 * which the transport reuses for the next request (its fetches copy a byte body before sending it). The bytes are exactly the UTF-8
 * of `JSON.stringify(body)` (same key order).
 *
 * The cache assumes what the kernel guarantees: a history item is not changed in place once it has
 * been sent (new content is a new item).
 * @module
 */

interface Piece {
  json: string;
  bytes: number;
}

const itemJson = new WeakMap<object, Piece>();
const encoder = new TextEncoder();

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

function piece(json: string): Piece {
  return { json, bytes: utf8Length(json) };
}

/** The serialised text of one array element, from the cache when the element is an object seen before. */
function elementPiece(value: unknown): Piece {
  if (typeof value !== "object" || value === null) return piece(JSON.stringify(value) ?? "null");
  let p = itemJson.get(value);
  if (p === undefined) {
    p = piece(JSON.stringify(value) ?? "null");
    itemJson.set(value, p);
  }
  return p;
}

/** The body as pieces of JSON text whose concatenation is `JSON.stringify(body)`. */
function bodyPieces(body: object, cached: readonly string[]): Piece[] {
  const pieces: Piece[] = [];
  let sep = "{";
  for (const [key, value] of Object.entries(body)) {
    if (cached.includes(key) && Array.isArray(value)) {
      pieces.push(piece(`${sep}${JSON.stringify(key)}:[`));
      value.forEach((v, i) => {
        if (i > 0) pieces.push(COMMA);
        pieces.push(elementPiece(v));
      });
      sep = "],";
      continue;
    }
    const json = JSON.stringify(value);
    if (json === undefined) continue;
    pieces.push(piece(`${sep}${JSON.stringify(key)}:${json}`));
    sep = ",";
  }
  pieces.push(piece(sep === "{" ? "{}" : sep === "]," ? "]}" : "}"));
  return pieces;
}

const COMMA: Piece = { json: ",", bytes: 1 };

/**
 * The UTF-8 bytes of `JSON.stringify(body)` for a plain object body, with the elements of the arrays
 * named in `cached` (default `input`) serialised once per element object and reused by later bodies.
 * The bytes are written into `reuse` when it is large enough (the result is then a view of it), else
 * into a new buffer with a quarter of headroom, so a caller that hands back the previous result's
 * buffer allocates again only when the history outgrows it.
 */
export function bodyBytes(
  body: object,
  cached: readonly string[] = ["input"],
  reuse?: Uint8Array<ArrayBuffer>,
): Uint8Array<ArrayBuffer> {
  const pieces = bodyPieces(body, cached);
  let total = 0;
  for (const p of pieces) total += p.bytes;
  const buffer = reuse && reuse.length >= total ? reuse : new Uint8Array(Math.ceil(total * 1.25));
  const out = buffer.subarray(0, total);
  let at = 0;
  for (const p of pieces) {
    encoder.encodeInto(p.json, out.subarray(at, at + p.bytes));
    at += p.bytes;
  }
  return out;
}
