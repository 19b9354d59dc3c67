/**
 * One spawned command: piped stdio (no PTY), stdout and stderr captured together in arrival order, an
 * optional hard timeout, and kill of its whole process group (it runs as a session leader).
 * @module
 */
import type { ByteSegments, SpawnSpec } from "../../mod.ts";
import { EXIT_DRAIN_GRACE_MS, OUTPUT_BUFFER_BYTES } from "./limits.ts";
import { OutputBuffer } from "./output_buffer.ts";
import { killTagged, PROCESS_TAG, PROCESS_TAG_VAR, startReaper } from "../../lib/process_tag.ts";

/** How a process ended. */
export interface ExitInfo {
  /** The OS exit code (128 + signal number when killed by a signal). */
  code: number;
  signal: Deno.Signal | null;
  /** Killed because `timeout_ms` elapsed. */
  timedOut: boolean;
}

/** What ended a wait. */
export type WaitOutcome = "exited" | "yield" | "aborted";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/**
 * Read buffers for the commands' pipes, reused from one command to the next: a default pipe read
 * allocates 64 KiB each time, even for one short line (three such allocations a command).
 */
const PIPE_READ_BYTES = 64 * 1024;
const spareReadBuffers: ArrayBuffer[] = [];
const MAX_SPARE_READ_BUFFERS = 8;
const CTRL_C = "\u0003";
const CTRL_D = "\u0004";

/** Splits `chars` into runs of text and single Ctrl-C / Ctrl-D characters. */
function splitControls(chars: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] !== CTRL_C && chars[i] !== CTRL_D) continue;
    if (i > start) parts.push(chars.slice(start, i));
    parts.push(chars[i]);
    start = i + 1;
  }
  if (start < chars.length) parts.push(chars.slice(start));
  return parts;
}

/**
 * SIGKILLs every process whose session id is `sid` (Linux; elsewhere a no-op). Only a process that
 * made itself a session leader has a session id equal to its pid, so for other commands this finds
 * nothing.
 */
export function killSession(sid: number): number {
  if (Deno.build.os !== "linux") return 0;
  let killed = 0;
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync("/proc")];
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (!/^[0-9]+$/.test(e.name) || Number(e.name) === Deno.pid) continue;
    let stat: string;
    try {
      stat = Deno.readTextFileSync(`/proc/${e.name}/stat`);
    } catch {
      continue;
    }
    // "pid (comm) state ppid pgrp session ...": comm may hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[3]) !== sid) continue;
    try {
      Deno.kill(Number(e.name), "SIGKILL");
      killed++;
    } catch {
      // already gone
    }
  }
  return killed;
}

/**
 * Every process group this CLI started (each command leads its own). When the CLI exits (`unload`, which
 * `Deno.exit` fires, also after a signal), whatever is left in them is killed, background jobs included,
 * and so is every process still carrying this CLI's `CODEX_PROCESS_TAG` (daemons that left the group with
 * `setsid`), so no command outlives the session.
 */
const startedGroups = new Set<number>();
let unloadHooked = false;

function rememberGroup(pgid: number): void {
  startedGroups.add(pgid);
  if (unloadHooked) return;
  unloadHooked = true;
  globalThis.addEventListener("unload", killStartedGroups);
  startReaper();
}

/** The process groups the exit-time sweep would signal: those of commands still running. */
export function startedGroupIds(): number[] {
  return [...startedGroups];
}

/**
 * Sends SIGKILL to every process group this CLI started (groups already empty are skipped) and, on Linux,
 * to every process whose environment carries this CLI's tag.
 */
export function killStartedGroups(): void {
  for (const pgid of startedGroups) {
    try {
      Deno.kill(-pgid, "SIGKILL");
    } catch {
      // The group is empty.
    }
  }
  startedGroups.clear();
  killTagged();
}

/** A running (or finished) command. */
export class ExecProcess {
  readonly #child: Deno.ChildProcess;
  readonly #stdin: WritableStreamDefaultWriter<Uint8Array>;
  /** Everything the command printed (first and last 512 KiB kept, for the item's `aggregated_output`). */
  readonly #all = new OutputBuffer(OUTPUT_BUFFER_BYTES / 2, OUTPUT_BUFFER_BYTES / 2);
  /** Output not yet returned to the model (head and tail kept). */
  readonly #pending = new OutputBuffer(OUTPUT_BUFFER_BYTES / 2, OUTPUT_BUFFER_BYTES / 2);
  #exit: ExitInfo | null = null;
  #timedOut = false;
  #stdinClosed = false;
  /** Resolves once the process exited and its pipes were drained. */
  readonly exited: Promise<ExitInfo>;

  private constructor(child: Deno.ChildProcess, timeoutMs: number | undefined) {
    this.#child = child;
    this.#stdin = child.stdin.getWriter();
    this.exited = this.#run(timeoutMs);
  }

  /** Spawns `spec` (already wrapped by the sandbox). Throws when the OS cannot start it. */
  static spawn(spec: SpawnSpec, options: { timeoutMs?: number } = {}): ExecProcess {
    const [program, ...args] = spec.argv;
    const child = new Deno.Command(program, {
      args,
      cwd: spec.cwd,
      env: { ...spec.env, [PROCESS_TAG_VAR]: PROCESS_TAG },
      clearEnv: true,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
      // A new session/process group, so a kill reaches the command's children too.
      detached: true,
    }).spawn();
    rememberGroup(child.pid);
    return new ExecProcess(child, options.timeoutMs);
  }

