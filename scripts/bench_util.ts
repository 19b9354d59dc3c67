/**
 * Shared pieces of the benchmarks: timing one command with its peak RSS (GNU time), medians, and
 * finding the real Codex binary to compare against.
 * @module
 */
import { existsSync } from "node:fs";
import { join } from "node:path";

const GNU_TIME = "/usr/bin/time";

/** One implementation to measure. */
export interface Subject {
  name: string;
  argv: string[];
}

/** The middle value (upper median for even counts). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** One timed run. */
export interface TimedRun {
  ok: boolean;
  ms: number;
  /** Peak RSS in KiB, when GNU time is installed. */
  rssKb: number | null;
  stderr: string;
}

/** Runs `argv` once, timing it and (through /usr/bin/time) reading its peak RSS. */
export async function timeRun(
  argv: string[],
  o: { cwd: string; env?: Record<string, string>; stdin?: Uint8Array },
): Promise<TimedRun> {
  const cmd = existsSync(GNU_TIME) ? [GNU_TIME, "-f", "__RSS__ %M", ...argv] : argv;
  const t0 = performance.now();
  const child = new Deno.Command(cmd[0], {
    args: cmd.slice(1),
    cwd: o.cwd,
    env: o.env,
    clearEnv: o.env !== undefined,
    stdin: o.stdin ? "piped" : "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  if (o.stdin) {
    const w = child.stdin.getWriter();
    // A subject that exits without reading stdin closes the pipe early.
    await w.write(o.stdin).then(() => w.close()).catch(() => {});
  }
  const out = await child.output();
  const ms = performance.now() - t0;
  const stderr = new TextDecoder().decode(out.stderr);
  const m = stderr.match(/__RSS__ (\d+)/);
  return {
    ok: out.success,
    ms,
    rssKb: m ? Number(m[1]) : null,
    stderr: stderr.replace(/__RSS__ \d+\n?/, ""),
  };
}

/** The real Codex binary: `CODEX_BIN`, else `codex` on PATH. */
export function findCodex(): string | undefined {
  const fromEnv = Deno.env.get("CODEX_BIN");
  if (fromEnv) return fromEnv;
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    const p = join(dir, "codex");
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}
