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
}

const LF = new Uint8Array([10]);
const CRLF = new Uint8Array([13, 10]);

/** Indexes the lines of `bytes` (which it keeps, not copies). */
export function splitFileLines(bytes: Uint8Array): FileLines {
  // One pass to count, one to fill: two typed arrays instead of growing JS arrays.
  let count = 0;
  for (let nl = bytes.indexOf(10); nl !== -1; nl = bytes.indexOf(10, nl + 1)) count++;
  if (bytes.length > 0 && bytes[bytes.length - 1] !== 10) count++;
  const starts = new Int32Array(count + 1);
  const ends = new Int32Array(count);
  let start = 0;
  for (let i = 0; i < count; i++) {
    starts[i] = start;
    let nl = bytes.indexOf(10, start);
    if (nl === -1) nl = bytes.length;
    ends[i] = nl > start && bytes[nl - 1] === 13 && nl < bytes.length ? nl - 1 : nl;
    start = nl + 1;
  }
  starts[count] = bytes.length;
  const crlf = count > 0 && ends[0] + 1 < starts[1] && bytes[ends[0]] === 13;
  return { bytes, count, starts, ends, newline: crlf ? CRLF : LF };
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
  return { bytes, count: parts.length, starts, ends, newline: LF };
}

/** Whether line `i` has no terminator (only the last line can lack one). */
export function lacksTerminator(file: FileLines, i: number): boolean {
  return i === file.count - 1 && file.starts[file.count] === file.ends[i];
}
