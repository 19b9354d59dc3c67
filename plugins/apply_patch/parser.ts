/**
 * Parses Codex's patch format (shared/spec/codex-formats.md §5.1–5.2) in its lenient mode: marker lines
 * may carry surrounding whitespace, a heredoc wrapper (`<<'EOF'` … `EOF`) is tolerated, and the first
 * chunk of an Update File hunk may omit its `@@` marker.
 *
 * Errors carry the 1-based patch line they refer to, so both of Codex's phrasings (standalone
 * `Invalid patch hunk on line N: …` and the tool's `invalid hunk at line N, …`) can be produced.
 *
 * The patch is parsed as UTF-8 bytes: lines are byte ranges, and an update chunk keeps its lines as
 * ranges of the patch (`chunkSource`), which matching and the result use directly; `chunk.lines`
 * decodes them into strings only when read. Marker lines are trimmed as Rust's `trim` does.
 * @module
 */
import { splitFileLines } from "./file_lines.ts";
import { trimEndAt, trimStartAt } from "./utf8_space.ts";

const BEGIN_PATCH = "*** Begin Patch";
const END_PATCH = "*** End Patch";
const ADD_FILE = "*** Add File: ";
const DELETE_FILE = "*** Delete File: ";
const UPDATE_FILE = "*** Update File: ";
const MOVE_TO = "*** Move to: ";
const END_OF_FILE = "*** End of File";
const CONTEXT_MARKER = "@@";
const CONTEXT_MARKER_WITH_TEXT = "@@ ";

/** One line of an update chunk: kept context, a removed line or an added line (marker stripped). */
export interface ChunkLine {
  op: "context" | "remove" | "add";
  text: string;
}

/** One `@@` section of an Update File hunk. */
export interface UpdateChunk {
  /** The text after `@@ `: a single line to find before the chunk's lines. */
  context?: string;
  lines: ChunkLine[];
  /** `*** End of File` closed the chunk: its old lines must end the file. */
  endOfFile: boolean;
  /** Patch line (1-based) where the chunk starts. */
  patchLine: number;
}

/** `*** Add File: path` with its content. */
export interface AddFileHunk {
  type: "add";
  path: string;
  /** The new file's content: every `+` line followed by `\n`. */
  contents: string;
  patchLine: number;
}

/** `*** Delete File: path`. */
export interface DeleteFileHunk {
  type: "delete";
  path: string;
  patchLine: number;
}

/** `*** Update File: path`, optionally moved, with its chunks. */
export interface UpdateFileHunk {
  type: "update";
  path: string;
  movePath?: string;
  chunks: UpdateChunk[];
  patchLine: number;
}

/** One file operation of a patch. */
export type Hunk = AddFileHunk | DeleteFileHunk | UpdateFileHunk;

/** A parsed patch. */
export interface ParsedPatch {
  hunks: Hunk[];
}

/**
 * A patch that does not follow the grammar. `line` is set for errors inside a hunk (Codex's
 * "invalid hunk"), unset for errors about the patch as a whole (Codex's "invalid patch").
 */
export class PatchParseError extends Error {
  /** The 1-based patch line the error is about, when it is about one hunk. */
  readonly line?: number;
  /** The bare reason, without the `Invalid patch…` prefix. */
  readonly reason: string;

  constructor(reason: string, line?: number) {
    super(line === undefined ? `Invalid patch: ${reason}` : `Invalid patch hunk on line ${line}: ${reason}`);
    this.name = "PatchParseError";
    this.reason = reason;
    this.line = line;
  }

  /** The phrasing Codex uses in the tool's `apply_patch verification failed: …` answer. */
  toolMessage(): string {
    return this.line === undefined
      ? `invalid patch: ${this.reason}`
      : `invalid hunk at line ${this.line}, ${this.reason}`;
  }
}

/** Op codes of chunk lines in `PatchLines.ops`. */
export const OP_CONTEXT = 0;
/** A removed line. */
export const OP_REMOVE = 1;
/** An added line. */
export const OP_ADD = 2;
const OP_NAMES: readonly ChunkLine["op"][] = ["context", "remove", "add"];

/** The patch's lines as byte ranges (without `\n` or `\r\n`). */
export interface PatchLines {
  bytes: Uint8Array;
  /** Line `i` is `bytes[starts[i]..ends[i])`. */
  starts: Int32Array;
  ends: Int32Array;
  /** For lines inside update chunks: the op and the text's range (the line after its marker). */
  ops: Uint8Array;
  textStarts: Int32Array;
  textEnds: Int32Array;
}

/** Where an update chunk's lines are: `lines` `first..end` (its body, without `@@` and End of File). */
export interface ChunkSource {
  lines: PatchLines;
  first: number;
  end: number;
}

const sources = new WeakMap<UpdateChunk, ChunkSource>();

