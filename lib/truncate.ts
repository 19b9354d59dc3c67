/**
 * Token-budget truncation of tool output, Codex style: tokens are approximated as 4 bytes each, and text
 * over budget keeps its head and tail (half the budget each, cut on UTF-8 character boundaries) around a
 * `…N tokens truncated…` marker. Used by the tool router (`tool_output_token_limit`) and by tools.
 * @module
 */

/** Bytes per approximate token. */
export const BYTES_PER_TOKEN = 4;

/** Output as kept by a bounded buffer: `head`, then `omitted` bytes that were dropped, then `tail`. */
export interface ByteSegments {
  /** The first bytes kept. */
  head: Uint8Array;
  /** How many bytes were dropped between head and tail. */
  omitted: number;
  /** The last bytes kept. */
  tail: Uint8Array;
  /** Line count of the whole original output, when known (the dropped part cannot be recounted). */
  lines?: number;
}

/** The result of `truncateMiddle`. */
export interface MiddleTruncation {
  /** The text, possibly with the elision marker. */
  text: string;
  truncated: boolean;
  /** Approximate tokens of the whole original output. */
  originalTokens: number;
  /** Lines of the whole original output. */
  lines: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Approximate token count of `byteLength` bytes: ceil(bytes / 4). */
export function approxTokenCount(byteLength: number): number {
  return Math.ceil(byteLength / BYTES_PER_TOKEN);
}

/** Lines of `text` counted like Rust's `str::lines`: "a\nb\n" and "a\nb" both have 2, "" has 0. */
export function countLines(text: string): number {
  if (text === "") return 0;
  const newlines = text.split("\n").length - 1;
  return newlines + (text.endsWith("\n") ? 0 : 1);
}

function isContinuation(byte: number): boolean {
  return (byte & 0xc0) === 0x80;
}

function sequenceLength(lead: number): number {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

/** The largest `e <= end` such that `bytes[0, e)` does not end inside a multi-byte character. */
export function utf8SafeEnd(bytes: Uint8Array, end: number): number {
  if (end <= 0) return 0;
  let start = end - 1;
  while (start > 0 && end - start < 4 && isContinuation(bytes[start])) start--;
  return start + sequenceLength(bytes[start]) > end ? start : end;
}

/** The smallest `s >= start` such that `bytes[s, …)` does not begin inside a multi-byte character. */
export function utf8SafeStart(bytes: Uint8Array, start: number): number {
  let s = Math.max(0, start);
  while (s < bytes.length && s - start < 3 && isContinuation(bytes[s])) s++;
  return s;
}

/** Wraps a string as segments. */
export function segmentsOf(text: string): ByteSegments {
  return { head: encoder.encode(text), omitted: 0, tail: new Uint8Array(0), lines: countLines(text) };
}

function joined(s: ByteSegments): Uint8Array {
  if (s.tail.length === 0) return s.head;
  const out = new Uint8Array(s.head.length + s.tail.length);
  out.set(s.head, 0);
  out.set(s.tail, s.head.length);
  return out;
}

/** Keeps at most `maxTokens` tokens of `input`: its head and tail around a `…N tokens truncated…` marker. */
export function truncateMiddle(input: string | ByteSegments, maxTokens: number): MiddleTruncation {
  const seg = typeof input === "string" ? segmentsOf(input) : input;
  const total = seg.head.length + seg.omitted + seg.tail.length;
  const originalTokens = approxTokenCount(total);
  const budget = Math.max(0, Math.floor(maxTokens)) * BYTES_PER_TOKEN;
  if (seg.omitted === 0 && total <= budget) {
    const bytes = joined(seg);
    return {
      text: decoder.decode(bytes),
      truncated: false,
      originalTokens,
      lines: seg.lines ?? countLines(decoder.decode(bytes)),
    };
  }
  const headBudget = Math.floor(budget / 2);
  const tailBudget = budget - headBudget;
  let prefix: Uint8Array;
  let suffix: Uint8Array;
  if (seg.omitted === 0) {
    const bytes = joined(seg);
    const end = utf8SafeEnd(bytes, Math.min(headBudget, bytes.length));
    const start = utf8SafeStart(bytes, Math.max(end, bytes.length - tailBudget));
    prefix = bytes.subarray(0, end);
    suffix = bytes.subarray(start);
  } else {
    prefix = seg.head.subarray(0, utf8SafeEnd(seg.head, Math.min(headBudget, seg.head.length)));
    suffix = seg.tail.subarray(utf8SafeStart(seg.tail, Math.max(0, seg.tail.length - tailBudget)));
  }
  const removed = total - prefix.length - suffix.length;
  const text = `${decoder.decode(prefix)}…${approxTokenCount(removed)} tokens truncated…${
    decoder.decode(suffix)
  }`;
  const lines = seg.lines ?? countLines(decoder.decode(joined(seg)));
  return { text, truncated: true, originalTokens, lines };
}

/** The body Codex shows the model: the text itself, or a warning header plus the middle-truncated text. */
export function truncateForModel(
  input: string | ByteSegments,
  maxTokens: number,
): { body: string; truncated: boolean; originalTokens: number } {
  const t = truncateMiddle(input, maxTokens);
  if (!t.truncated) return { body: t.text, truncated: false, originalTokens: t.originalTokens };
  const body = `Warning: truncated output (original token count: ${t.originalTokens})\n` +
    `Total output lines: ${t.lines}\n\n${t.text}`;
  return { body, truncated: true, originalTokens: t.originalTokens };
}
