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
import { functionCallResponse, startFakeServer, textResponse } from "../tests/fake_server.ts";
import { findCodex, median, type Subject, timeRun } from "./bench_util.ts";

/** Tool calls in the tool-overhead case, and the prompt that asks the fake model for them. */
const TOOL_CALLS = 10;
const TOOL_PROMPT = "bench: make tool calls";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** Median wall time and peak RSS over the runs. */
interface Figures {
  wallMs: number;
  rssKb: number | null;
  failures: number;
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
  for (let i = 0; i <= runs; i++) {
    const r = await timeRun(argv, { cwd, env });
    if (!r.ok) failures++;
    if (i === 0) continue; // warm-up
    walls.push(r.ms);
    if (r.rssKb !== null) rss.push(r.rssKb);
  }
  return { wallMs: median(walls), rssKb: rss.length ? Math.max(...rss) : null, failures };
}

function ours(): Subject {
  const compiled = join(ROOT, "dist", `codex-${Deno.build.target}`);
  if (existsSync(compiled)) return { name: "codex-deno (compiled)", argv: [compiled] };
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
  // Plain prompts get "hello"; a prompt asking for tool calls gets TOOL_CALLS `exec_command true` calls,
  // one per response, then a final message (the request's own history says how many were made).
  const server = startFakeServer((req) => {
    const input = (req.body as { input?: { type: string; content?: { text?: string }[] }[] }).input ?? [];
    const wantsTools = input.some((i) => i.content?.some((c) => c.text === TOOL_PROMPT));
    const done = input.filter((i) => i.type === "function_call_output").length;
    if (!wantsTools || done >= TOOL_CALLS) return textResponse("hello");
    return functionCallResponse([{
      name: "exec_command",
      arguments: { cmd: "true" },
      call_id: `bench_${done}`,
    }]);
  });
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

  const execArgs = ["exec", "--skip-git-repo-check", "--ephemeral", "-s", "danger-full-access"];
  const cases: [string, string[]][] = [
    ["startup: --version", ["--version"]],
    ["exec hello (one model round trip)", [...execArgs, "say hello"]],
    [`exec with ${TOOL_CALLS} sequential tool calls`, [...execArgs, TOOL_PROMPT]],
  ];
  const table = new Map<string, Figures[]>();
  console.log(`runs per case: ${runs} (after 1 warm-up); median wall time, peak RSS`);
  for (const [label, args] of cases) {
    console.log(`\n${label}`);
    const results: Figures[] = [];
    for (const s of subjects) {
      const f = await measure([...s.argv, ...args], env, scratch, runs);
      results.push(f);
      table.set(label, results);
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
  const hello = table.get(cases[1][0])!;
  const tools = table.get(cases[2][0])!;
  console.log(
    `\nper-tool-call overhead ((${TOOL_CALLS} calls − hello) / ${TOOL_CALLS}, includes one model round trip each)`,
  );
  const perCall = subjects.map((s, i) => {
    const ms = (tools[i].wallMs - hello[i].wallMs) / TOOL_CALLS;
    console.log(`  ${s.name.padEnd(48)} ${ms.toFixed(1).padStart(8)} ms`);
    return ms;
  });
  if (perCall.length === 2) {
    console.log(`  ratio (ours / real codex): ${(perCall[0] / perCall[1]).toFixed(2)}x`);
  }
  await server.close();
  const { benchSandboxes } = await import("./bench_sandbox.ts");
  await benchSandboxes(Math.max(runs * 3, 15));
  const { benchApplyPatch } = await import("./bench_apply_patch.ts");
  await benchApplyPatch({ runs: Math.max(runs, 5) });
}

if (import.meta.main) await main();
