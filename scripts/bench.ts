/**
 * Benchmarks (`deno task bench`): every figure as ours / real Codex / ratio from the same run, plus Deno's
 * own hello-world as the floor for startup. The real Codex is `CODEX_BIN`, else `@openai/codex` installed
 * from npm into a cache folder (see `findCodex`). Rows:
 * - `--version` and `--help` wall time (and Deno's hello-world);
 * - `exec` with one answer: wall time and spawn to first request at the fake server, beside the floor for
 *   that figure: a minimal `deno run` script that reads the same config.toml and POSTs once;
 * - `exec` with 10 tool calls: per-call overhead (wall minus the model's time) and peak RSS;
 * - sandbox cost per command, apply_patch (exact, whitespace-fuzzy, a 10 MB patch streamed as a tool
 *   call), and the long-session rows (`bench_long_session.ts`).
 *
 * Ours runs as the release binary does: `dist/codex-<target>` when built, else `deno run` with the same V8
 * flags `deno compile` bakes in (`scripts/v8_flags.ts`). Wall times are medians; CPU time (user + system)
 * is shown too, since it is less sensitive to a busy machine. Options: `--runs N` (default 7); `--case TEXT`
 * runs only the exec cases whose label contains TEXT (e.g. `--case patch`) and none of the other benches.
 * @module
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  customToolCallItem,
  functionCallResponse,
  response,
  startFakeServer,
  textResponse,
} from "../tests/e2e/fake_server.ts";
import { benchEnv, findCodex, median, type Subject, timeRun } from "./bench_util.ts";
import { V8_FLAGS_ARG } from "./v8_flags.ts";

/** Tool calls in the tool-overhead case, and the prompt that asks the fake model for them. */
const TOOL_CALLS = 10;
const TOOL_PROMPT = "bench: make tool calls";
const PATCH_PROMPT = "bench: write a big file";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** Medians over the runs (peak RSS: the largest seen). */
interface Figures {
  wallMs: number;
  cpuMs: number | null;
  rssKb: number | null;
  /** Spawn to the fake server's first request, when the case talks to it. */
  firstRequestMs: number | null;
  failures: number;
  /** Runs whose `check` failed (the run did not do the case's work). */
  invalid: number;
}

/** When the fake server saw its first request in the current run (`performance.now()`). */
let firstRequestAt: number | null = null;

async function measure(
  argv: string[],
  env: Record<string, string>,
  cwd: string,
  runs: number,
  check?: Check,
): Promise<Figures> {
  const walls: number[] = [];
  const cpus: number[] = [];
  const rss: number[] = [];
  const first: number[] = [];
  let failures = 0;
  let invalid = 0;
  for (let i = 0; i <= runs; i++) {
    firstRequestAt = null;
    check?.reset(cwd);
    const r = await timeRun(argv, { cwd, env });
    if (!r.ok) failures++;
    if (check && !check.done(cwd)) invalid++;
    if (i === 0) continue; // warm-up
    walls.push(r.ms);
    if (r.cpuMs !== null) cpus.push(r.cpuMs);
    if (r.rssKb !== null) rss.push(r.rssKb);
    if (firstRequestAt !== null) first.push(firstRequestAt - r.startedAt);
  }
  return {
    wallMs: median(walls),
    cpuMs: cpus.length ? median(cpus) : null,
    rssKb: rss.length ? Math.max(...rss) : null,
    firstRequestMs: first.length ? median(first) : null,
    failures,
    invalid,
  };
}

