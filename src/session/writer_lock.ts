/**
 * One writer per session. The process appending to a rollout holds an exclusive `flock` on
 * `<rollout>.lock`, which holds its pid. A second process that wants to write the same session fails at
 * once (`SessionBusyError`); a lock left by a process that died (kill -9, power loss) holds no `flock` any
 * more and is taken over. Within one process the lock is shared (an interactive `/resume` of the session
 * already open, the MCP server's replies), since one process appends synchronously and cannot interleave.
 * @module
 */
import { CodexError } from "../kernel/errors.ts";

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
  #released = false;

  private constructor(path: string, staleHolder?: number) {
    this.path = path;
    this.staleHolder = staleHolder;
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
        const pid = readPid(file);
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
      const stale = readPid(file);
      try {
        file.truncateSync(0);
        file.seekSync(0, Deno.SeekMode.Start);
        file.writeSync(new TextEncoder().encode(`${Deno.pid}\n`));
      } catch {
        // The pid is informative only; the flock is the lock.
      }
      held.set(path, { file, refs: 1 });
      removeHeldOnUnload();
      return new WriterLock(path, stale !== undefined && stale !== Deno.pid ? stale : undefined);
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

function readPid(file: Deno.FsFile): number | undefined {
  try {
    file.seekSync(0, Deno.SeekMode.Start);
    const buf = new Uint8Array(32);
    const n = file.readSync(buf) ?? 0;
    const pid = Number(new TextDecoder().decode(buf.subarray(0, n)).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
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
