/**
 * Applies the chunks of one Update File hunk to a file's text, in memory (spec §5.3): each chunk's
 * `@@` context line and old lines are found at or after the end of the previous chunk, pure additions
 * go to the end of the file, and the result always ends with a newline (an emptied file stays empty).
 * Context lines keep the file's own text and terminators; only removed and added lines change.
 * @module
 */
import { PatchApplyError } from "./errors.ts";
import { type FileLines, rawLine, rawLines, splitFileLines } from "./file_lines.ts";
import type { ChunkLine, UpdateChunk } from "./parser.ts";
import { SeekKeys, seekSequence } from "./seek.ts";

/** A line of a chunk's replacement: the file's line at `old` offset in the match, or new text. */
type NewLine = { old: number; text: string } | { old?: undefined; text: string };

/** One chunk located in the file. */
interface Replacement {
  start: number;
  oldLength: number;
  lines: NewLine[];
}

function oldTexts(lines: ChunkLine[]): string[] {
  return lines.filter((l) => l.op !== "add").map((l) => l.text);
}

function newLines(lines: ChunkLine[]): NewLine[] {
  const out: NewLine[] = [];
  let old = 0;
  for (const l of lines) {
    if (l.op === "add") out.push({ text: l.text });
    else if (l.op === "context") out.push({ old: old++, text: l.text });
    else old++;
  }
  return out;
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
  let old = oldTexts(chunk.lines);
  let lines = newLines(chunk.lines);
  if (old.length === 0) return { start: file.texts.length, oldLength: 0, lines };
  let match = seekSequence(keys, old, from, chunk.endOfFile);
  if (!match && old[old.length - 1] === "") {
    // A trailing blank context line often stands for the end of the file: retry without it.
    const shorter = old.slice(0, -1);
    match = seekSequence(keys, shorter, from, chunk.endOfFile);
    if (match) {
      if (lines.length > 0 && lines[lines.length - 1].text === "") lines = lines.slice(0, -1);
      // A context line beyond the shortened match is kept as plain text.
      lines = lines.map((l) => (l.old !== undefined && l.old >= shorter.length ? { text: l.text } : l));
      old = shorter;
    }
  }
  if (!match) {
    const message = `Failed to find expected lines in ${path}:\n${oldTexts(chunk.lines).join("\n")}`;
    throw new PatchApplyError(message, { toolMessage: message + hint(chunk), patchLine: chunk.patchLine });
  }
  return { start: match.index, oldLength: old.length, lines };
}

/**
 * Returns `content` with `chunks` applied. `path` (absolute) only appears in error messages.
 * Throws `PatchApplyError` when a context line or a chunk's old lines are not found.
 */
export function applyChunks(content: string, chunks: UpdateChunk[], path: string): string {
  const file = splitFileLines(content);
  const keys = new SeekKeys(file.texts);
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
  const out: string[] = [];
  let cursor = 0;
  for (const r of replacements) {
    if (cursor < r.start) out.push(rawLines(file, cursor, r.start));
    for (const line of r.lines) {
      out.push(line.old !== undefined ? rawLine(file, r.start + line.old) : line.text + file.newline);
    }
    cursor = Math.max(cursor, r.start + r.oldLength);
  }
  out.push(rawLines(file, cursor, file.texts.length));
  return out.join("");
}
