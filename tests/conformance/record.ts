/**
 * Records what the real Codex binary sends and prints for each conformance scenario, into
 * `tests/conformance/recordings/<scenario>.json` (data only: requests, JSONL events, exit code, stderr).
 *
 * `deno run -A tests/conformance/record.ts /path/to/codex [scenario ...]`
 *
 * Not a test: committed tests only read the recordings, so they never need the real binary.
 * @module
 */
import { join } from "node:path";
import { startFakeServer } from "../e2e/fake_server.ts";
import { type Scenario, SCENARIOS } from "./scenarios.ts";
import { type Recording, scenarioConfig } from "./recording.ts";

const RECORDINGS = new URL("./recordings/", import.meta.url);

async function record(codex: string, scenario: Scenario): Promise<Recording> {
  const server = startFakeServer(scenario.steps);
  const root = await Deno.makeTempDir({ prefix: "codex-conf-" });
  const home = join(root, "home");
  const cwd = join(root, "repo");
  await Deno.mkdir(home);
  await Deno.mkdir(cwd);
  await new Deno.Command("git", { args: ["init", "-q", cwd] }).output();
  await Deno.writeTextFile(join(home, "config.toml"), scenarioConfig(scenario, server.url));
  const times: number[] = [];
  const started = Date.now();
  const poll = setInterval(() => {
    while (times.length < server.requests.length) times.push(Date.now() - started);
  }, 5);
  const out = await new Deno.Command(codex, {
    args: ["exec", "--json", "--skip-git-repo-check", ...(scenario.args ?? []), scenario.prompt],
    cwd,
    env: { CODEX_HOME: home, FAKE_KEY: "sk-test", HOME: root, PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin" },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  clearInterval(poll);
  await server.close();
  const dec = new TextDecoder();
  const stdout = dec.decode(out.stdout);
  const rollouts: unknown[][] = [];
  for await (const file of walk(join(home, "sessions"))) {
    const text = await Deno.readTextFile(file);
    rollouts.push(text.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l)));
  }
  const recording: Recording = {
    scenario: scenario.name,
    codex_version: "0.171.0",
    exit_code: out.code,
    events: stdout.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l)),
    stderr: dec.decode(out.stderr).split("\n").filter((l) => l.trim()),
    requests: server.requests.map((r, i) => ({ ...r, at_ms: times[i] ?? null })),
    rollouts,
    placeholders: { home, cwd, root, url: server.url },
  };
  await Deno.remove(root, { recursive: true });
  return recording;
}

async function* walk(dir: string): AsyncGenerator<string> {
  try {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) yield* walk(path);
      else if (entry.name.endsWith(".jsonl")) yield path;
    }
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
}

if (import.meta.main) {
  const [codex, ...names] = Deno.args;
  if (!codex) {
    console.error("usage: record.ts /path/to/codex [scenario ...]");
    Deno.exit(2);
  }
  await Deno.mkdir(RECORDINGS, { recursive: true });
  for (const scenario of SCENARIOS.filter((s) => names.length === 0 || names.includes(s.name))) {
    const rec = await record(codex, scenario);
    const text = JSON.stringify(rec, null, 1).replaceAll(rec.placeholders.root, "$ROOT")
      .replaceAll(rec.placeholders.url, "$URL").replaceAll(
        new URL(rec.placeholders.url).host,
        "$HOST",
      );
    await Deno.writeTextFile(new URL(`${scenario.name}.json`, RECORDINGS), text + "\n");
    console.log(
      `${scenario.name}: exit ${rec.exit_code}, ${rec.requests.length} requests, ${rec.events.length} events`,
    );
  }
}
