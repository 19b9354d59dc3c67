/**
 * Reads all of stdin with synchronous reads (`new Response(Deno.stdin.readable)` loads Deno's fetch and
 * streams code, about 4 MB and 15 ms, for what a loop of reads does).
 * @module
 */
import { isUtf8 } from "./utf8_space.ts";

/** All of stdin as text (UTF-8, invalid bytes replaced). */
export function readStdinText(): string {
  return new TextDecoder().decode(readStdinBytes());
}

/**
 * All of stdin as UTF-8 bytes; invalid sequences are replaced by U+FFFD as when decoding, so the
 * bytes always hold valid UTF-8.
 */
export function readStdinUtf8(): Uint8Array {
  const bytes = readStdinBytes();
  return isUtf8(bytes) ? bytes : new TextEncoder().encode(new TextDecoder().decode(bytes));
}

/** All of stdin. */
export function readStdinBytes(): Uint8Array {
  const pieces: Uint8Array[] = [];
  let total = 0;
  let buf = new Uint8Array(1 << 16);
  let at = 0;
  for (;;) {
    if (at === buf.length) {
      pieces.push(buf);
      total += buf.length;
      buf = new Uint8Array(Math.min(buf.length * 2, 1 << 24));
      at = 0;
    }
    const n = Deno.stdin.readSync(buf.subarray(at));
    if (n === null) break;
    at += n;
  }
  if (pieces.length === 0) return buf.subarray(0, at);
  const all = new Uint8Array(total + at);
  let off = 0;
  for (const p of pieces) {
    all.set(p, off);
    off += p.length;
  }
  all.set(buf.subarray(0, at), off);
  return all;
}
