/**
 * Plays a conformance scenario against this CLI (`deno run -A mod.ts exec --json …`) with the same
 * fake-server script and config.toml the recording was made with.
 * @module
 */
import { join } from "node:path";
import { startFakeServer } from "../e2e/fake_server.ts";
import { runCli } from "../helpers/cli.ts";
import type { Recording } from "./recording.ts";
import { scenarioConfig } from "./recording.ts";
import type { Scenario } from "./scenarios.ts";

/** Runs `scenario` with this CLI; the result has the recording's shape (placeholders already applied). */
export async function runOurs(scenario: Scenario): Promise<Recording> {
  const server = startFakeServer(scenario.steps);
  const root = await Deno.makeTempDir({ prefix: "codex-conf-ours-" });
  const home = join(root, "home");
  const cwd = join(root, "repo");
  await Deno.mkdir(home);
  await Deno.mkdir(cwd);
  await new Deno.Command("git", { args: ["init", "-q", cwd] }).output();
  await Deno.writeTextFile(join(home, "config.toml"), scenarioConfig(scenario, server.url));
  try {
    const out = await runCli(
      ["exec", "--json", "--skip-git-repo-check", ...(scenario.args ?? []), scenario.prompt],
      {
        cwd,
        // An empty pipe, not /dev/null: the run must not depend on the host's /dev/null.
        stdin: "",
        env: {
          CODEX_HOME: home,
          FAKE_KEY: "sk-test",
          HOME: root,
          PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
        },
      },
    );
    const rec: Recording = {
      scenario: scenario.name,
      codex_version: "ours",
      exit_code: out.code,
      events: out.stdout.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l)),
      stderr: out.stderr.split("\n").filter((l) => l.trim()),
      requests: server.requests.map((r) => ({ ...r, at_ms: null })),
      rollouts: [],
      placeholders: { home, cwd, root, url: server.url },
    };
    const host = new URL(server.url).host;
    return JSON.parse(
      JSON.stringify(rec).replaceAll(root, "$ROOT").replaceAll(server.url, "$URL").replaceAll(host, "$HOST"),
    );
  } finally {
    await server.close();
    await Deno.remove(root, { recursive: true });
  }
}
