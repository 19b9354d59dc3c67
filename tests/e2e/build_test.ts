/**
 * The release build's bundle: `scripts/build.ts --bundle-only --with <plugin>` produces one JavaScript
 * file that runs the whole CLI, with the organization plugin compiled in.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { functionCallResponse, startFakeServer, textResponse } from "./fake_server.ts";
import { assert, assertEquals } from "../helpers/assert.ts";
import { baseEnv, jsonLines, ROOT, workspace } from "../helpers/cli.ts";

Deno.test("build: the bundle runs the CLI with a --with plugin compiled in", async () => {
  const out = Deno.makeTempDirSync({ prefix: "codex-build-" });
  const build = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      join(ROOT, "scripts/build.ts"),
      "--bundle-only",
      "--out",
      out,
      "--with",
      join(ROOT, "tests/fixtures/org_echo_plugin.ts"),
    ],
    env: baseEnv(),
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(build.code, 0, new TextDecoder().decode(build.stderr));
  const bundle = join(out, "codex.js");
  assert.ok(existsSync(bundle));
  assert.match(readFileSync(join(out, ".entry.ts"), "utf8"), /import plugin0 from ".*org_echo_plugin\.ts";/);

  const server = startFakeServer([
    functionCallResponse([{ name: "org_echo", arguments: { text: "hi" }, call_id: "e1" }]),
    textResponse("echoed"),
  ]);
  try {
    const ws = workspace(server.url);
    const run = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--quiet", bundle, "exec", "--json", "echo please"],
      cwd: ws.cwd,
      env: { ...baseEnv(), ...ws.env },
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(run.code, 0, new TextDecoder().decode(run.stderr));
    assertEquals(jsonLines(new TextDecoder().decode(run.stdout)).at(-2), {
      type: "item.completed",
      item: { id: "item_0", type: "agent_message", text: "echoed" },
    });
    const tools = (server.requests[0].body as { tools: { name: string }[] }).tools.map((t) => t.name);
    assert.ok(tools.includes("org_echo") && tools.includes("exec_command"), tools.join(","));
    const outputs = (server.requests[1].body as { input: { type: string; output?: string }[] }).input
      .filter((i) => i.type === "function_call_output");
    assertEquals(outputs.map((o) => o.output), ["[acme] hi"]);
  } finally {
    await server.close();
  }
});
