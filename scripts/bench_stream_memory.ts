/**
 * Peak memory of `exec --json` for a long streamed answer: a 59 KB message in 30,000 SSE deltas versus
 * a one-line answer, both from the fake server. Issue #13's bound: the streamed run within +10 MB.
 *
 * `deno run -A scripts/bench_stream_memory.ts [--runs N] [--chunks N,N,...] [--codex /path/to/codex]`
 *
 * Several `--chunks` counts show whether growth scales with the number of deltas (retention) or stays
 * flat (allocator and GC slack).
 * @module
 */
import { join } from "node:path";
import { startFakeServer, textResponse } from "../tests/e2e/fake_server.ts";
import { median, type Subject, timeRun } from "./bench_util.ts";
import { V8_FLAGS_ARG } from "./v8_flags.ts";

const CHUNKS = 30_000;
const MESSAGE_BYTES = 59_000;

function longMessageChunks(count: number): string[] {
  const piece = "x".repeat(Math.max(1, Math.floor(MESSAGE_BYTES / CHUNKS) - 1)) + " ";
  return Array.from({ length: count }, () => piece);
}

async function measure(subject: Subject, chunks: string[] | undefined, runs: number): Promise<number> {
  const rss: number[] = [];
  for (let i = 0; i < runs; i++) {
    const text = chunks ? chunks.join("") : "A one-line answer.";
    const server = startFakeServer(() => textResponse(text, { chunks: chunks ?? [text] }));
    const root = await Deno.makeTempDir({ prefix: "bench-stream-" });
    try {
      await Deno.mkdir(join(root, "home"));
      await Deno.writeTextFile(
        join(root, "home", "config.toml"),
        `model = "gpt-5.5"\nmodel_provider = "fake"\n[model_providers.fake]\nname = "Fake"\n` +
          `base_url = "${server.url}"\nenv_key = "FAKE_KEY"\nwire_api = "responses"\n`,
      );
      const run = await timeRun([...subject.argv, "exec", "--json", "--skip-git-repo-check", "go"], {
        cwd: root,
        env: {
          CODEX_HOME: join(root, "home"),
          FAKE_KEY: "k",
          HOME: root,
          PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
          DENO_TLS_CA_STORE: "system",
          DENO_DIR: Deno.env.get("DENO_DIR") ?? join(Deno.env.get("HOME") ?? "/root", ".cache", "deno"),
        },
      });
      if (!run.ok || run.rssKb === null) throw new Error(`${subject.name} failed: ${run.stderr.slice(-500)}`);
      rss.push(run.rssKb);
    } finally {
      await server.close();
      await Deno.remove(root, { recursive: true });
    }
  }
  return median(rss);
}

if (import.meta.main) {
  const runsArg = Deno.args.indexOf("--runs");
  const runs = runsArg >= 0 ? Number(Deno.args[runsArg + 1]) : 3;
  const codexArg = Deno.args.indexOf("--codex");
  const subjects: Subject[] = [{
    name: "codex-deno",
    argv: [
      Deno.execPath(),
      "run",
      "-A",
      "--quiet",
      V8_FLAGS_ARG,
      new URL("../mod.ts", import.meta.url).pathname,
    ],
  }];
  if (codexArg >= 0) subjects.push({ name: "codex 0.171", argv: [Deno.args[codexArg + 1]] });
  const chunksArg = Deno.args.indexOf("--chunks");
  const counts = chunksArg >= 0 ? Deno.args[chunksArg + 1].split(",").map(Number) : [CHUNKS];
  const mb = (kb: number) => (kb / 1024).toFixed(1);
  for (const subject of subjects) {
    const small = await measure(subject, undefined, runs);
    console.log(`${subject.name}: one-line answer ${mb(small)} MB`);
    for (const count of counts) {
      const large = await measure(subject, longMessageChunks(count), runs);
      console.log(`${subject.name}: ${count} deltas ${mb(large)} MB, growth ${mb(large - small)} MB`);
    }
  }
}
