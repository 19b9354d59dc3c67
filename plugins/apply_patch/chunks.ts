/**
 * Applies the chunks of one Update File hunk to a file's bytes, in memory (spec §5.3): each chunk's
 * `@@` context line and old lines are found at or after the end of the previous chunk, pure additions
 * go to the end of the file, and the result always ends with a newline (an emptied file stays empty).
 * Context lines keep the file's own bytes and terminators; only removed and added lines change. The
 * result is a list of spans of the original and of the patch's lines (see `spliced.ts`).
 * @module
 */
import { PatchApplyError } from "./errors.ts";
import { type FileLines, lacksTerminator, splitFileLines } from "./file_lines.ts";
import { type ChunkLine, chunkSource, OP_ADD, OP_CONTEXT, OP_REMOVE, type UpdateChunk } from "./parser.ts";
import { SeekKeys, seekSequence } from "./seek.ts";
import { SplicedContent } from "./spliced.ts";

const enc = new TextEncoder();

/** A chunk's lines as UTF-8: line `i` (`first <= i < end`) is `bytes[ks[i]..ke[i])` with op `ops[i]`. */
interface ChunkView {
  bytes: Uint8Array;
  ks: Int32Array;
  ke: Int32Array;
  ops: Uint8Array;
  first: number;
  end: number;
}

/** One chunk located in the file. */
interface Replacement {
  start: number;
  oldLength: number;
  /** Per new line: the chunk line holding its text. */
  lineOf: number[];
  /** Per new line: its offset among the matched file lines (kept context), or -1 for patch text. */
  oldOf: number[];
  text: ChunkView;
}

const OPS: Record<ChunkLine["op"], number> = { context: OP_CONTEXT, remove: OP_REMOVE, add: OP_ADD };

/** The chunk's lines where the parser left them in the patch, else encoded here (each followed by `\n`). */
function chunkView(chunk: UpdateChunk): ChunkView {
  const source = chunkSource(chunk);
  if (source) {
    const pl = source.lines;
    return {
      bytes: pl.bytes,
      ks: pl.textStarts,
      ke: pl.textEnds,
      ops: pl.ops,
      first: source.first,
      end: source.end,
    };
  }
  const lines = chunk.lines;
  let joined = "";
  for (const l of lines) joined += l.text + "\n";
  const bytes = enc.encode(joined);
  const ks = new Int32Array(lines.length);
  const ke = new Int32Array(lines.length);
  const ops = Uint8Array.from(lines, (l) => OPS[l.op]);
  let at = 0;
  for (let i = 0; i < lines.length; i++) {
    ks[i] = at;
    ke[i] = bytes.indexOf(10, at);
    at = ke[i] + 1;
  }
  return { bytes, ks, ke, ops, first: 0, end: lines.length };
}

function oldTexts(lines: ChunkLine[]): string[] {
  return lines.filter((l) => l.op !== "add").map((l) => l.text);
}

function hint(chunk: UpdateChunk): string {
  return `\n(chunk at patch line ${chunk.patchLine}; no file was changed)`;
}

function locate(
  file: FileLines,
  keys: SeekKeys,
  chunk: UpdateChunk,
  from: number,
  path: string,
): Replacement {
  const text = chunkView(chunk);
  const oldLines: number[] = [];
  let lineOf: number[] = [];
  let oldOf: number[] = [];
  for (let i = text.first; i < text.end; i++) {
    const op = text.ops[i];
    if (op === OP_ADD) {
      lineOf.push(i);
      oldOf.push(-1);
      continue;
    }
    if (op === OP_CONTEXT) {
      lineOf.push(i);
      oldOf.push(oldLines.length);
    }
    oldLines.push(i);
  }
  if (oldLines.length === 0) return { start: file.count, oldLength: 0, lineOf, oldOf, text };
  let pattern = new SeekKeys({
    bytes: text.bytes,
    ks: Int32Array.from(oldLines, (i) => text.ks[i]),
    ke: Int32Array.from(oldLines, (i) => text.ke[i]),
  }, oldLines.length);
  let match = seekSequence(keys, pattern, from, chunk.endOfFile);
  const lastOld = oldLines[oldLines.length - 1];
  if (!match && text.ke[lastOld] === text.ks[lastOld]) {
    // A trailing blank context line often stands for the end of the file: retry without it.
    const shorter = pattern.withoutLast();
    match = seekSequence(keys, shorter, from, chunk.endOfFile);
    if (match) {
      const n = lineOf.length;
      if (n > 0 && text.ke[lineOf[n - 1]] === text.ks[lineOf[n - 1]]) {
        lineOf = lineOf.slice(0, -1);
        oldOf = oldOf.slice(0, -1);
      }
      // A context line beyond the shortened match is kept as plain text.
      oldOf = oldOf.map((o) => (o >= shorter.count ? -1 : o));
      pattern = shorter;
    }
  }
  if (!match) {
    const message = `Failed to find expected lines in ${path}:\n${oldTexts(chunk.lines).join("\n")}`;
    throw new PatchApplyError(message, { toolMessage: message + hint(chunk), patchLine: chunk.patchLine });
  }
  return { start: match.index, oldLength: pattern.count, lineOf, oldOf, text };
}

