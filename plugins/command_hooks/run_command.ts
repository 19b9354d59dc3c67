/**
 * Runs one hook command: `sh -c COMMAND` in the session's cwd with the JSON payload on stdin; after its
 * timeout the whole process group is killed.
 * @module
 */

/** What a hook command did. */
export interface HookRun {
  code: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs `command` with `payload` as JSON on stdin. */
export async function runHookCommand(
  command: string,
  payload: unknown,
  cwd: string,
  timeoutMs: number,
): Promise<HookRun> {
  const child = new Deno.Command("/bin/sh", {
    args: ["-c", command],
    cwd,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    // Its own process group, so a timeout kills the command's children too.
    detached: true,
  }).spawn();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      Deno.kill(-child.pid, "SIGKILL");
    } catch { /* already gone */ }
  }, timeoutMs);
  try {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(JSON.stringify(payload))).catch(() => {});
    await writer.close().catch(() => {});
    const out = await child.output();
    const dec = new TextDecoder();
    return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr), timedOut };
  } finally {
    clearTimeout(timer);
  }
}
