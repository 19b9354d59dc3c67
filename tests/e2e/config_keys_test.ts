/**
 * Config keys that used to be parsed and never read: the ones kept now act, the removed ones are
 * reported as unknown, and `--enable/--disable` of a Codex feature this CLI lacks says so.
 */
import { startFakeServer, textResponse } from "./fake_server.ts";
import { assert, assertEquals, assertIncludes } from "../helpers/assert.ts";
import { runCli, workspace } from "../helpers/cli.ts";

const texts = (body: unknown) => JSON.stringify((body as { input: unknown }).input);

Deno.test("config keys: include_* drop context blocks; removed keys and unknown features are warned about", async () => {
  const server = startFakeServer([textResponse("plain"), textResponse("full")]);
  try {
    const ws = workspace(server.url, `model_catalog_json = "catalog.json"\nchatgpt_base_url = "https://x"\n`);
    const r = await runCli([
      "exec",
      "-c",
      "include_permissions_instructions=false",
      "-c",
      "include_environment_context=false",
      "--enable",
      "web_search_request",
      "hi",
    ], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    const lean = texts(server.requests[0].body);
    assert.ok(!lean.includes("<permissions instructions>"), lean);
    assert.ok(!lean.includes("<environment_context>"), lean);
    // A Codex feature this CLI does not have is warned about (an unknown name is an error: cli_commands_test).
    assertIncludes(
      r.stderr,
      "features.web_search_request: feature 'web_search_request' has no effect in this CLI",
    );
    assertIncludes(r.stderr, "ignoring unknown config key `model_catalog_json`");
    assertIncludes(r.stderr, "ignoring unknown config key `chatgpt_base_url`");

    const full = await runCli(["exec", "hi"], { cwd: ws.cwd, env: ws.env });
    assertEquals(full.code, 0, full.stderr);
    const body = texts(server.requests[1].body);
    assertIncludes(body, "<permissions instructions>");
    assertIncludes(body, "<environment_context>");
  } finally {
    await server.close();
  }
});
