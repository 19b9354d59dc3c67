/**
 * Command hooks and `notify` from config, end to end through the CLI and the fake server: order,
 * blocking (exit 2), input rewriting (JSON), context injection, Stop continuation, timeouts, notify.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { functionCallResponse, startFakeServer, textResponse } from "./fake_server.ts";
import { assert, assertEquals, assertIncludes } from "../helpers/assert.ts";
import { jsonLines, runCli, workspace } from "../helpers/cli.ts";

type Input = { type: string; role?: string; output?: string; content?: { text?: string }[] }[];
const inputOf = (body: unknown) => (body as { input: Input }).input;

function script(dir: string, name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return path;
}

Deno.test("hooks: PreToolUse runs in order, exit 2 blocks with stderr, JSON rewrites the input", async () => {
  const server = startFakeServer([
    functionCallResponse([{ name: "exec_command", arguments: { cmd: "rm victim.txt" }, call_id: "c1" }]),
    functionCallResponse([{ name: "exec_command", arguments: { cmd: "echo original" }, call_id: "c2" }]),
    textResponse("done"),
  ]);
  try {
    const ws = workspace(server.url);
    const dir = Deno.makeTempDirSync();
    const log = join(dir, "order.log");
    const first = script(dir, "first.sh", `cat > "${dir}/payload.json"; echo A >> "${log}"`);
    const guard = script(
      dir,
      "guard.sh",
      `input=$(cat); echo B >> "${log}"
case "$input" in *'"command":"rm '*) echo "no rm allowed here" >&2; exit 2;; esac
case "$input" in *original*) echo '{"hookSpecificOutput":{"updatedInput":{"command":"echo rewritten"}}}';; esac
exit 0`,
    );
    writeFileSync(join(ws.cwd, "victim.txt"), "keep me");
    writeFileSync(
      join(ws.home, "config.toml"),
      readFileSync(join(ws.home, "config.toml"), "utf8") +
        `\n[[hooks.PreToolUse]]\nmatcher = "Bash"\nhooks = [{ type = "command", command = "${first}" }, { type = "command", command = "${guard}" }]\n`,
    );
    const r = await runCli(["exec", "--json", "-s", "danger-full-access", "clean up"], {
      cwd: ws.cwd,
      env: ws.env,
    });
    assertEquals(r.code, 0, r.stderr);
    assertEquals(readFileSync(join(ws.cwd, "victim.txt"), "utf8"), "keep me");
    assertEquals(readFileSync(log, "utf8"), "A\nB\nA\nB\n");
    const payload = JSON.parse(readFileSync(join(dir, "payload.json"), "utf8"));
    assertEquals([payload.hook_event_name, payload.tool_name, payload.cwd], ["PreToolUse", "Bash", ws.cwd]);
    assertEquals(payload.tool_input.command, "echo original");
    const outputs = inputOf(server.requests[2].body).filter((i) => i.type === "function_call_output").map((
      i,
    ) => i.output);
    assertEquals(outputs[0], "The exec_command call was blocked by a PreToolUse hook: no rm allowed here");
    assertIncludes(String(outputs[1]), "Output:\nrewritten\n");
    const commands = jsonLines(r.stdout).filter((e) =>
      e.type === "item.completed" && (e.item as { type: string }).type === "command_execution"
    );
    assertEquals(commands.length, 1);
  } finally {
    await server.close();
  }
});

Deno.test("hooks: prompt context, Stop continuation, timeouts reported, notify, AfterToolUse alias", async () => {
  const server = startFakeServer([
    functionCallResponse([{ name: "exec_command", arguments: { cmd: "echo hi" }, call_id: "c1" }]),
    textResponse("first answer"),
    textResponse("second answer"),
  ]);
  try {
    const ws = workspace(server.url);
    const dir = Deno.makeTempDirSync();
    const context = script(dir, "context.sh", `cat > /dev/null; echo "Team rule: use tabs."`);
    const stop = script(
      dir,
      "stop.sh",
      `cat > /dev/null; if [ ! -f "${dir}/stopped" ]; then touch "${dir}/stopped"; echo '{"decision":"block","reason":"also run the linter"}'; fi`,
    );
    const slow = script(dir, "slow.sh", "sleep 5");
    const after = script(dir, "after.sh", `cat > "${dir}/after.json"`);
    const notify = script(dir, "notify.sh", `printf '%s' "$1" > "${dir}/notify.json"`);
    writeFileSync(
      join(ws.home, "config.toml"),
      `notify = ["${notify}"]\n` + readFileSync(join(ws.home, "config.toml"), "utf8") +
        `
[[hooks]]
event = "UserPromptSubmit"
command = "${context}"
[[hooks]]
event = "Stop"
command = "${stop}"
[[hooks]]
event = "PostToolUse"
command = "${slow}"
timeout = 1
[[hooks]]
event = "AfterToolUse"
command = "${after}"
`,
    );
    const r = await runCli(["exec", "--json", "format the code"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    const first = inputOf(server.requests[0].body);
    const extra = first.at(-1)!;
    assertEquals([extra.role, extra.content?.[0].text], ["developer", "Team rule: use tabs."]);
    const third = inputOf(server.requests[2].body).at(-1)!;
    assertEquals([third.role, third.content?.[0].text], ["user", "also run the linter"]);
    const warnings = jsonLines(r.stdout).flatMap((e) =>
      (e.item as { type?: string; message?: string } | undefined)?.type === "error"
        ? [(e.item as { message: string }).message]
        : []
    );
    assertEquals(warnings, [
      `PostToolUse hook of plugin 'command-hooks' failed: command \`${slow}\` timed out after 1 s`,
    ]);
    assertEquals(
      JSON.parse(readFileSync(join(dir, "after.json"), "utf8")).tool_response.includes("hi"),
      true,
    );
    for (let i = 0; i < 50 && !existsSync(join(dir, "notify.json")); i++) {
      await new Promise((res) => setTimeout(res, 100));
    }
    const note = JSON.parse(readFileSync(join(dir, "notify.json"), "utf8"));
    assertEquals(note.type, "agent-turn-complete");
    assertEquals(note["input-messages"], ["format the code"]);
    assert.ok(["first answer", "second answer"].includes(note["last-assistant-message"]));
    assertEquals(note["thread-id"], (jsonLines(r.stdout)[0] as { thread_id: string }).thread_id);
  } finally {
    await server.close();
  }
});

Deno.test("hooks: an unknown event name is a clear configuration error", async () => {
  const server = startFakeServer([]);
  try {
    const ws = workspace(server.url, '[[hooks]]\nevent = "BeforeLunch"\ncommand = "true"\n');
    const r = await runCli(["exec", "hi"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 1);
    assert.match(
      r.stderr,
      /^Error: hooks: expected an event name \(SessionStart, .*\), found 'BeforeLunch'\n$/,
    );
  } finally {
    await server.close();
  }
});

Deno.test("hooks: SessionStart text reaches the model; PostToolUse {decision: block} replaces the output", async () => {
  const server = startFakeServer([
    functionCallResponse([{ name: "exec_command", arguments: { cmd: "echo classified" }, call_id: "c1" }]),
    textResponse("done"),
  ]);
  try {
    const ws = workspace(server.url);
    const dir = Deno.makeTempDirSync();
    const start = script(dir, "start.sh", `cat > /dev/null; echo "Deploys are frozen this week."`);
    const post = script(
      dir,
      "post.sh",
      `cat > /dev/null; echo '{"decision":"block","reason":"output withheld by policy"}'`,
    );
    writeFileSync(
      join(ws.home, "config.toml"),
      readFileSync(join(ws.home, "config.toml"), "utf8") +
        `\n[[hooks.SessionStart]]\nhooks = [{ type = "command", command = "${start}" }]\n` +
        `\n[[hooks.PostToolUse]]\nmatcher = "Bash"\nhooks = [{ type = "command", command = "${post}" }]\n`,
    );
    const r = await runCli(["exec", "--json", "-s", "danger-full-access", "go"], {
      cwd: ws.cwd,
      env: ws.env,
    });
    assertEquals(r.code, 0, r.stderr);
    const first = inputOf(server.requests[0].body);
    const developer = first.filter((i) => i.role === "developer").flatMap((i) => i.content ?? []);
    assert.ok(developer.some((c) => c.text === "Deploys are frozen this week."), JSON.stringify(first));
    const output = inputOf(server.requests[1].body).find((i) => i.type === "function_call_output")?.output;
    assertEquals(
      output,
      "The exec_command output was blocked by a PostToolUse hook: output withheld by policy",
    );
  } finally {
    await server.close();
  }
});
