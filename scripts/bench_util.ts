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
  /** User + system CPU time in ms (GNU time), less sensitive than wall time to a busy machine. */
  cpuMs: number | null;
  /** `performance.now()` when the process was spawned (for spawn-to-first-request figures). */
  startedAt: number;
  stderr: string;
}

/** Runs `argv` once, timing it and (through /usr/bin/time) reading its peak RSS. */
export async function timeRun(
  argv: string[],
  o: { cwd: string; env?: Record<string, string>; stdin?: Uint8Array },
): Promise<TimedRun> {
  const cmd = existsSync(GNU_TIME) ? [GNU_TIME, "-f", "__RSS__ %M %U %S", ...argv] : argv;
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
  const m = stderr.match(/__RSS__ (\d+) ([\d.]+) ([\d.]+)/);
  return {
    ok: out.success,
    ms,
    rssKb: m ? Number(m[1]) : null,
    cpuMs: m ? (Number(m[2]) + Number(m[3])) * 1000 : null,
    startedAt: t0,
    stderr: stderr.replace(/__RSS__ [\d.]+ [\d.]+ [\d.]+\n?/, ""),
  };
}

/**
 * Writes `$CODEX_HOME/config.toml` in `home` pointing at the fake server `baseUrl` and returns the
 * environment a benchmarked CLI runs with (HOME under `scratch`, the parent's DENO_DIR, no colour).
 */
export function benchEnv(home: string, scratch: string, baseUrl: string): Record<string, string> {
  Deno.mkdirSync(home, { recursive: true });
  Deno.writeTextFileSync(
    join(home, "config.toml"),
    `model = "bench-model"\nmodel_provider = "mock"\n\n[model_providers.mock]\nname = "mock"\nbase_url = "${baseUrl}"\nenv_key = "BENCH_KEY"\nwire_api = "responses"\n`,
  );
  return {
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    HOME: scratch,
    CODEX_HOME: home,
    BENCH_KEY: "sk-bench",
    DENO_TLS_CA_STORE: "system",
    DENO_DIR: Deno.env.get("DENO_DIR") ??
      join(Deno.env.get("XDG_CACHE_HOME") ?? join(Deno.env.get("HOME") ?? "/root", ".cache"), "deno"),
    NO_COLOR: "1",
  };
}

/** The Codex release the benchmarks compare against. */
export const CODEX_VERSION = "0.171.0";

/** The native binary inside an installed `@openai/codex` (its `bin/codex` is a Node wrapper). */
function nativeCodex(prefix: string): string | undefined {
  const pkgs = join(prefix, "node_modules", "@openai");
  if (!existsSync(pkgs)) return undefined;
  for (const pkg of Deno.readDirSync(pkgs)) {
    if (!pkg.name.startsWith("codex-")) continue;
    const vendor = join(pkgs, pkg.name, "vendor");
    if (!existsSync(vendor)) continue;
    for (const triple of Deno.readDirSync(vendor)) {
      const exe = join(vendor, triple.name, "bin", "codex");
      if (existsSync(exe)) return exe;
    }
  }
  return undefined;
}

/**
 * The real Codex binary: `CODEX_BIN`; else `@openai/codex@CODEX_VERSION` installed from npm into a
 * cache folder (`$XDG_CACHE_HOME/codex-deno-bench`, once; nothing is installed when the registry is out
 * of reach); else `codex` on PATH. Undefined when none is found (the bench then reports this CLI only).
 */
export async function findCodex(): Promise<string | undefined> {
  const fromEnv = Deno.env.get("CODEX_BIN");
  if (fromEnv) return fromEnv;
  const cache = join(
    Deno.env.get("XDG_CACHE_HOME") ?? join(Deno.env.get("HOME") ?? "/tmp", ".cache"),
    "codex-deno-bench",
    `codex-${CODEX_VERSION}`,
  );
  let exe = nativeCodex(cache);
  if (!exe) {
    Deno.mkdirSync(cache, { recursive: true });
    const install = await new Deno.Command("npm", {
      args: [
        "install",
        "--prefix",
        cache,
        "--no-audit",
        "--no-fund",
        "--silent",
        `@openai/codex@${CODEX_VERSION}`,
      ],
      stdout: "null",
      stderr: "piped",
    }).output().catch(() => undefined);
    if (install?.success) exe = nativeCodex(cache);
    else console.log(`could not install @openai/codex@${CODEX_VERSION} from npm; looking for codex on PATH`);
  }
  if (exe) return exe;
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    const p = join(dir, "codex");
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}
