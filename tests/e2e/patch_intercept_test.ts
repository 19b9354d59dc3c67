/**
 * `apply_patch` run through the shell is intercepted: applied by the apply_patch plugin (policy checks,
 * all-or-nothing) and reported as a `file_change` item rather than a command execution.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { functionCallResponse, startFakeServer, textResponse } from "./fake_server.ts";
import { assertEquals, assertIncludes } from "../helpers/assert.ts";
import { jsonLines, runCli, workspace } from "../helpers/cli.ts";

const PATCH = "*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch";

Deno.test("patch intercept: exec_command running apply_patch yields file_change items", async () => {
  const heredoc = (cmd: string) => ({ name: "exec_command", arguments: { cmd }, call_id: `p${cmd.length}` });
  const server = startFakeServer([
    functionCallResponse([heredoc(`apply_patch <<'EOF'\n${PATCH}\nEOF`)]),
    functionCallResponse([heredoc(`cd pkg && apply_patch <<'EOF'\n${PATCH}\nEOF`)]),
    textResponse("patched"),
  ]);
  try {
    const ws = workspace(server.url);
    mkdirSync(join(ws.cwd, "pkg"));
    const r = await runCli(["exec", "--json", "-s", "workspace-write", "add hello"], {
      cwd: ws.cwd,
      env: ws.env,
    });
    assertEquals(r.code, 0, r.stderr);
    const items = jsonLines(r.stdout).flatMap((e) => (e.item ? [[e.type, e.item]] : [])) as [
      string,
      { type: string },
    ][];
    assertEquals(items.filter(([, i]) => i.type === "command_execution").length, 0);
    const changes = items.filter(([t, i]) => t === "item.completed" && i.type === "file_change").map((
      [, i],
    ) => i);
    assertEquals(changes.map((c) => (c as unknown as { changes: unknown; status: string })), [
      {
        id: "item_0",
        type: "file_change",
        changes: [{ path: join(ws.cwd, "hello.txt"), kind: "add" }],
        status: "completed",
      },
      {
        id: "item_1",
        type: "file_change",
        changes: [{ path: join(ws.cwd, "pkg", "hello.txt"), kind: "add" }],
        status: "completed",
      },
    ] as unknown[]);
    assertEquals(readFileSync(join(ws.cwd, "hello.txt"), "utf8"), "hi\n");
    assertEquals(existsSync(join(ws.cwd, "pkg", "hello.txt")), true);
    const output = (server.requests[1].body as { input: { type: string; output?: string }[] }).input
      .find((i) => i.type === "function_call_output")?.output;
    assertIncludes(String(output), "Success. Updated the following files:\nA hello.txt");
  } finally {
    await server.close();
  }
});
