/**
 * Run budgets through the real CLI: `codex exec --max-turns/--max-tokens/--max-cost-usd` and `[budget]`
 * stop the run before the next model request, with a turn.failed event naming the budget and exit code 3.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { functionCallResponse, startFakeServer } from "./fake_server.ts";
import { assert, assertEquals, assertIncludes } from "../helpers/assert.ts";
import { jsonLines, runCli, workspace } from "../helpers/cli.ts";

/** A model that never stops calling tools (15 tokens per response). */
function endless() {
  let n = 0;
  return () => functionCallResponse([{ name: "update_plan", arguments: { plan: [] }, call_id: `c${n++}` }]);
}

function failedMessage(stdout: string): string {
  const failed = jsonLines(stdout).find((e) => e.type === "turn.failed") as { error: { message: string } };
  assert(failed !== undefined, stdout);
  return failed.error.message;
}

Deno.test("--max-turns N: N model requests, then turn.failed naming max_turns, exit 3", async () => {
  const server = startFakeServer(endless());
  try {
    const ws = workspace(server.url);
    const r = await runCli(["exec", "--json", "--max-turns", "2", "loop"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 3, r.stderr);
    assertEquals(server.requests.length, 2);
    assertIncludes(failedMessage(r.stdout), "run budget exceeded: max_turns");
  } finally {
    await server.close();
  }
});

Deno.test("[budget] max_tokens from config; the flag overrides it", async () => {
  const server = startFakeServer(endless());
  try {
    const ws = workspace(server.url, "[budget]\nmax_tokens = 40\n");
    const r = await runCli(["exec", "--json", "loop"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 3, r.stderr);
    assertEquals(server.requests.length, 3); // 15 + 15 + 15 >= 40 after the third
    assertIncludes(failedMessage(r.stdout), "max_tokens");
    const r2 = await runCli(["exec", "--json", "--max-tokens", "10", "loop"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r2.code, 3);
    assertEquals(server.requests.length, 4);
  } finally {
    await server.close();
  }
});

Deno.test("--max-cost-usd uses [model_prices]; without a price it is refused before any request", async () => {
  const server = startFakeServer(endless());
  try {
    const ws = workspace(server.url);
    const noPrice = await runCli(["exec", "--max-cost-usd", "0.01", "loop"], { cwd: ws.cwd, env: ws.env });
    assertEquals(noPrice.code, 1);
    assertIncludes(noPrice.stderr, 'model_prices."gpt-5.5"');
    assertEquals(server.requests.length, 0);
    const config = join(ws.home, "config.toml");
    // 10 input tokens at $100/M + 5 output at $200/M = $0.002 per response.
    writeFileSync(
      config,
      readFileSync(config, "utf8") + '\n[model_prices."gpt-5.5"]\ninput = 100\noutput = 200\n',
    );
    const r = await runCli(["exec", "--json", "--max-cost-usd", "0.005", "loop"], {
      cwd: ws.cwd,
      env: ws.env,
    });
    assertEquals(r.code, 3, r.stderr);
    assertEquals(server.requests.length, 3);
    assertIncludes(failedMessage(r.stdout), "max_cost_usd");
    const bad = await runCli(["exec", "--max-turns", "zero", "loop"], { cwd: ws.cwd, env: ws.env });
    assertEquals(bad.code, 2);
    assertIncludes(bad.stderr, "--max-turns");
  } finally {
    await server.close();
  }
});
