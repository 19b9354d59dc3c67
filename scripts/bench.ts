/**
 * Benchmarks (`deno task bench`): wall time and peak RSS of `--version` and of an `exec` hello run
 * against the fake Responses server, for this CLI and, when available, the real Codex binary measured in
 * the same run (`CODEX_BIN=/path/to/codex`, else `codex` on PATH). Prints medians and ratios.
 *
 * Options: `--runs N` (default 7). Peak RSS needs GNU time at /usr/bin/time (reported as n/a otherwise).
 * @module
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startFakeServer, textResponse } from "../tests/fake_server.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const GNU_TIME = "/usr/bin/time";

/** One measured command. */
interface Subject {
  name: string;
  argv: string[];
}

/** Median wall time and peak RSS over the runs. */
interface Figures {
  wallMs: number;
  rssKb: number | null;
  failures: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function measure(
  argv: string[],
  env: Record<string, string>,
  cwd: string,
  runs: number,
): Promise<Figures> {
  const walls: number[] = [];
  const rss: number[] = [];
  let failures = 0;
  const useTime = existsSync(GNU_TIME);
  for (let i = 0; i <= runs; i++) {
    const cmd = useTime ? [GNU_TIME, "-f", "__RSS__ %M", ...argv] : argv;
    const t0 = performance.now();
    const out = await new Deno.Command(cmd[0], {
      args: cmd.slice(1),
      env,
      cwd,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    })
      .output();
    const ms = performance.now() - t0;
    if (!out.success) failures++;
    if (i === 0) continue; // warm-up
    walls.push(ms);
    const m = new TextDecoder().decode(out.stderr).match(/__RSS__ (\d+)/);
    if (m) rss.push(Number(m[1]));
  }
  return { wallMs: median(walls), rssKb: rss.length ? Math.max(...rss) : null, failures };
}

function findCodex(): string | undefined {
  const fromEnv = Deno.env.get("CODEX_BIN");
  if (fromEnv) return fromEnv;
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    const p = join(dir, "codex");
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

function ours(): Subject {
  const compiled = join(ROOT, "dist", `codex-${Deno.build.target}`);
  if (existsSync(compiled)) return { name: "codex-deno (compiled)", argv: [compiled] };
  const bundle = join(ROOT, "dist", "codex.js");
  if (existsSync(bundle)) {
    return { name: "codex-deno (deno run dist/codex.js)", argv: [Deno.execPath(), "run", "-A", bundle] };
  }
  return { name: "codex-deno (deno run mod.ts)", argv: [Deno.execPath(), "run", "-A", join(ROOT, "mod.ts")] };
}

function fmt(f: Figures): string {
  const rss = f.rssKb === null ? "n/a" : `${(f.rssKb / 1024).toFixed(1)} MiB`;
  return `${f.wallMs.toFixed(1).padStart(8)} ms  ${rss.padStart(10)}${
    f.failures ? `  (${f.failures} failed runs)` : ""
  }`;
}

async function main(): Promise<void> {
  const runsFlag = Deno.args.indexOf("--runs");
  const runs = runsFlag >= 0 ? Number(Deno.args[runsFlag + 1]) : 7;
  const server = startFakeServer(() => textResponse("hello"));
  const scratch = Deno.makeTempDirSync({ prefix: "codex-bench-" });
  const home = join(scratch, "home");
  mkdirSync(home);
  writeFileSync(
    join(home, "config.toml"),
    `model = "bench-model"\nmodel_provider = "mock"\n\n[model_providers.mock]\nname = "mock"\nbase_url = "${server.url}"\nenv_key = "BENCH_KEY"\nwire_api = "responses"\n`,
  );
  const env = {
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    HOME: scratch,
    CODEX_HOME: home,
    BENCH_KEY: "sk-bench",
    DENO_TLS_CA_STORE: "system",
    DENO_DIR: Deno.env.get("DENO_DIR") ??
      join(Deno.env.get("XDG_CACHE_HOME") ?? join(Deno.env.get("HOME") ?? "/root", ".cache"), "deno"),
    NO_COLOR: "1",
  };
  const subjects: Subject[] = [ours()];
  const real = findCodex();
  if (real) subjects.push({ name: `codex (${real})`, argv: [real] });
  else console.log("real Codex binary not found (set CODEX_BIN); reporting this CLI only");

  const cases: [string, string[]][] = [
    ["--version", ["--version"]],
    ["exec hello", ["exec", "--skip-git-repo-check", "--ephemeral", "say hello"]],
  ];
  console.log(`runs per case: ${runs} (after 1 warm-up); median wall time, peak RSS`);
  for (const [label, args] of cases) {
    console.log(`\n${label}`);
    const results: Figures[] = [];
    for (const s of subjects) {
      const f = await measure([...s.argv, ...args], env, scratch, runs);
      results.push(f);
      console.log(`  ${s.name.padEnd(48)} ${fmt(f)}`);
    }
    if (results.length === 2) {
      const [a, b] = results;
      const rssRatio = a.rssKb && b.rssKb ? `${(a.rssKb / b.rssKb).toFixed(2)}x` : "n/a";
      console.log(
        `  ratio (ours / real codex): wall ${(a.wallMs / b.wallMs).toFixed(2)}x, peak RSS ${rssRatio}`,
      );
    }
  }
  await server.close();
  const { benchSandboxes } = await import("./bench_sandbox.ts");
  await benchSandboxes(Math.max(runs * 3, 15));
  const { benchApplyPatch } = await import("./bench_apply_patch.ts");
  await benchApplyPatch({ runs: Math.max(runs, 5) });
}

if (import.meta.main) await main();