/** The patch lines a parsed chunk came from; undefined for a chunk built by hand. */
export function chunkSource(chunk: UpdateChunk): ChunkSource | undefined {
  return sources.get(chunk);
}

const enc = new TextEncoder();
const dec = new TextDecoder();
const ascii = (s: string) => enc.encode(s);
const B_BEGIN = ascii(BEGIN_PATCH);
const B_END = ascii(END_PATCH);
const B_ADD = ascii(ADD_FILE);
const B_DELETE = ascii(DELETE_FILE);
const B_UPDATE = ascii(UPDATE_FILE);
const B_MOVE = ascii(MOVE_TO);
const B_EOF = ascii(END_OF_FILE);
const B_HEREDOCS = ["<<EOF", "<<'EOF'", '<<"EOF"'].map(ascii);
const B_EOF_WORD = ascii("EOF");

/** The parser's view of the patch: lines and byte helpers. */
class Lines {
  readonly bytes: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly count: number;

  /**
   * Splits `bytes[from..to)` (trimmed, so it neither starts nor ends with a line break) on `\n`,
   * dropping the `\r` of a `\r\n`; empty input is one empty line.
   */
  constructor(bytes: Uint8Array, from: number, to: number) {
    // The file's line index does the same split (and its compiled loop is shared).
    const file = splitFileLines(bytes.subarray(from, to));
    this.bytes = file.bytes;
    this.count = Math.max(file.count, 1);
    this.starts = file.starts;
    this.ends = file.count === 0 ? new Int32Array(1) : file.ends;
  }

  text(i: number): string {
    return dec.decode(this.bytes.subarray(this.starts[i], this.ends[i]));
  }

  trimmedText(i: number): string {
    const e = trimEndAt(this.bytes, this.starts[i], this.ends[i]);
    return dec.decode(this.bytes.subarray(trimStartAt(this.bytes, this.starts[i], e), e));
  }

  /**
   * Whether line `i` may be a `***` marker once trimmed: false for the usual diff line, whose first
   * byte is `+` or `-`, or a space followed by neither whitespace nor `*` (a cheap test before `is`).
   */
  mayBeMarker(i: number): boolean {
    const s = this.starts[i];
    if (s === this.ends[i]) return false;
    const c = this.bytes[s];
    if (c === 43 || c === 45) return false;
    if (c !== 32 || s + 1 === this.ends[i]) return true;
    const d = this.bytes[s + 1];
    return d === 42 || d === 32 || (d >= 9 && d <= 13) || d >= 0x80;
  }

  isEmpty(i: number): boolean {
    return this.starts[i] === this.ends[i];
  }

  /** Whether line `i`, trimmed, is empty. */
  isBlank(i: number): boolean {
    return trimEndAt(this.bytes, this.starts[i], this.ends[i]) === this.starts[i];
  }

  firstByte(i: number): number {
    return this.starts[i] < this.ends[i] ? this.bytes[this.starts[i]] : -1;
  }

  #has(s: number, e: number, word: Uint8Array, whole: boolean): boolean {
    if (whole ? e - s !== word.length : e - s < word.length) return false;
    for (let k = 0; k < word.length; k++) if (this.bytes[s + k] !== word[k]) return false;
    return true;
  }

  /** Whether line `i` (trimmed when `trim`) equals `word`. */
  is(i: number, word: Uint8Array, trim: boolean): boolean {
    if (!trim) return this.#has(this.starts[i], this.ends[i], word, true);
    const e = trimEndAt(this.bytes, this.starts[i], this.ends[i]);
    return this.#has(trimStartAt(this.bytes, this.starts[i], e), e, word, true);
  }

  /** Whether line `i` (trimmed when `trim`) starts with `word`. */
  startsWith(i: number, word: Uint8Array, trim: boolean): boolean {
    if (!trim) return this.#has(this.starts[i], this.ends[i], word, false);
    const e = trimEndAt(this.bytes, this.starts[i], this.ends[i]);
    return this.#has(trimStartAt(this.bytes, this.starts[i], e), e, word, false);
  }

  endsWith(i: number, word: Uint8Array): boolean {
    const e = this.ends[i];
    return e - this.starts[i] >= word.length && this.#has(e - word.length, e, word, true);
  }

  /** Line `i` trimmed, after `prefix` (which it starts with), as text. */
  after(i: number, prefix: Uint8Array): string {
    const e = trimEndAt(this.bytes, this.starts[i], this.ends[i]);
    const s = trimStartAt(this.bytes, this.starts[i], e) + prefix.length;
    return dec.decode(this.bytes.subarray(s, e));
  }
}

/** The body lines (inside the markers) and the patch line number of the first. */
interface Body {
  from: number;
  to: number;
  firstLine: number;
}