/**
 * Collects the result as pieces. Adjacent spans of one source (a run of untouched lines and the context
 * lines that follow, consecutive added lines) become one piece.
 */
class Output {
  readonly parts: Uint8Array[] = [];
  #src: Uint8Array | undefined;
  #s = 0;
  #e = 0;

  put(src: Uint8Array, s: number, e: number): void {
    if (src === this.#src && s === this.#e) {
      this.#e = e;
      return;
    }
    this.flush();
    this.#src = src;
    this.#s = s;
    this.#e = e;
  }

  flush(): void {
    if (this.#src !== undefined && this.#e > this.#s) this.parts.push(this.#src.subarray(this.#s, this.#e));
    this.#src = undefined;
  }
}

function emit(file: FileLines, replacements: Replacement[], o: Output): void {
  const { bytes, starts, newline } = file;
  // Lines from..to as written; a last line without terminator gets the file's newline.
  const lines = (from: number, to: number) => {
    if (from >= to) return;
    o.put(bytes, starts[from], starts[to]);
    if (lacksTerminator(file, to - 1)) o.put(newline, 0, newline.length);
  };
  let cursor = 0;
  for (const r of replacements) {
    if (cursor < r.start) lines(cursor, r.start);
    for (let k = 0; k < r.lineOf.length; k++) {
      const old = r.oldOf[k];
      if (old >= 0) lines(r.start + old, r.start + old + 1);
      else {
        const i = r.lineOf[k];
        const { bytes: tb, ks, ke } = r.text;
        if (newline.length === 1 && tb[ke[i]] === 10 && ke[i] < tb.length) o.put(tb, ks[i], ke[i] + 1); // with its "\n"
        else {
          o.put(r.text.bytes, r.text.ks[i], r.text.ke[i]);
          o.put(newline, 0, newline.length);
        }
      }
    }
    cursor = Math.max(cursor, r.start + r.oldLength);
  }
  lines(cursor, file.count);
  o.flush();
}

/**
 * Returns `content` (UTF-8, or its line index) with `chunks` applied, as pieces of `content` and of the chunks' lines. `path` (absolute) only appears in error messages.
 * Throws `PatchApplyError` when a context line or a chunk's old lines are not found.
 */
export function applyChunks(
  content: Uint8Array | FileLines,
  chunks: UpdateChunk[],
  path: string,
): SplicedContent {
  const file = content instanceof Uint8Array ? splitFileLines(content) : content;
  const keys = SeekKeys.ofFile(file);
  const replacements: Replacement[] = [];
  let position = 0;
  for (const chunk of chunks) {
    if (chunk.context !== undefined) {
      const found = seekSequence(keys, [chunk.context], position, false);
      if (!found) {
        const message = `Failed to find context '${chunk.context}' in ${path}`;
        throw new PatchApplyError(message, {
          toolMessage: message + hint(chunk),
          patchLine: chunk.patchLine,
        });
      }
      position = found.index + 1;
    }
    const r = locate(file, keys, chunk, position, path);
    replacements.push(r);
    if (r.oldLength > 0) position = r.start + r.oldLength;
  }
  replacements.sort((a, b) => a.start - b.start);
  const out = new Output();
  emit(file, replacements, out);
  return new SplicedContent(out.parts);
}
