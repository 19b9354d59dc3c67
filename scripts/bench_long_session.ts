/**
 * Long-session benchmark (`deno task bench:long`, also part of `deno task bench`): one `exec` run whose
 * fake model asks for N sequential `exec_command` calls (`echo step i xxxx…`, about 1.7 KB of request body
 * each) before its final answer. Reports, for this CLI and the real Codex binary in the same run, peak RSS
 * and the CLI's own time per tool call, for N = 20, 600 and 2,000 (`--calls 20,600,2000`; `--no-codex`
 * measures this CLI alone, for quick iterations).
 *
 * Time per call: from the server's answer to one request to the arrival of the next (the CLI reads the
 * stream, runs the command, and serialises and sends the grown history), averaged over the N calls. It
 * leaves out start-up (before the first request) and the server's own time (reading and parsing each
 * request body: 3.4 MB at 2,000 calls), which the old figure (wall time minus the script's time, / N)
 * counted as the CLI's.
 *
 * The server keeps no request bodies (only counts), so the bench process itself stays small.
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { functionCallResponse, startFakeServer, textResponse } from "../tests/e2e/fake_server.ts";
import { benchEnv, findCodex, type Subject, timeRun } from "./bench_util.ts";
import { V8_FLAGS_ARG } from "./v8_flags.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const PAD = "x".repeat(700);

/** One measured run. */
export interface LongFigures {
  calls: number;
  rssKb: number | null;
  wallMs: number;
  /** The CLI's time per call between requests (see the module doc); NaN when a request is missing. */
  perCallMs: number;
  /** CPU time (user + system, commands included) per tool call. */
  cpuPerCallMs: number | null;
  ok: boolean;
  requestKb: number;
}

function callsFlag(): number[] {
  const i = Deno.args.indexOf("--calls");
  if (i < 0) return [20, 600, 2000];
  return Deno.args[i + 1].split(",").map(Number);
}

/** Runs `subject` once with `calls` tool calls against a fresh fake server; returns its figures. */
export async function runLongSession(subject: Subject, calls: number, scratch: string): Promise<LongFigures> {
  let lastRequestBytes = 0;
  const server = startFakeServer((req) => {
    const input = (req.body as { input?: { type: string }[] }).input ?? [];
    lastRequestBytes = Number(req.headers["content-length"] ?? 0);
    let done = 0;
    for (const item of input) if (item.type === "function_call_output") done++;
    const step = done >= calls ? textResponse("done") : functionCallResponse([{
      name: "exec_command",
      arguments: { cmd: `echo step ${done} ${PAD}` },
      call_id: `call_${done}`,
    }]);
    return step;
  }, { keepRequests: false });
  const home = join(scratch, `home-${subject.name.replace(/\W+/g, "_")}-${calls}`);
  const env = benchEnv(home, scratch, server.url);
  const args = [
    "exec",
    "--skip-git-repo-check",
    "--ephemeral",
    "-s",
    "danger-full-access",
    "bench: long session",
  ];
  const r = await timeRun([...subject.argv, ...args], { cwd: scratch, env });
  await server.close();
  const t = server.timings.filter((x) => x.path.endsWith("/responses"));
  let clientMs = 0;
  for (let i = 1; i < t.length; i++) clientMs += t[i].arrivedAt - t[i - 1].answeredAt;
  return {
    calls,
    rssKb: r.rssKb,
    wallMs: r.ms,
    perCallMs: t.length === calls + 1 ? clientMs / calls : NaN,
    cpuPerCallMs: r.cpuMs === null ? null : r.cpuMs / calls,
    ok: r.ok,
    requestKb: lastRequestBytes / 1024,
  };
}

function fmt(f: LongFigures): string {
  const rss = f.rssKb === null ? "n/a" : `${(f.rssKb / 1024).toFixed(1)} MiB`;
  return `${String(f.calls).padStart(6)} calls  peak RSS ${rss.padStart(10)}  per call ${
    f.perCallMs.toFixed(1).padStart(6)
  } ms (cpu ${f.cpuPerCallMs === null ? "n/a" : f.cpuPerCallMs.toFixed(1)} ms)  last request ${
    f.requestKb.toFixed(0)
  } KiB${f.ok ? "" : "  (failed)"}`;
}

/** Runs the long-session rows for this CLI and (when found) the real Codex binary. */
export async function benchLongSession(calls = callsFlag()): Promise<void> {
  const subjects: Subject[] = [{
    name: "codex-deno (deno run mod.ts)",
    argv: [Deno.execPath(), "run", "-A", V8_FLAGS_ARG, join(ROOT, "mod.ts")],
  }];
  const real = Deno.args.includes("--no-codex") ? undefined : await findCodex();
  if (real) subjects.push({ name: "codex (real)", argv: [real] });
  const scratch = Deno.makeTempDirSync({ prefix: "codex-bench-long-" });
  try {
    console.log(
      `\nlong session: N sequential exec_command calls (~1.7 KB of request body each: call + output)`,
    );
    const rows = new Map<string, LongFigures[]>();
    for (const s of subjects) {
      console.log(`  ${s.name}`);
      const figures: LongFigures[] = [];
      for (const n of calls) {
        const f = await runLongSession(s, n, scratch);
        figures.push(f);
        console.log(`    ${fmt(f)}`);
      }
      rows.set(s.name, figures);
      const first = figures[0];
      for (const f of figures.slice(1)) {
        if (first.rssKb && f.rssKb) {
          // The bound: 1.1x the first row's peak RSS plus the history itself (the last request's body).
          const bound = first.rssKb * 1.1 + f.requestKb;
          console.log(
            `    ${f.calls} vs ${first.calls} calls: RSS ${
              (f.rssKb / first.rssKb).toFixed(2)
            }x (bound 1.1x + history = ${(bound / 1024).toFixed(1)} MiB: ${
              f.rssKb <= bound ? "within" : "over"
            }), per call ${(f.perCallMs / first.perCallMs).toFixed(2)}x`,
          );
        }
      }
    }
    if (subjects.length === 2) {
      const [a, b] = [rows.get(subjects[0].name)!, rows.get(subjects[1].name)!];
      for (let i = 0; i < a.length; i++) {
        if (a[i].rssKb && b[i].rssKb) {
          console.log(
            `  ratio at ${a[i].calls} calls (ours / real codex): peak RSS ${
              (a[i].rssKb! / b[i].rssKb!).toFixed(2)
            }x, per call ${(a[i].perCallMs / b[i].perCallMs).toFixed(2)}x`,
          );
        }
      }
    }
  } finally {
    Deno.removeSync(scratch, { recursive: true });
  }
}

if (import.meta.main) await benchLongSession();