/**
 * Checks the Begin/End markers and returns the body's line range with the patch line number of the
 * first. Accepts the heredoc wrapper a model may copy from a shell invocation.
 */
function patchBody(lines: Lines): Body {
  const n = lines.count;
  const markersOk = n >= 2 && lines.is(0, B_BEGIN, true) && lines.is(n - 1, B_END, true);
  if (markersOk) return { from: 1, to: n - 1, firstLine: 2 };
  if (n >= 4 && B_HEREDOCS.some((h) => lines.is(0, h, false)) && lines.endsWith(n - 1, B_EOF_WORD)) {
    if (lines.is(1, B_BEGIN, true) && lines.is(n - 2, B_END, true)) {
      return { from: 2, to: n - 2, firstLine: 3 };
    }
  }
  if (!lines.is(0, B_BEGIN, true)) {
    throw new PatchParseError("The first line of the patch must be '*** Begin Patch'");
  }
  throw new PatchParseError("The last line of the patch must be '*** End Patch'");
}

/** Parses a whole patch (text, or its UTF-8 bytes). Throws `PatchParseError` naming the line at fault. */
export function parsePatch(patch: string | Uint8Array): ParsedPatch {
  const bytes = typeof patch === "string" ? enc.encode(patch) : patch;
  const end = trimEndAt(bytes, 0, bytes.length);
  const lines = new Lines(bytes, trimStartAt(bytes, 0, end), end);
  const body = patchBody(lines);
  const parser = new Parser(lines, body);
  const hunks: Hunk[] = [];
  let i = body.from;
  while (i < body.to) {
    const { hunk, consumed } = parser.hunk(i);
    hunks.push(hunk);
    i += consumed;
  }
  return { hunks };
}

class Parser {
  readonly #lines: Lines;
  readonly #to: number;
  readonly #firstLine: number;
  readonly #from: number;
  #patchLines: PatchLines | undefined;

  constructor(lines: Lines, body: Body) {
    this.#lines = lines;
    this.#from = body.from;
    this.#to = body.to;
    this.#firstLine = body.firstLine;
  }

