/**
 * The text `exec_command` and `write_stdin` return to the model (spec §4.2):
 * `Chunk ID`, `Wall time`, exit code or session id, `Original token count`, then `Output:`.
 * @module
 */
import { type ByteSegments, truncateForModel } from "../../mod.ts";

/** A fresh 6-hex-digit chunk id. */
export function newChunkId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(3));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** What one response reports. Exactly one of `exitCode` / `sessionId` is set. */
export interface ExecOutput {
  chunkId: string;
  wallTimeMs: number;
  exitCode?: number;
  sessionId?: number;
  /** Output produced since the previous response for this process. */
  output: string | ByteSegments;
  maxOutputTokens: number;
  /** A line put before the output (timeout, abort). */
  note?: string;
}

/** Formats one response. */
export function formatExecOutput(o: ExecOutput): string {
  const { body, originalTokens } = truncateForModel(o.output, o.maxOutputTokens);
  const state = o.sessionId !== undefined
    ? `Process running with session ID ${o.sessionId}`
    : `Process exited with code ${o.exitCode}`;
  return [
    `Chunk ID: ${o.chunkId}`,
    `Wall time: ${(o.wallTimeMs / 1000).toFixed(4)} seconds`,
    state,
    `Original token count: ${originalTokens}`,
    "Output:",
    (o.note ? `${o.note}\n` : "") + body,
  ].join("\n");
}