/** A folder for scratch dirs outside the temp dir: `$XDG_CACHE_HOME/codex-deno-bench/scratch`. */
function outsideTmp(): string {
  const cache = Deno.env.get("XDG_CACHE_HOME") ?? join(Deno.env.get("HOME") ?? "/root", ".cache");
  const dir = join(cache, "codex-deno-bench", "scratch");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Whether one run did the case's work: `reset` before the run, `done` after it. */
interface Check {
  reset(cwd: string): void;
  done(cwd: string): boolean;
}

/** The patch case's check: `generated.txt` written whole, with the patch's added lines. */
function wroteFile(patch: string): Check {
  const added = patch.split("\n").filter((l) => l.startsWith("+")).map((l) => l.slice(1));
  const bytes = new TextEncoder().encode(added.join("\n") + "\n").length;
  return {
    reset: (cwd) => rmSync(join(cwd, "generated.txt"), { force: true }),
    done: (cwd) => {
      try {
        return Deno.statSync(join(cwd, "generated.txt")).size === bytes;
      } catch {
        return false;
      }
    },
  };
}

function ours(): Subject {
  const compiled = join(ROOT, "dist", `codex-${Deno.build.target}`);
  if (existsSync(compiled)) return { name: "codex-deno (compiled)", argv: [compiled] };
  return {
    name: "codex-deno (deno run mod.ts)",
    argv: [Deno.execPath(), "run", "-A", V8_FLAGS_ARG, join(ROOT, "mod.ts")],
  };
}

function fmt(f: Figures): string {
  const rss = f.rssKb === null ? "n/a" : `${(f.rssKb / 1024).toFixed(1)} MiB`;
  const cpu = f.cpuMs === null ? "" : `  cpu ${f.cpuMs.toFixed(0)} ms`;
  const first = f.firstRequestMs === null ? "" : `  first request ${f.firstRequestMs.toFixed(1)} ms`;
  return `${f.wallMs.toFixed(1).padStart(8)} ms  ${rss.padStart(10)}${cpu}${first}${
    f.failures ? `  (${f.failures} failed runs)` : ""
  }${f.invalid ? `  (${f.invalid} runs did not do the work)` : ""}`;
}

function ratio(a: number | null, b: number | null): string {
  return a !== null && b ? `${(a / b).toFixed(2)}x` : "n/a";
}

/** A patch of about `mb` MiB adding one file (what a model streams when it writes a big file). */
function bigAddPatch(mb: number): string {
  const lines: string[] = ["*** Begin Patch", "*** Add File: generated.txt"];
  const line = "+" + "generated content line with some words in it ".repeat(2);
  const count = Math.ceil((mb * 1024 * 1024) / line.length);
  for (let i = 0; i < count; i++) lines.push(`${line}${i}`);
  lines.push("*** End Patch");
  return lines.join("\n");
}

/** `customToolCallItem`'s events with the input split into `chunk`-sized deltas, as a model streams. */
function streamedPatchCall(patch: string, chunk: number): object[] {
  const [added, , done] = customToolCallItem("apply_patch", patch, "call_big_patch") as [
    { item: { id: string } },
    object,
    object,
  ];
  const deltas: object[] = [];
  for (let at = 0; at < patch.length; at += chunk) {
    deltas.push({
      type: "response.custom_tool_call_input.delta",
      item_id: added.item.id,
      call_id: "call_big_patch",
      delta: patch.slice(at, at + chunk),
    });
  }
  return [added, ...deltas, done];
}

/**
 * The floor for spawn to first request: a `deno run` script that reads `$CODEX_HOME/config.toml` (with
 * the TOML parser the CLI uses), POSTs its argument to the configured provider once and reads the answer.
 */
function oneRequestScript(): string {
  const config = JSON.parse(Deno.readTextFileSync(join(ROOT, "deno.json"))) as {
    imports: Record<string, string>;
  };
  return `import { parse } from "${config.imports["smol-toml"]}";
type Provider = { base_url: string; env_key?: string };
const config = parse(Deno.readTextFileSync(Deno.env.get("CODEX_HOME") + "/config.toml")) as {
  model: string;
  model_provider: string;
  model_providers: Record<string, Provider>;
};
const provider = config.model_providers[config.model_provider];
const response = await fetch(provider.base_url + "/responses", {
  method: "POST",
  headers: {
    "content-type": "application/json",
    accept: "text/event-stream",
    authorization: "Bearer " + Deno.env.get(provider.env_key ?? "OPENAI_API_KEY"),
  },
  body: JSON.stringify({
    model: config.model,
    stream: true,
    input: [{ type: "message", role: "user", content: [{ type: "input_text", text: Deno.args[0] }] }],
  }),
});
await response.text();
`;
}

async function main(): Promise<void> {
  const runsFlag = Deno.args.indexOf("--runs");
  const runs = runsFlag >= 0 ? Number(Deno.args[runsFlag + 1]) : 7;
  const caseFlag = Deno.args.indexOf("--case");
  const only = caseFlag >= 0 ? Deno.args[caseFlag + 1] : undefined;
  const bigPatch = bigAddPatch(10);
  const bigPatchEvents = response(streamedPatchCall(bigPatch, 4096));
  // Plain prompts get "hello"; a prompt asking for tool calls gets TOOL_CALLS `exec_command true` calls,
  // one per response, then a final message (the request's own history says how many were made); the
  // patch prompt gets one streamed 10 MiB apply_patch call.
  const server = startFakeServer((req) => {
    firstRequestAt ??= performance.now();
    const input = (req.body as { input?: { type: string; content?: { text?: string }[] }[] }).input ?? [];
    const asks = (text: string) => input.some((i) => i.content?.some((c) => c.text === text));
    const outputs = input.filter((i) => i.type.endsWith("_call_output")).length;
    if (asks(PATCH_PROMPT)) return outputs ? textResponse("written") : bigPatchEvents;
    if (!asks(TOOL_PROMPT) || outputs >= TOOL_CALLS) return textResponse("hello");
    return functionCallResponse([{
      name: "exec_command",
      arguments: { cmd: "true" },
      call_id: `bench_${outputs}`,
    }]);
  }, { keepRequests: false });
  const scratch = Deno.makeTempDirSync({ prefix: "codex-bench-" });
  const home = join(scratch, "home");
  const env = benchEnv(home, scratch, server.url);
  const subjects: Subject[] = [ours()];
  const real = await findCodex();
  if (real) subjects.push({ name: `codex (${real.split("/").slice(-4).join("/")})`, argv: [real] });
  else console.log("real Codex binary not found (set CODEX_BIN); reporting this CLI only");

  const hello = join(scratch, "hello.ts");
  writeFileSync(hello, 'console.log("hello");\n');
  const floor = await measure([Deno.execPath(), "run", "-A", hello], env, scratch, runs);
  const oneRequest = join(scratch, "one_request.ts");
  writeFileSync(oneRequest, oneRequestScript());
  const requestFloor = await measure(
    [Deno.execPath(), "run", "-A", V8_FLAGS_ARG, oneRequest, "say hello"],
    env,
    scratch,
    runs,
  );
  console.log(`runs per case: ${runs} (after 1 warm-up); median wall time, peak RSS, median CPU`);
  console.log(`\nfloor: deno run hello.ts ${fmt(floor)}`);
  console.log(`floor: deno run one_request.ts (read config.toml, one POST) ${fmt(requestFloor)}`);

  const execArgs = ["exec", "--skip-git-repo-check", "--ephemeral", "-s", "danger-full-access"];
  // The patch case names a model Codex knows: for an unknown one (the config's "bench-model") Codex
  // offers no apply_patch tool and answers the call "unsupported". Its CODEX_HOME and work dir are outside
  // /tmp: with CODEX_HOME under the temp dir Codex creates no helper binaries and its sandboxed
  // apply_patch fails to write ("Failed to write file").
  const cases: [string, string[], Check?][] = [
    ["startup: --version", ["--version"]],
    ["startup: --help", ["--help"]],
    ["exec hello (one model round trip)", [...execArgs, "say hello"]],
    [`exec with ${TOOL_CALLS} sequential tool calls`, [...execArgs, TOOL_PROMPT]],
    ["exec with a 10 MiB patch streamed as an apply_patch call (4 KiB deltas)", [
      "exec",
      "--skip-git-repo-check",
      "--ephemeral",
      "-s",
      "workspace-write",
      "-m",
      "gpt-5.5",
      PATCH_PROMPT,
    ], wroteFile(bigPatch)],
  ];
  const table = new Map<string, Figures[]>();
  for (const [label, args, check] of cases) {
    if (only !== undefined && !label.includes(only)) continue;
    console.log(`\n${label}`);
    const results: Figures[] = [];
    const caseScratch = check ? Deno.makeTempDirSync({ dir: outsideTmp(), prefix: "codex-bench-" }) : scratch;
    const caseEnv = check ? benchEnv(join(caseScratch, "home"), caseScratch, server.url) : env;
    for (const s of subjects) {
      const work = join(caseScratch, `work-${results.length}`);
      if (existsSync(work)) Deno.removeSync(work, { recursive: true });
      mkdirSync(work, { recursive: true });
      const f = await measure([...s.argv, ...args], caseEnv, work, runs, check);
      results.push(f);
      console.log(`  ${s.name.padEnd(48)} ${fmt(f)}`);
    }
    if (caseScratch !== scratch) Deno.removeSync(caseScratch, { recursive: true });
    table.set(label, results);
    if (label.startsWith("startup")) {
      console.log(`  ours / deno hello floor: wall ${ratio(results[0].wallMs, floor.wallMs)}`);
    }
    const undone = subjects.filter((_, i) => results[i].invalid > 0).map((s) => s.name);
    if (undone.length > 0) console.log(`  INVALID ROW: ${undone.join(", ")} did not do the work`);
    else if (results.length === 2) {
      const [a, b] = results;
      console.log(
        `  ratio (ours / real codex): wall ${ratio(a.wallMs, b.wallMs)}, cpu ${ratio(a.cpuMs, b.cpuMs)}, ` +
          `peak RSS ${ratio(a.rssKb, b.rssKb)}` +
          (a.firstRequestMs !== null
            ? `, spawn to first request ${ratio(a.firstRequestMs, b.firstRequestMs)}`
            : ""),
      );
      if (a.firstRequestMs !== null && b.firstRequestMs !== null && label === cases[2][0]) {
        console.log(
          `  spawn to first request: ours ${a.firstRequestMs.toFixed(0)} ms / real codex ${
            b.firstRequestMs.toFixed(0)
          } ms / deno floor ${requestFloor.firstRequestMs?.toFixed(0) ?? "n/a"} ms (floor / codex ${
            ratio(requestFloor.firstRequestMs, b.firstRequestMs)
          }, ours / floor ${ratio(a.firstRequestMs, requestFloor.firstRequestMs)})`,
        );
      }
    }
  }
  if (only !== undefined) {
    await server.close();
    Deno.removeSync(scratch, { recursive: true });
    return;
  }
  const one = table.get(cases[2][0])!;
  const tools = table.get(cases[3][0])!;
  console.log(
    `\nper-tool-call overhead ((${TOOL_CALLS} calls − hello) / ${TOOL_CALLS}, includes one model round trip each)`,
  );
  const perCall = subjects.map((s, i) => {
    const ms = (tools[i].wallMs - one[i].wallMs) / TOOL_CALLS;
    console.log(`  ${s.name.padEnd(48)} ${ms.toFixed(1).padStart(8)} ms`);
    return ms;
  });
  if (perCall.length === 2) console.log(`  ratio (ours / real codex): ${ratio(perCall[0], perCall[1])}`);
  await server.close();
  Deno.removeSync(scratch, { recursive: true });
  const { benchSandboxes } = await import("./bench_sandbox.ts");
  await benchSandboxes(Math.max(runs * 3, 15));
  const { benchApplyPatch } = await import("./bench_apply_patch.ts");
  await benchApplyPatch({ runs: Math.max(runs, 5), hunks: 2000 });
  await benchApplyPatch({ runs: Math.max(runs, 5), hunks: 2000, fuzzy: true });
  const { benchLongSession } = await import("./bench_long_session.ts");
  await benchLongSession();
}

if (import.meta.main) await main();