  /** The 1-based patch line of line `i`. */
  #lineNo(i: number): number {
    return this.#firstLine + (i - this.#from);
  }

  /** Per-line op and text ranges, allocated once for the patch on the first update chunk. */
  #chunkLines(): PatchLines {
    if (!this.#patchLines) {
      const l = this.#lines;
      this.#patchLines = {
        bytes: l.bytes,
        starts: l.starts,
        ends: l.ends,
        ops: new Uint8Array(l.count),
        textStarts: new Int32Array(l.count),
        textEnds: new Int32Array(l.count),
      };
    }
    return this.#patchLines;
  }

  hunk(start: number): { hunk: Hunk; consumed: number } {
    const l = this.#lines;
    const lineNo = this.#lineNo(start);
    if (l.startsWith(start, B_ADD, true)) {
      const path = l.after(start, B_ADD);
      let i = start + 1;
      while (i < this.#to && l.firstByte(i) === 43) i++; // "+"
      return {
        hunk: lazyAdd(path, this.#addedBytes(start + 1, i), lineNo),
        consumed: i - start,
      };
    }
    if (l.startsWith(start, B_DELETE, true)) {
      return { hunk: { type: "delete", path: l.after(start, B_DELETE), patchLine: lineNo }, consumed: 1 };
    }
    if (l.startsWith(start, B_UPDATE, true)) return this.#update(start, lineNo, l.after(start, B_UPDATE));
    throw new PatchParseError(
      `'${l.trimmedText(start)}' is not a valid hunk header. Valid hunk headers: '*** Add File: {path}', ` +
        `'*** Delete File: {path}', '*** Update File: {path}'`,
      lineNo,
    );
  }

  /** Lines `from..to` without their `+`, each followed by `\n`. */
  #addedBytes(from: number, to: number): Uint8Array {
    const { bytes, starts, ends } = this.#lines;
    let size = 0;
    for (let i = from; i < to; i++) size += ends[i] - starts[i];
    const out = new Uint8Array(size);
    let at = 0;
    for (let i = from; i < to; i++) {
      // A byte loop: a subarray per line costs more than copying a line's bytes.
      for (let k = starts[i] + 1, e = ends[i]; k < e; k++) out[at++] = bytes[k];
      out[at++] = 10;
    }
    return out;
  }

  #update(start: number, lineNo: number, path: string): { hunk: UpdateFileHunk; consumed: number } {
    const l = this.#lines;
    let i = start + 1;
    let movePath: string | undefined;
    if (i < this.#to && l.startsWith(i, B_MOVE, true)) {
      movePath = l.after(i, B_MOVE);
      i++;
    }
    const chunks: UpdateChunk[] = [];
    while (i < this.#to) {
      if (l.isBlank(i)) {
        i++; // blank lines between chunks
        continue;
      }
      if (l.firstByte(i) === 42) break; // "*": the next hunk header
      const { chunk, consumed } = this.#chunk(i, lineNo + (i - start), chunks.length === 0);
      chunks.push(chunk);
      i += consumed;
    }
    if (chunks.length === 0) {
      throw new PatchParseError(`Update file hunk for path '${path}' is empty`, lineNo);
    }
    const hunk: UpdateFileHunk = { type: "update", path, chunks, patchLine: lineNo };
    if (movePath !== undefined) hunk.movePath = movePath;
    return { hunk, consumed: i - start };
  }

  #chunk(start: number, lineNo: number, markerOptional: boolean): { chunk: UpdateChunk; consumed: number } {
    const l = this.#lines;
    let i = start;
    let context: string | undefined;
    if (l.is(start, B_AT, false)) {
      i++;
    } else if (l.startsWith(start, B_AT_SPACE, false)) {
      context = dec.decode(l.bytes.subarray(l.starts[start] + B_AT_SPACE.length, l.ends[start]));
      i++;
    } else if (!markerOptional) {
      throw new PatchParseError(
        `Expected update hunk to start with a @@ context marker, got: '${l.text(start)}'`,
        lineNo,
      );
    }
    const bodyStart = i;
    if (bodyStart >= this.#to) {
      throw new PatchParseError("Update hunk does not contain any lines", lineNo + (bodyStart - start));
    }
    const pl = this.#chunkLines();
    let endOfFile = false;
    let bodyEnd = this.#to;
    for (; i < this.#to; i++) {
      if (l.mayBeMarker(i) && l.is(i, B_EOF, true)) {
        if (i === bodyStart) {
          throw new PatchParseError("Update hunk does not contain any lines", lineNo + (i - start));
        }
        endOfFile = true;
        bodyEnd = i;
        i++;
        break;
      }
      const s = l.starts[i];
      const marker = l.firstByte(i);
      let op: number;
      if (marker === -1) op = OP_CONTEXT;
      else if (marker === 32) op = OP_CONTEXT;
      else if (marker === 43) op = OP_ADD;
      else if (marker === 45) op = OP_REMOVE;
      else if (i === bodyStart) {
        throw new PatchParseError(
          `Unexpected line found in update hunk: '${
            l.text(i)
          }'. Every line should start with ' ' (context line), ` +
            `'+' (added line), or '-' (removed line)`,
          lineNo + (i - start),
        );
      } else {
        bodyEnd = i;
        break; // ends the chunk; the caller parses what follows
      }
      pl.ops[i] = op;
      pl.textStarts[i] = marker === -1 ? s : s + 1;
      pl.textEnds[i] = l.ends[i];
    }
    const chunk = lazyChunk({ lines: pl, first: bodyStart, end: bodyEnd }, endOfFile, lineNo, context);
    return { chunk, consumed: i - start };
  }
}

const B_AT = ascii(CONTEXT_MARKER);
const B_AT_SPACE = ascii(CONTEXT_MARKER_WITH_TEXT);

const addedBytes = new WeakMap<AddFileHunk, Uint8Array>();

/** An Add File hunk's content as the parser left it (UTF-8), when it came from a parsed patch. */
export function addFileBytes(hunk: AddFileHunk): Uint8Array | undefined {
  return addedBytes.get(hunk);
}

/** An Add File hunk whose `contents` are decoded from `bytes` when first read. */
function lazyAdd(path: string, bytes: Uint8Array, patchLine: number): AddFileHunk {
  let decoded: string | undefined;
  const hunk: AddFileHunk = {
    type: "add",
    path,
    get contents(): string {
      return decoded ??= dec.decode(bytes);
    },
    set contents(v: string) {
      decoded = v;
      addedBytes.delete(hunk);
    },
    patchLine,
  };
  addedBytes.set(hunk, bytes);
  return hunk;
}

/** A chunk whose `lines` are decoded from `source` when first read (an accessor of a plain object). */
function lazyChunk(
  source: ChunkSource,
  endOfFile: boolean,
  patchLine: number,
  context?: string,
): UpdateChunk {
  let decoded: ChunkLine[] | undefined;
  const chunk: UpdateChunk = {
    get lines(): ChunkLine[] {
      if (!decoded) {
        const { lines: pl, first, end } = source;
        decoded = [];
        for (let i = first; i < end; i++) {
          decoded.push({
            op: OP_NAMES[pl.ops[i]],
            text: dec.decode(pl.bytes.subarray(pl.textStarts[i], pl.textEnds[i])),
          });
        }
      }
      return decoded;
    },
    set lines(v: ChunkLine[]) {
      decoded = v;
      sources.delete(chunk);
    },
    endOfFile,
    patchLine,
  };
  if (context !== undefined) chunk.context = context;
  sources.set(chunk, source);
  return chunk;
}
