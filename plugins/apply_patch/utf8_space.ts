/**
 * UTF-8 byte helpers: validation, and whitespace as Rust's `char::is_whitespace` (Unicode White_Space) sees it: what Codex's
 * `trim`, `trim_end` and marker checks skip. Inputs are valid UTF-8.
 * @module
 */

/** Bytes of the White_Space character ending at `e` (not before `s`), or 0. Input is valid UTF-8. */
function spaceBefore(b: Uint8Array, s: number, e: number): number {
  const c = b[e - 1];
  if (c === 32 || (c >= 9 && c <= 13)) return 1;
  if (c < 0x80 || e - s < 2) return 0;
  if (b[e - 2] === 0xc2) return c === 0x85 || c === 0xa0 ? 2 : 0; // U+0085, U+00A0
  if (e - s < 3) return 0;
  return isSpace3(b[e - 3], b[e - 2], c) ? 3 : 0;
}

/** Bytes of the White_Space character starting at `s` (ending before `e`), or 0. */
function spaceAt(b: Uint8Array, s: number, e: number): number {
  const c = b[s];
  if (c === 32 || (c >= 9 && c <= 13)) return 1;
  if (c < 0x80 || e - s < 2) return 0;
  if (c === 0xc2) return b[s + 1] === 0x85 || b[s + 1] === 0xa0 ? 2 : 0;
  if (e - s < 3) return 0;
  return isSpace3(c, b[s + 1], b[s + 2]) ? 3 : 0;
}

/** U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000 in UTF-8. */
function isSpace3(a: number, b: number, c: number): boolean {
  if (a === 0xe2) {
    if (b === 0x80) return (c >= 0x80 && c <= 0x8a) || c === 0xa8 || c === 0xa9 || c === 0xaf;
    return b === 0x81 && c === 0x9f;
  }
  if (a === 0xe1) return b === 0x9a && c === 0x80;
  return a === 0xe3 && b === 0x80 && c === 0x80;
}

/** Where `b[s..e)` ends once trailing whitespace is dropped. */
export function trimEndAt(b: Uint8Array, s: number, e: number): number {
  for (let n; e > s && (n = spaceBefore(b, s, e)) > 0;) e -= n;
  return e;
}

/** Where `b[s..e)` starts once leading whitespace is dropped. */
export function trimStartAt(b: Uint8Array, s: number, e: number): number {
  for (let n; s < e && (n = spaceAt(b, s, e)) > 0;) s += n;
  return s;
}

/** Bytes validated per call: the decoded text is only thrown away, so small pieces keep it off the heap. */
const VALIDATE_PIECE = 1 << 16;

/** Whether `bytes` is valid UTF-8 (checked without holding the whole decoded text). */
export function isUtf8(bytes: Uint8Array): boolean {
  const dec = new TextDecoder("utf-8", { fatal: true });
  try {
    for (let at = 0; at < bytes.length; at += VALIDATE_PIECE) {
      dec.decode(bytes.subarray(at, at + VALIDATE_PIECE), { stream: true });
    }
    dec.decode();
    return true;
  } catch {
    return false;
  }
}
