/**
 * Web search: `web_search = "live" | "cached" | "disabled"`, `--search` and requirements.toml decide
 * whether and how the Responses API's hosted `web_search` tool is offered; the provider's
 * `web_search_call` items become `web_search` items in `exec --json` (byte-compared with a Codex 0.171
 * recording) and in human output.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { messageItem, response, startFakeServer, textResponse, webSearchCallItem } from "./fake_server.ts";
import { assertEquals, assertIncludes } from "../helpers/assert.ts";
import { runCli, workspace } from "../helpers/cli.ts";

const FIXTURES = fileURLToPath(new URL("../fixtures/codex_0171/", import.meta.url));
type Body = { tools: Record<string, unknown>[] };

function searches() {
  return response([
    ...webSearchCallItem({ type: "search", query: "deno 2.9 release" }, "ws_1"),
    ...webSearchCallItem({ type: "open_page", url: "https://deno.com" }, "ws_2"),
    ...messageItem("found it"),
  ]);
}

/** The hosted tool offered in the first request, if any. */
async function offered(args: string[], toml = "", env: Record<string, string> = {}) {
  const fake = startFakeServer([textResponse("ok")]);
  try {
    const ws = workspace(fake.url, toml);
    const r = await runCli(["exec", ...args, "hi"], { cwd: ws.cwd, env: { ...ws.env, ...env } });
    const body = fake.requests[0]?.body as Body | undefined;
    return { r, tool: body?.tools.find((t) => t.type === "web_search"), last: body?.tools.at(-1) };
  } finally {
    await fake.close();
  }
}

Deno.test('web search: cached by default, live with --search or web_search = "live", absent when disabled', async () => {
  const cached = await offered(["--json"]);
  assertEquals(cached.r.code, 0, cached.r.stderr);
  assertEquals(cached.last, { type: "web_search", external_web_access: false });
  assertEquals((await offered(["--search", "--json"])).tool, {
    type: "web_search",
    external_web_access: true,
  });
  assertEquals((await offered(["--json"], `web_search = "live"`)).tool, {
    type: "web_search",
    external_web_access: true,
  });
  assertEquals((await offered(["--json", "-c", `web_search="disabled"`])).tool, undefined);
  assertEquals((await offered(["--json"], `[tools]\nweb_search = false`)).tool, undefined);
});

Deno.test("web search: requirements.toml can forbid it", async () => {
  const dir = Deno.makeTempDirSync();
  const req = join(dir, "requirements.toml");
  Deno.writeTextFileSync(req, `allowed_web_search_modes = ["disabled"]\nmessage = "No web access here."\n`);
  const env = { CODEX_REQUIREMENTS_PATH: req };
  // The default (cached) is not allowed: it falls back to the allowed mode.
  const fallback = await offered(["--json"], "", env);
  assertEquals(fallback.r.code, 0, fallback.r.stderr);
  assertEquals(fallback.tool, undefined);
  // An explicit choice that is not allowed is an error naming it.
  const refused = await offered(["--search", "--json"], "", env);
  assertEquals(refused.r.code, 1);
  assertIncludes(refused.r.stderr, `web_search 'live'`);
  assertIncludes(refused.r.stderr, `is not allowed by ${req}; allowed: 'disabled'. No web access here.`);
  Deno.writeTextFileSync(req, `allowed_web_search_modes = ["cached"]\n`);
  assertEquals((await offered(["--json"], "", env)).tool, { type: "web_search", external_web_access: false });
});

Deno.test("web search: web_search_call items are web_search items in exec --json, exactly as 0.171 writes them", async () => {
  const fake = startFakeServer([searches()]);
  try {
    const ws = workspace(fake.url);
    const r = await runCli(["exec", "--json", "search"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    const ours = r.stdout.split("\n").filter((l) => l.includes(`"type":"web_search"`));
    const renumber = (lines: string[]) => {
      const ids = new Map<string, string>();
      return lines.map((l) =>
        l.replace(/"item_\d+"/g, (m) => ids.get(m) ?? (ids.set(m, `"item_${ids.size}"`), ids.get(m)!))
      );
    };
    const theirs = Deno.readTextFileSync(join(FIXTURES, "web_search_items.jsonl")).trim().split("\n");
    assertEquals(renumber(ours), renumber(theirs));
  } finally {
    await fake.close();
  }
});

Deno.test("web search: human output shows each search as it starts and completes", async () => {
  const fake = startFakeServer([searches()]);
  try {
    const ws = workspace(fake.url);
    const r = await runCli(["exec", "search"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    const out = r.stdout + r.stderr;
    assertIncludes(
      out,
      "web search: \nweb search: deno 2.9 release\nweb search: \nweb search: https://deno.com\n",
    );
  } finally {
    await fake.close();
  }
});
