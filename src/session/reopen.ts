/**
 * Reopening a rollout to append to it (resume): take the session's writer lock first, cut off a torn last
 * line (a process killed mid-write leaves one; appending after it would corrupt the next record), then
 * read it.
 * @module
 */
import { basename } from "../../lib/path.ts";
import { readRollout, type RolloutContents } from "./reader.ts";
import { SessionWriteError } from "./rollout.ts";
import { WriterLock } from "./writer_lock.ts";

/** A rollout ready to be appended to: its contents and the writer lock (pass both to RolloutWriter). */
export interface ReopenedRollout extends RolloutContents {
  lock: WriterLock;
}

const UUID_TAIL = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/i;

/**
 * Cuts everything after the last newline of `path` (a torn last line). Returns the number of bytes cut
 * (0 when the file ends with a newline or is empty).
 */
export function cutTornTail(path: string): number {
  const file = Deno.openSync(path, { read: true, write: true });
  try {
    const size = file.statSync().size;
    if (size === 0) return 0;
    const chunk = new Uint8Array(64 * 1024);
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      file.seekSync(start, Deno.SeekMode.Start);
      const view = chunk.subarray(0, end - start);
      let got = 0;
      while (got < view.length) got += file.readSync(view.subarray(got)) ?? view.length;
      const nl = view.lastIndexOf(0x0a);
      if (nl >= 0) {
        const keep = start + nl + 1;
        if (keep < size) file.truncateSync(keep);
        return size - keep;
      }
      end = start;
    }
    file.truncateSync(0);
    return size;
  } finally {
    file.close();
  }
}

/**
 * Locks, repairs and reads the rollout at `path` for appending. Throws SessionBusyError when another
 * process writes it, SessionWriteError when it cannot be repaired, CodexError when it is not a session.
 */
export function reopenRollout(path: string): ReopenedRollout {
  const threadId = UUID_TAIL.exec(basename(path))?.[1] ?? basename(path);
  const lock = WriterLock.acquire(path, threadId);
  try {
    let cut = 0;
    try {
      cut = cutTornTail(path);
    } catch (err) {
      throw new SessionWriteError(`cannot repair session file ${path}: ${(err as Error).message}`);
    }
    const contents = readRollout(path);
    if (lock.orphansEnded > 0) {
      contents.warnings.unshift(
        `ended ${lock.orphansEnded} process(es) left running by the previous writer of this session ` +
          `(pid ${lock.staleHolder}, which ended without closing it)`,
      );
    }
    if (cut > 0) {
      contents.warnings.unshift(
        `cut off a torn last line (${cut} bytes) of ${path}: the process writing it ended mid-record`,
      );
    }
    return { ...contents, lock };
  } catch (err) {
    lock.release();
    throw err;
  }
}