  /** The process id (also its process group id). */
  get pid(): number {
    return this.#child.pid;
  }

  /** How it ended, once `exited` resolved. */
  get exit(): ExitInfo | null {
    return this.#exit;
  }

  async #run(timeoutMs: number | undefined): Promise<ExitInfo> {
    const readers: ReadableStreamBYOBReader[] = [];
    const pumps = Promise.all([
      this.#pump(this.#child.stdout, readers),
      this.#pump(this.#child.stderr, readers),
    ]);
    const timer = timeoutMs !== undefined && timeoutMs > 0
      ? setTimeout(() => {
        this.#timedOut = true;
        this.kill();
      }, timeoutMs)
      : undefined;
    const status = await this.#child.status;
    clearTimeout(timer);
    // Whatever the command left running in its session (the landlock helper made it a session leader
    // and forbids setsid; `nohup x &`, `setpgid` daemons) ends with it.
    killSession(this.#child.pid);
    // Its group is empty now, and its id may be reused by an unrelated group once the process is reaped:
    // the exit-time sweep must not signal it.
    startedGroups.delete(this.#child.pid);
    let grace: ReturnType<typeof setTimeout> | undefined;
    const drained = await Promise.race([
      pumps.then(() => true),
      new Promise<false>((r) => grace = setTimeout(() => r(false), EXIT_DRAIN_GRACE_MS)),
    ]);
    clearTimeout(grace);
    if (!drained) {
      await Promise.allSettled(readers.map((r) => r.cancel()));
      await pumps;
    }
    await this.#closeStdin();
    this.#exit = { code: status.code, signal: status.signal, timedOut: this.#timedOut };
    return this.#exit;
  }

  async #pump(stream: ReadableStream<Uint8Array>, readers: ReadableStreamBYOBReader[]) {
    const reader = stream.getReader({ mode: "byob" });
    readers.push(reader);
    let buffer = spareReadBuffers.pop() ?? new ArrayBuffer(PIPE_READ_BYTES);
    try {
      for (;;) {
        // The read takes the buffer over and gives it back as `value`'s.
        const { done, value } = await reader.read(new Uint8Array(buffer));
        if (value) buffer = value.buffer as ArrayBuffer;
        if (done || !value) break;
        const chunk = value.slice();
        this.#all.push(chunk);
        this.#pending.push(chunk);
      }
    } catch {
      // A read error ends the stream; whatever arrived is kept.
    } finally {
      reader.releaseLock();
      // A cancelled read keeps the buffer (left detached here).
      if (buffer.byteLength === PIPE_READ_BYTES && spareReadBuffers.length < MAX_SPARE_READ_BUFFERS) {
        spareReadBuffers.push(buffer);
      }
    }
  }

  async #closeStdin(): Promise<void> {
    if (this.#stdinClosed) return;
    this.#stdinClosed = true;
    try {
      await this.#stdin.close();
    } catch {
      // Already broken (the process exited).
    }
  }

  /** Sends a signal (default SIGKILL) to the process group, falling back to the process alone. */
  kill(signal: Deno.Signal = "SIGKILL"): void {
    if (this.#exit) return;
    try {
      Deno.kill(-this.#child.pid, signal);
    } catch {
      try {
        this.#child.kill(signal);
      } catch {
        // Already gone.
      }
    }
  }

  /**
   * Writes `chars` to stdin. With pipes there is no terminal, so the two control characters a terminal
   * would interpret are emulated: Ctrl-C (U+0003) sends SIGINT to the group, Ctrl-D (U+0004) closes stdin.
   */
  async send(chars: string): Promise<void> {
    for (const part of splitControls(chars)) {
      if (part === "" || this.#exit) continue;
      if (part === CTRL_C) this.kill("SIGINT");
      else if (part === CTRL_D) await this.#closeStdin();
      else if (!this.#stdinClosed) {
        try {
          await Promise.race([this.#stdin.write(encoder.encode(part)), this.exited]);
        } catch {
          // The process stopped reading (exited); its exit is reported instead.
        }
      }
    }
  }

  /** Waits until the process exits, `ms` pass, or `signal` aborts. */
  async wait(ms: number, signal?: AbortSignal): Promise<WaitOutcome> {
    if (this.#exit) return "exited";
    if (signal?.aborted) return "aborted";
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    try {
      return await Promise.race([
        this.exited.then(() => "exited" as const),
        new Promise<"yield">((r) => timer = setTimeout(() => r("yield"), ms)),
        new Promise<"aborted">((r) => {
          onAbort = () => r("aborted");
          signal?.addEventListener("abort", onAbort, { once: true });
        }),
      ]);
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener("abort", onAbort);
    }
  }

  /** Output produced since the previous call. */
  takeOutput(): ByteSegments {
    return this.#pending.take();
  }

  /**
   * Everything the command printed, for the item, as Codex 0.171 keeps it: beyond 1 MiB, the first and
   * last 512 KiB around a `\n... N bytes omitted ...\n` line.
   */
  aggregatedOutput(): string {
    const seg = this.#all.segments();
    if (seg.omitted === 0) return decoder.decode(concatBytes(seg.head, seg.tail));
    return `${decoder.decode(seg.head)}\n... ${seg.omitted} bytes omitted ...\n${decoder.decode(seg.tail)}`;
  }
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (b.length === 0) return a;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
