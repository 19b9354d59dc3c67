/**
 * `[prompts]` for headless boxes: an operator answers a waiting approval through the answer pipe, the
 * notify command and the Notification hook learn that a prompt waits, and an unanswered prompt times
 * out to the configured answer (deny by default). Driven through `exec` and the session with no stdin.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { functionCallResponse, startFakeServer, textResponse } from "./fake_server.ts";
import { assert, assertEquals, assertIncludes } from "../helpers/assert.ts";
import { runCli, spawnCli, workspace } from "../helpers/cli.ts";

const callOutput = (body: unknown, id: string) =>
  String(
    (body as { input: { type: string; call_id?: string; output?: string }[] }).input
      .find((i) => i.type === "function_call_output" && i.call_id === id)?.output,
  );

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!check()) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

Deno.test("headless: an operator answers through the answer pipe after the notify command and hook ran", async () => {
  const server = startFakeServer([
    functionCallResponse([{ name: "exec_command", arguments: { cmd: "touch piped.txt" }, call_id: "c1" }]),
    textResponse("done via pipe"),
  ]);
  try {
    const ws = workspace(
      server.url,
      `approval_policy = "untrusted"
sandbox_mode = "danger-full-access"
[prompts]
answer_pipe = "ANSWERS"
notify_command = ["sh", "-c", "printf '%s' \\"$1\\" > NOTIFIED", "notify"]

[[hooks]]
event = "Notification"
command = "cat > HOOKED"
`.replace("ANSWERS", "__PIPE__").replace("NOTIFIED", "__NOTE__").replace("HOOKED", "__HOOK__"),
    );
    const fifo = join(ws.home, "answers");
    const note = join(ws.home, "notified.json");
    const hook = join(ws.home, "hooked.json");
    const config = join(ws.home, "config.toml");
    Deno.writeTextFileSync(
      config,
      Deno.readTextFileSync(config).replace("__PIPE__", fifo).replace("__NOTE__", note).replace(
        "__HOOK__",
        hook,
      ),
    );
    const child = spawnCli(["exec", "make piped.txt"], ws);
    await waitFor(() => existsSync(note), "the notify command");
    const payload = JSON.parse(readFileSync(note, "utf8"));
    assertEquals([payload.type, payload.id, payload.summary, payload.answer_pipe], [
      "approval-requested",
      "appr_1",
      "touch piped.txt",
      fifo,
    ]);
    await waitFor(
      () => existsSync(hook) && readFileSync(hook, "utf8").includes("}"),
      "the Notification hook",
    );
    assertIncludes(readFileSync(hook, "utf8"), "Approval needed [appr_1]");
    await Deno.writeTextFile(fifo, "appr_9 y\nappr_1 y\n");
    const out = await child.output();
    const stderr = new TextDecoder().decode(out.stderr);
    assertEquals(out.code, 0, stderr);
    assertIncludes(stderr, "answer pipe: ignored 'appr_9 y'");
    assertIncludes(stderr, `answered from ${fifo}: y`);
    assertEquals(existsSync(join(ws.cwd, "piped.txt")), true);
    assertEquals(new TextDecoder().decode(out.stdout).trim(), "done via pipe");
  } finally {
    await server.close();
  }
});

Deno.test("headless: an unanswered prompt times out to deny by default, or to the configured answer", async () => {
  for (const [answer, made] of [["", false], ['timeout_answer = "approve"', true]] as const) {
    const server = startFakeServer([
      functionCallResponse([{ name: "exec_command", arguments: { cmd: "touch late.txt" }, call_id: "c1" }]),
      textResponse("after the wait"),
    ]);
    try {
      const ws = workspace(
        server.url,
        `approval_policy = "untrusted"\nsandbox_mode = "danger-full-access"\n[prompts]\napproval_timeout_secs = 0.5\n${answer}\n`,
      );
      // The session, with no stdin at all: end of input does not decide, the timeout does.
      const r = await runCli(["exec", "make late.txt"], { cwd: ws.cwd, env: ws.env });
      assertEquals(r.code, 0, r.stderr);
      assertIncludes(r.stderr, `no answer within 0.5s: ${made ? "approve" : "deny"}`);
      assertEquals(existsSync(join(ws.cwd, "late.txt")), made);
      if (!made) assertIncludes(callOutput(server.requests[1].body, "c1"), "rejected");
    } finally {
      await server.close();
    }
  }
});

Deno.test("headless: the interactive session over a pipe honours [prompts] too (mode line, timeout)", async () => {
  const server = startFakeServer([
    functionCallResponse([{ name: "exec_command", arguments: { cmd: "touch s.txt" }, call_id: "c1" }]),
    textResponse("denied, fine"),
  ]);
  try {
    const ws = workspace(
      server.url,
      `approval_policy = "untrusted"\nsandbox_mode = "danger-full-access"\n[prompts]\nmode = "line"\napproval_timeout_secs = 0.5\n`,
    );
    const r = await runCli([], { cwd: ws.cwd, env: ws.env, stdin: "make s.txt\n" });
    assertEquals(r.code, 0, r.stderr);
    assertIncludes(r.stdout, "no answer within 0.5s: deny");
    assertEquals(existsSync(join(ws.cwd, "s.txt")), false);
    assertIncludes(r.stdout, "denied, fine");
  } finally {
    await server.close();
  }
});
