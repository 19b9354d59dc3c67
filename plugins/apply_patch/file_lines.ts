/**
 * A file's content as UTF-8 bytes with an index of its lines, so untouched lines are written back byte
 * for byte (a CRLF file stays CRLF, a stray LF in it stays LF), new lines get the file's line ending, and
 * nothing is decoded, split into strings or copied per line: matching compares byte ranges, and the
 * result is built from spans of the original plus the patch's lines.
 * @module
 */

/** A file's bytes and where each line starts and ends. */
export interface FileLines {
  /** The content. */
  bytes: Uint8Array;
  /** Number of lines (a trailing terminator does not start an empty last line). */
  count: number;
  /** `starts[i]`: where line `i` starts; `starts[count]` is the content's length. */
  starts: Int32Array;
  /** `ends[i]`: where line `i`'s text ends (before its `\n`, or before the `\r` of a `\r\n`). */
  ends: Int32Array;
  /** The line ending for new lines: CRLF when the first line ends with CRLF, else LF. */
  newline: Uint8Array;
  /** Whether every byte is ASCII (then the content is valid UTF-8 without a further check). */
  ascii: boolean;
}

const LF = new Uint8Array([10]);
const CRLF = new Uint8Array([13, 10]);

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Indexes the lines of `bytes` (which it keeps, not copies). */
export function splitFileLines(bytes: Uint8Array): FileLines {
  // One plain loop over the bytes (a TypedArray indexOf call per line costs several times more).
  let starts = new Int32Array(Math.max(16, bytes.length >> 5));
  let ends = new Int32Array(starts.length);
  let count = 0;
  let start = 0;
  const n = bytes.length;
  let high = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    high |= b;
    if (b !== 10) continue;
    if (count + 1 >= starts.length) [starts, ends] = [grow(starts), grow(ends)];
    starts[count] = start;
    ends[count++] = i > start && bytes[i - 1] === 13 ? i - 1 : i;
    start = i + 1;
  }
  if (start < n) {
    if (count + 1 >= starts.length) [starts, ends] = [grow(starts), grow(ends)];
    starts[count] = start;
    ends[count++] = n; // a last line without terminator keeps a trailing \r
  }
  starts[count] = n;
  const crlf = count > 0 && ends[0] + 1 < starts[1] && bytes[ends[0]] === 13;
  return { bytes, count, starts, ends, newline: crlf ? CRLF : LF, ascii: high < 0x80 };
}

/** Indexes `lines` as a file holding them, each ending with `\n` (for searches over plain strings). */
export function fileFromLines(lines: readonly string[]): FileLines {
  const enc = new TextEncoder();
  const parts = lines.map((l) => enc.encode(l));
  const total = parts.reduce((n, p) => n + p.length + 1, 0);
  const bytes = new Uint8Array(total);
  const starts = new Int32Array(parts.length + 1);
  const ends = new Int32Array(parts.length);
  let at = 0;
  parts.forEach((p, i) => {
    starts[i] = at;
    bytes.set(p, at);
    ends[i] = at + p.length;
    bytes[ends[i]] = 10;
    at = ends[i] + 1;
  });
  starts[parts.length] = at;
  return { bytes, count: parts.length, starts, ends, newline: LF, ascii: false };
}

/** Whether line `i` has no terminator (only the last line can lack one). */
export function lacksTerminator(file: FileLines, i: number): boolean {
  return i === file.count - 1 && file.starts[file.count] === file.ends[i];
}
