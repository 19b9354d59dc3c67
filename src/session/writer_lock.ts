/**
 * One writer per session. The process appending to a rollout holds an exclusive `flock` on
 * `<rollout>.lock`, which holds its pid and its process tag (see lib/process_tag.ts). A second process that
 * wants to write the same session fails at once (`SessionBusyError`); a lock left by a process that died
 * (kill -9, power loss) holds no `flock` any more and is taken over, and the commands that process left
 * running (they carry its tag) are ended. Within one process the lock is shared (an interactive `/resume`
 * of the session already open, the MCP server's replies): one process appends synchronously and cannot
 * interleave.
 * @module
 */
import { CodexError } from "../kernel/errors.ts";
import { killTagged, PROCESS_TAG } from "../../lib/process_tag.ts";

/** Another live process is writing the session. */
export class SessionBusyError extends CodexError {}

/** The lock file of a rollout. */
export function lockPathOf(rolloutPath: string): string {
  return `${rolloutPath}.lock`;
}

interface Held {
  file: Deno.FsFile;
  refs: number;
}

const held = new Map<string, Held>();
let unloadHooked = false;

/** Removes the lock files still held when the process exits (e.g. `Deno.exit` after a second signal). */
function removeHeldOnUnload(): void {
  if (unloadHooked) return;
  unloadHooked = true;
  globalThis.addEventListener("unload", () => {
    for (const path of held.keys()) {
      try {
        Deno.removeSync(path);
      } catch {
        // Already gone.
      }
    }
  });
}

/** A held writer lock; `release` once the writer is done. */
export class WriterLock {
  readonly path: string;
  /** The pid recorded by a holder that died without releasing (the lock was taken over). */
  readonly staleHolder?: number;
  /** How many processes that dead holder left running were ended. */
  readonly orphansEnded: number;
  #released = false;

  private constructor(path: string, staleHolder?: number, orphansEnded = 0) {
    this.path = path;
    this.staleHolder = staleHolder;
    this.orphansEnded = orphansEnded;
  }

  /**
   * Takes the lock of `rolloutPath` for thread `threadId`. Throws SessionBusyError when another process
   * holds it, CodexError when the lock file cannot be made.
   */
  static acquire(rolloutPath: string, threadId: string): WriterLock {
    const path = lockPathOf(rolloutPath);
    const mine = held.get(path);
    if (mine) {
      mine.refs++;
      return new WriterLock(path);
    }
    for (let attempt = 0; attempt < 5; attempt++) {
      let file: Deno.FsFile;
      try {
        file = Deno.openSync(path, { read: true, write: true, create: true, mode: 0o600 });
      } catch (err) {
        throw new CodexError(
          `cannot lock session ${threadId}: cannot open ${path}: ${(err as Error).message}`,
        );
      }
      if (!file.tryLockSync(true)) {
        const { pid } = readHolder(file);
        file.close();
        throw new SessionBusyError(
          `thread ${threadId} already has an active writer${
            pid ? ` (pid ${pid})` : ""
          }: another codex process ` +
            `is writing this session. Wait for it to end (or stop it), then retry. Lock: ${path}`,
        );
      }
      // The previous holder may have removed the file between our open and our lock: lock the live one.
      if (!sameFile(file, path)) {
        file.close();
        continue;
      }
      const stale = readHolder(file);
      try {
        file.truncateSync(0);
        file.seekSync(0, Deno.SeekMode.Start);
        file.writeSync(new TextEncoder().encode(`${Deno.pid}\n${PROCESS_TAG}\n`));
      } catch {
        // The pid is informative only; the flock is the lock.
      }
      held.set(path, { file, refs: 1 });
      removeHeldOnUnload();
      if (stale.pid === undefined || stale.pid === Deno.pid) return new WriterLock(path);
      // Nobody holds the lock, so its last holder is gone: end what it left running.
      const ended = stale.tag && stale.tag !== PROCESS_TAG ? killTagged(stale.tag) : 0;
      return new WriterLock(path, stale.pid, ended);
    }
    throw new CodexError(`cannot lock session ${threadId}: ${path} keeps being replaced`);
  }

  /** Releases the lock (removing the lock file once no writer of this process needs it). Idempotent. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    const entry = held.get(this.path);
    if (!entry || --entry.refs > 0) return;
    held.delete(this.path);
    try {
      Deno.removeSync(this.path);
    } catch {
      // Already gone.
    }
    entry.file.close();
  }
}

/** The pid and process tag a lock file records (`<pid>\n<tag>\n`). */
function readHolder(file: Deno.FsFile): { pid?: number; tag?: string } {
  try {
    file.seekSync(0, Deno.SeekMode.Start);
    const buf = new Uint8Array(128);
    const n = file.readSync(buf) ?? 0;
    const [pidText, tag] = new TextDecoder().decode(buf.subarray(0, n)).split("\n");
    const pid = Number(pidText.trim());
    return { pid: Number.isInteger(pid) && pid > 0 ? pid : undefined, tag: tag?.trim() || undefined };
  } catch {
    return {};
  }
}

function sameFile(file: Deno.FsFile, path: string): boolean {
  try {
    const a = file.statSync(), b = Deno.statSync(path);
    return a.ino === b.ino && a.dev === b.dev;
  } catch {
    return false;
  }
}
