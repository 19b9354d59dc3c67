/**
 * Processes that outlived the call that started them, per thread, addressed by the session ids the
 * model passes to `write_stdin`. The store lives in the shell plugin's session state.
 * @module
 */
import type { CommandExecutionItem, ItemHandle, ToolContext, ToolSessionState } from "../../mod.ts";
import { displayCommand } from "./command_line.ts";
import { MAX_LIVE_PROCESSES, TIMEOUT_EXIT_CODE } from "./limits.ts";
import type { ExecProcess, ExitInfo } from "./process.ts";

/** The `command_execution` payload. */
export type CommandPayload = Omit<CommandExecutionItem, "id">;

/** Emits `item.started` for a command about to run (or be declined). */
export function startCommandItem(
  ctx: Pick<ToolContext, "items">,
  argv: string[],
): ItemHandle<CommandPayload> {
  return ctx.items.start<CommandPayload>({
    type: "command_execution",
    command: displayCommand(argv),
    aggregated_output: "",
    exit_code: null,
    status: "in_progress",
  });
}

/** A process plus the item that reports it. */
export interface TrackedProcess {
  proc: ExecProcess;
  item: ItemHandle<CommandPayload>;
  /** Set once the process is kept for `write_stdin`. */
  sessionId?: number;
  /** `timeout_ms`, for the timeout note. */
  timeoutMs?: number;
  /** Whether a call was interrupted while waiting on it (it was then killed). */
  aborted: boolean;
  lastUsed: number;
}

/** The exit code reported to the model and on the item. */
export function reportedExitCode(exit: ExitInfo): number {
  return exit.timedOut ? TIMEOUT_EXIT_CODE : exit.code;
}

/** Completes the item of an exited process (no-op when already completed). */
export function completeItem(tp: TrackedProcess): void {
  const exit = tp.proc.exit;
  if (!exit) return;
  const code = reportedExitCode(exit);
  tp.item.complete({
    aggregated_output: tp.proc.aggregatedOutput(),
    exit_code: code,
    status: code === 0 ? "completed" : "failed",
  });
}

/** Kills a process, waits for it, and completes its item. */
export async function terminate(tp: TrackedProcess): Promise<void> {
  tp.proc.kill();
  await tp.proc.exited;
  completeItem(tp);
}

/** The live processes of one thread. */
export class ProcessStore {
  #nextId = 1;
  readonly #live = new Map<number, TrackedProcess>();

  /** Keeps `tp` for later `write_stdin` calls and returns its session id. */
  add(tp: TrackedProcess): number {
    if (this.#live.size >= MAX_LIVE_PROCESSES) this.#evictLeastRecentlyUsed();
    const id = this.#nextId++;
    tp.sessionId = id;
    tp.lastUsed = Date.now();
    this.#live.set(id, tp);
    return id;
  }

  /** The process with session id `id`. */
  get(id: number): TrackedProcess | undefined {
    const tp = this.#live.get(id);
    if (tp) tp.lastUsed = Date.now();
    return tp;
  }

  /** Forgets a process (after its exit was reported). */
  remove(id: number): void {
    this.#live.delete(id);
  }

  /** The live processes by session id, oldest first. */
  list(): { sessionId: number; command: string }[] {
    return [...this.#live].map(([sessionId, tp]) => ({ sessionId, command: tp.item.current.command }));
  }

  /** Number of live processes. */
  get size(): number {
    return this.#live.size;
  }

  #evictLeastRecentlyUsed(): void {
    let oldest: [number, TrackedProcess] | undefined;
    for (const entry of this.#live) if (!oldest || entry[1].lastUsed < oldest[1].lastUsed) oldest = entry;
    if (!oldest) return;
    this.#live.delete(oldest[0]);
    void terminate(oldest[1]);
  }

  /** Kills every live process and completes its item. */
  async dispose(): Promise<void> {
    const all = [...this.#live.values()];
    this.#live.clear();
    await Promise.allSettled(all.map(terminate));
  }
}

/**
 * The thread's store, kept in the plugin's session state (shared by `exec_command` and `write_stdin`)
 * and disposed with it: whatever still runs is killed and its item completed.
 */
export function processStore(session: ToolSessionState): ProcessStore {
  return session.get("processes", () => {
    const store = new ProcessStore();
    session.onDispose(() => store.dispose());
    return store;
  });
}
