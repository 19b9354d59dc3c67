/**
 * Parses Codex's patch format (shared/spec/codex-formats.md §5.1–5.2) in its lenient mode: marker lines
 * may carry surrounding whitespace, a heredoc wrapper (`<<'EOF'` … `EOF`) is tolerated, and the first
 * chunk of an Update File hunk may omit its `@@` marker.
 *
 * Errors carry the 1-based patch line they refer to, so both of Codex's phrasings (standalone
 * `Invalid patch hunk on line N: …` and the tool's `invalid hunk at line N, …`) can be produced.
 * @module
 */

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

/** Splits patch text into lines, accepting LF and CRLF. */
function splitPatchLines(text: string): string[] {
  return text.split(/\r?\n/);
}

function isHeredocStart(line: string): boolean {
  return line === "<<EOF" || line === "<<'EOF'" || line === '<<"EOF"';
}

/**
 * Checks the Begin/End markers and returns the body lines with the patch line number of the first.
 * Accepts the heredoc wrapper a model may copy from a shell invocation.
 */
function patchBody(lines: string[]): { body: string[]; firstLine: number } {
  const first = lines[0]?.trim();
  const last = lines[lines.length - 1]?.trim();
  const markersOk = lines.length >= 2 && first === BEGIN_PATCH && last === END_PATCH;
  if (markersOk) return { body: lines.slice(1, -1), firstLine: 2 };
  if (lines.length >= 4 && isHeredocStart(lines[0]) && lines[lines.length - 1].endsWith("EOF")) {
    const inner = lines.slice(1, -1);
    const innerFirst = inner[0].trim();
    const innerLast = inner[inner.length - 1].trim();
    if (innerFirst === BEGIN_PATCH && innerLast === END_PATCH) {
      return { body: inner.slice(1, -1), firstLine: 3 };
    }
  }
  if (first !== BEGIN_PATCH) {
    throw new PatchParseError("The first line of the patch must be '*** Begin Patch'");
  }
  throw new PatchParseError("The last line of the patch must be '*** End Patch'");
}

/** Parses a whole patch. Throws `PatchParseError` naming the line at fault. */
export function parsePatch(text: string): ParsedPatch {
  const { body, firstLine } = patchBody(splitPatchLines(text.trim()));
  const hunks: Hunk[] = [];
  let i = 0;
  while (i < body.length) {
    const { hunk, consumed } = parseHunk(body, i, firstLine + i);
    hunks.push(hunk);
    i += consumed;
  }
  return { hunks };
}

function parseHunk(lines: string[], start: number, lineNo: number): { hunk: Hunk; consumed: number } {
  const header = lines[start].trim();
  if (header.startsWith(ADD_FILE)) {
    const path = header.slice(ADD_FILE.length);
    let contents = "";
    let i = start + 1;
    while (i < lines.length && lines[i].startsWith("+")) {
      contents += lines[i].slice(1) + "\n";
      i++;
    }
    return { hunk: { type: "add", path, contents, patchLine: lineNo }, consumed: i - start };
  }
  if (header.startsWith(DELETE_FILE)) {
    const path = header.slice(DELETE_FILE.length);
    return { hunk: { type: "delete", path, patchLine: lineNo }, consumed: 1 };
  }
  if (header.startsWith(UPDATE_FILE)) {
    return parseUpdateHunk(lines, start, lineNo, header.slice(UPDATE_FILE.length));
  }
  throw new PatchParseError(
    `'${header}' is not a valid hunk header. Valid hunk headers: '*** Add File: {path}', ` +
      `'*** Delete File: {path}', '*** Update File: {path}'`,
    lineNo,
  );
}

function parseUpdateHunk(
  lines: string[],
  start: number,
  lineNo: number,
  path: string,
): { hunk: UpdateFileHunk; consumed: number } {
  let i = start + 1;
  let movePath: string | undefined;
  if (i < lines.length && lines[i].trim().startsWith(MOVE_TO)) {
    movePath = lines[i].trim().slice(MOVE_TO.length);
    i++;
  }
  const chunks: UpdateChunk[] = [];
  while (i < lines.length) {
    if (lines[i].trim() === "") {
      i++; // blank lines between chunks
      continue;
    }
    if (lines[i].startsWith("*")) break; // the next hunk header
    const { chunk, consumed } = parseChunk(lines, i, lineNo + (i - start), chunks.length === 0);
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

function parseChunk(
  lines: string[],
  start: number,
  lineNo: number,
  markerOptional: boolean,
): { chunk: UpdateChunk; consumed: number } {
  let i = start;
  let context: string | undefined;
  const head = lines[start];
  if (head === CONTEXT_MARKER) {
    i++;
  } else if (head.startsWith(CONTEXT_MARKER_WITH_TEXT)) {
    context = head.slice(CONTEXT_MARKER_WITH_TEXT.length);
    i++;
  } else if (!markerOptional) {
    throw new PatchParseError(
      `Expected update hunk to start with a @@ context marker, got: '${head}'`,
      lineNo,
    );
  }
  const bodyStart = i;
  if (bodyStart >= lines.length) {
    throw new PatchParseError("Update hunk does not contain any lines", lineNo + (bodyStart - start));
  }
  const chunkLines: ChunkLine[] = [];
  let endOfFile = false;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === END_OF_FILE) {
      if (i === bodyStart) {
        throw new PatchParseError("Update hunk does not contain any lines", lineNo + (i - start));
      }
      endOfFile = true;
      i++;
      break;
    }
    const marker = line[0];
    if (line === "") chunkLines.push({ op: "context", text: "" });
    else if (marker === " ") chunkLines.push({ op: "context", text: line.slice(1) });
    else if (marker === "+") chunkLines.push({ op: "add", text: line.slice(1) });
    else if (marker === "-") chunkLines.push({ op: "remove", text: line.slice(1) });
    else if (i === bodyStart) {
      throw new PatchParseError(
        `Unexpected line found in update hunk: '${line}'. Every line should start with ' ' (context line), ` +
          `'+' (added line), or '-' (removed line)`,
        lineNo + (i - start),
      );
    } else break; // ends the chunk; the caller parses what follows
  }
  const chunk: UpdateChunk = { lines: chunkLines, endOfFile, patchLine: lineNo };
  if (context !== undefined) chunk.context = context;
  return { chunk, consumed: i - start };
}
