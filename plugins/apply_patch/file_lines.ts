/**
 * A file's content as lines with their own terminators, so untouched lines are written back byte for
 * byte (a CRLF file stays CRLF, a stray LF in it stays LF) and new lines get the file's line ending.
 * @module
 */

/** A file split into lines. `texts[i]` excludes its terminator (and the `\r` of a CRLF). */
export interface FileLines {
  /** Line texts, used for matching. */
  texts: string[];
  /** Each line's terminator: `"\n"`, `"\r\n"`, or `""` for a last line without one. */
  eols: string[];
  /** The line ending for new lines: CRLF when the first line ends with CRLF, else LF. */
  newline: "\n" | "\r\n";
  /** The text split. */
  content: string;
  /** `offsets[i]`: where line `i` starts in `content`; `offsets[texts.length]` is its length. */
  offsets: Uint32Array;
}

/** Splits `content` into lines. A trailing terminator does not produce an empty last line. */
export function splitFileLines(content: string): FileLines {
  const texts: string[] = [];
  const eols: string[] = [];
  const starts: number[] = [];
  let start = 0;
  while (start < content.length) {
    starts.push(start);
    const nl = content.indexOf("\n", start);
    if (nl === -1) {
      texts.push(content.slice(start));
      eols.push("");
      break;
    }
    if (nl > start && content.charCodeAt(nl - 1) === 13) {
      texts.push(content.slice(start, nl - 1));
      eols.push("\r\n");
    } else {
      texts.push(content.slice(start, nl));
      eols.push("\n");
    }
    start = nl + 1;
  }
  starts.push(content.length);
  return {
    texts,
    eols,
    newline: eols[0] === "\r\n" ? "\r\n" : "\n",
    content,
    offsets: Uint32Array.from(starts),
  };
}

/** Lines `from` (inclusive) to `to` (exclusive) as written, in one slice; see `rawLine` for the last line. */
export function rawLines(file: FileLines, from: number, to: number): string {
  if (from >= to) return "";
  const text = file.content.slice(file.offsets[from], file.offsets[to]);
  return file.eols[to - 1] === "" ? text + file.newline : text;
}

/** Line `i` as written in the file; a last line without terminator gets the file's newline. */
export function rawLine(file: FileLines, i: number): string {
  return file.texts[i] + (file.eols[i] || file.newline);
}
