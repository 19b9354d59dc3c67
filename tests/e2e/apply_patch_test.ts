/**
 * apply_patch through the CLI process: the standalone mode (`codex apply_patch` subcommand, stdin,
 * argv[0] dispatch) and `exec --json` runs with the freeform and the function tool. The unit tests are in
 * plugins/apply_patch/apply_patch_test.ts.
 */
import { readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { APPLY_PATCH_LARK_GRAMMAR } from "../../plugins/apply_patch/mod.ts";
import {
  customToolCallResponse,
  functionCallResponse,
  startFakeServer,
  textResponse,
} from "./fake_server.ts";
import { assert, assertEquals } from "../helpers/assert.ts";
import { baseEnv, ENTRY, jsonLines, runCli, workspace } from "../helpers/cli.ts";

const patch = (body: string) => `*** Begin Patch\n${body}*** End Patch\n`;

function tempDir(): string {
  return Deno.realPathSync(Deno.makeTempDirSync({ prefix: "apply-patch-test-" }));
}

Deno.test("standalone: `codex apply_patch` subcommand with stdin, and argv[0] dispatch", async () => {
  const dir = tempDir();
  const viaStdin = await runCli(["applypatch"], { cwd: dir, stdin: patch("*** Add File: s.txt\n+stdin\n") });
  assertEquals([viaStdin.code, viaStdin.stdout, viaStdin.stderr], [
    0,
    "Success. Updated the following files:\nA s.txt\n",
    "",
  ]);
  const bad = await runCli(["apply_patch", "not a patch"], { cwd: dir });
  assertEquals([bad.code, bad.stdout, bad.stderr], [
    1,
    "",
    "Invalid patch: The first line of the patch must be '*** Begin Patch'\n",
  ]);

  // A process started under the name apply_patch (argv[0]) runs standalone mode on its arguments.
  const bin = tempDir();
  symlinkSync(Deno.execPath(), join(bin, "apply_patch"));
  const out = await new Deno.Command(join(bin, "apply_patch"), {
    args: ["run", "-A", "--quiet", ENTRY, patch("*** Add File: argv0.txt\n+named\n")],
    cwd: dir,
    env: baseEnv(),
    clearEnv: true,
    stdin: "null",
  }).output();
  const dec = new TextDecoder();
  assertEquals([out.code, dec.decode(out.stdout)], [
    0,
    "Success. Updated the following files:\nA argv0.txt\n",
  ]);
  assertEquals(readFileSync(join(dir, "argv0.txt"), "utf-8"), "named\n");
});

// ---------------------------------------------------------------------------------------------------
// End to end

Deno.test("exec --json: custom_tool_call apply_patch → file_change items and custom_tool_call_output", async () => {
  const server = startFakeServer([
    customToolCallResponse(
      "apply_patch",
      patch("*** Add File: hello.txt\n+Hello\n*** Update File: notes.txt\n-draft\n+final\n"),
      "call_patch",
    ),
    textResponse("Patched."),
  ]);
  try {
    const ws = workspace(server.url);
    writeFileSync(join(ws.cwd, "notes.txt"), "draft\n");
    const r = await runCli(["exec", "--json", "-s", "workspace-write", "edit"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    const cwd = Deno.realPathSync(ws.cwd);
    const changes = [{ path: join(cwd, "hello.txt"), kind: "add" }, {
      path: join(cwd, "notes.txt"),
      kind: "update",
    }];
    const items = jsonLines(r.stdout).filter((e) => String(e.type).startsWith("item."));
    assertEquals(items.slice(0, 2), [
      { type: "item.started", item: { id: "item_0", type: "file_change", changes, status: "in_progress" } },
      { type: "item.completed", item: { id: "item_0", type: "file_change", changes, status: "completed" } },
    ]);
    assertEquals(readFileSync(join(ws.cwd, "hello.txt"), "utf-8"), "Hello\n");
    assertEquals(readFileSync(join(ws.cwd, "notes.txt"), "utf-8"), "final\n");

    const first = server.requests[0].body as { tools: { type: string; name?: string; format?: unknown }[] };
    const tool = first.tools.find((t) => t.name === "apply_patch");
    assertEquals(tool?.type, "custom");
    assertEquals(tool?.format, { type: "grammar", syntax: "lark", definition: APPLY_PATCH_LARK_GRAMMAR });
    const second = server.requests[1].body as {
      input: { type: string; call_id?: string; output?: string }[];
    };
    const output = second.input.find((i) => i.type === "custom_tool_call_output");
    assertEquals(output?.call_id, "call_patch");
    assert.match(
      String(output?.output),
      /^Exit code: 0\nWall time: \d+(\.\d)? seconds\nOutput:\nSuccess\. Updated the following files:\nA hello\.txt\nM notes\.txt\n$/,
    );
  } finally {
    await server.close();
  }
});

Deno.test("exec --json: apply_patch_tool_type=function offers a function tool; a failing patch emits no item", async () => {
  const server = startFakeServer([
    functionCallResponse([{
      name: "apply_patch",
      arguments: { input: patch("*** Update File: missing.txt\n-a\n+b\n") },
      call_id: "call_fn",
    }]),
    textResponse("Could not patch."),
  ]);
  try {
    const ws = workspace(server.url, 'apply_patch_tool_type = "function"\n');
    const r = await runCli(["exec", "--json", "-s", "workspace-write", "edit"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    const types = jsonLines(r.stdout).map((e) =>
      e.type === "item.completed" ? `item:${(e.item as { type: string }).type}` : e.type
    );
    assertEquals(types, ["thread.started", "turn.started", "item:agent_message", "turn.completed"]);
    const first = server.requests[0].body as { tools: { type: string; name?: string }[] };
    assertEquals(first.tools.find((t) => t.name === "apply_patch")?.type, "function");
    const second = server.requests[1].body as { input: { type: string; output?: string }[] };
    const output = second.input.find((i) => i.type === "function_call_output");
    assertEquals(
      output?.output,
      `apply_patch verification failed: Failed to read file to update ${
        join(Deno.realPathSync(ws.cwd), "missing.txt")
      }: No such file or directory (os error 2)`,
    );
  } finally {
    await server.close();
  }
});
