/**
 * Tagging the commands a CLI process starts, so they can be found and ended even when they left their
 * process group (`setsid` daemons) or when the CLI itself was killed (`kill -9`): every command gets
 * `CODEX_PROCESS_TAG=<this process's tag>` in its environment. A small reaper (`startReaper`, a detached
 * `sh` loop) ends them once the CLI is gone however it ended, and the tag is recorded with the session's
 * writer lock, so whoever takes over a dead writer's lock can end what it left running.
 * @module
 */

/** The environment variable that carries the tag. */
export const PROCESS_TAG_VAR = "CODEX_PROCESS_TAG";

/** This CLI process's tag (unique per process). */
export const PROCESS_TAG: string = crypto.randomUUID();

const TAG_SHAPE = /^[0-9a-f-]{36}$/;

/** Processes (Linux /proc; none elsewhere) whose environment holds `CODEX_PROCESS_TAG=<tag>`. */
export function taggedProcesses(tag: string = PROCESS_TAG): number[] {
  if (Deno.build.os !== "linux" || !TAG_SHAPE.test(tag)) return [];
  const needle = new TextEncoder().encode(`${PROCESS_TAG_VAR}=${tag}\0`);
  const found: number[] = [];
  let entries: Iterable<Deno.DirEntry>;
  try {
    entries = Deno.readDirSync("/proc");
  } catch {
    return [];
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e.name) || Number(e.name) === Deno.pid) continue;
    try {
      if (holds(Deno.readFileSync(`/proc/${e.name}/environ`), needle)) found.push(Number(e.name));
    } catch {
      // Exited, or not ours to read.
    }
  }
  return found;
}

/** Sends SIGKILL to every process carrying `tag`. Returns how many were signalled. */
export function killTagged(tag: string = PROCESS_TAG): number {
  let killed = 0;
  for (const pid of taggedProcesses(tag)) {
    try {
      Deno.kill(pid, "SIGKILL");
      killed++;
    } catch {
      // Gone meanwhile.
    }
  }
  return killed;
}

/** Whether the NUL-separated `environ` holds the entry `needle` (which ends with NUL). */
function holds(environ: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= environ.length; i++) {
    if (i > 0 && environ[i - 1] !== 0) continue;
    for (let j = 0; j < needle.length; j++) if (environ[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

let reaper: Deno.ChildProcess | undefined;

/**
 * Starts (once) a detached shell that waits for this process to end, however it ends (`kill -9`
 * included), then kills every process carrying this process's tag. A clean exit stops it (`unload`).
 * Linux only; elsewhere it does nothing.
 */
export function startReaper(): void {
  if (reaper || Deno.build.os !== "linux") return;
  const entry = `${PROCESS_TAG_VAR}=${PROCESS_TAG}`;
  const script = [
    `while kill -0 ${Deno.pid} 2>/dev/null; do sleep 1; done`,
    `for f in $(grep -las '${entry}' /proc/[0-9]*/environ); do p=\${f#/proc/}; kill -9 "\${p%/environ}"; done`,
  ].join("\n");
  try {
    reaper = new Deno.Command("/bin/sh", {
      args: ["-c", script],
      stdin: "null",
      stdout: "null",
      stderr: "null",
      detached: true,
    }).spawn();
  } catch {
    return; // No shell: the unload sweep and the lock takeover still apply.
  }
  reaper.unref();
  globalThis.addEventListener("unload", () => {
    try {
      reaper?.kill("SIGKILL");
    } catch {
      // Already gone.
    }
  });
}
