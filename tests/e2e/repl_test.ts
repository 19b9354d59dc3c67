/**
 * The interactive session driven through a pipe (line mode) and through a pty (`script` from
 * util-linux), against the fake Responses server.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { functionCallResponse, startFakeServer, textResponse } from "./fake_server.ts";
import { assert, assertEquals, assertIncludes } from "../helpers/assert.ts";
import { baseEnv, ENTRY, runCli, spawnInPty, workspace } from "../helpers/cli.ts";

type Input = { type: string; role?: string; content?: { text?: string }[] }[];
const lastUserText = (body: unknown) => {
  const input = (body as { input: Input }).input.filter((i) => i.type === "message" && i.role === "user");
  return input.at(-1)?.content?.map((c) => c.text).join("|");
};

Deno.test("repl over a pipe: each line is a message, read in order without 'queued' notices; !cmd and @path; EOF ends", async () => {
  const server = startFakeServer([
    { ...textResponse("first reply", { chunks: ["first ", "reply"] }), delayMs: 300 },
    textResponse("second reply"),
  ]);
  try {
    const ws = workspace(server.url);
    writeFileSync(join(ws.cwd, "notes.txt"), "NOTE BODY\n");
    const r = await runCli([], {
      cwd: ws.cwd,
      env: ws.env,
      stdin: "hello there\n!echo from-shell\nsecond @notes.txt\n",
    });
    assertEquals(r.code, 0, r.stderr);
    assertIncludes(r.stdout, "codex\nfirst reply\n");
    assert.ok(!r.stdout.includes("queued"), r.stdout);
    assertIncludes(r.stdout, "from-shell\n");
    assertIncludes(r.stdout, "codex\nsecond reply\n");
    assertEquals(server.requests.length, 2);
    assertEquals(lastUserText(server.requests[0].body), "hello there");
    assertEquals(
      lastUserText(server.requests[1].body),
      'second @notes.txt|<file path="notes.txt">\nNOTE BODY\n\n</file>',
    );
    const input = (server.requests[1].body as { input: Input }).input;
    assert.ok(
      input.some((i) =>
        i.content?.[0]?.text?.startsWith("<user_shell_command>\n$ echo from-shell\nfrom-shell")
      ),
      "the !command output reaches the model",
    );
  } finally {
    await server.close();
  }
});

Deno.test("repl: a first prompt from argv, unknown slash commands, /quit stops reading", async () => {
  const server = startFakeServer([textResponse("argv reply")]);
  try {
    const ws = workspace(server.url);
    const r = await runCli(["from argv"], {
      cwd: ws.cwd,
      env: ws.env,
      stdin: "/nonsense\n/quit\nnever sent\n",
    });
    assertEquals(r.code, 0, r.stderr);
    assertIncludes(r.stdout, "argv reply");
    assertIncludes(r.stdout, "Unknown command /nonsense. Type /help for the list.");
    assertEquals(server.requests.length, 1);
    assertEquals(lastUserText(server.requests[0].body), "from argv");
    const history = readFileSync(join(ws.home, "history.jsonl"), "utf8").trim().split("\n").map((l) =>
      JSON.parse(l)
    );
    assertEquals(history.map((h) => h.text), ["from argv"]);
    assertEquals(statSync(join(ws.home, "history.jsonl")).mode & 0o777, 0o600);
  } finally {
    await server.close();
  }
});

Deno.test("repl: resume --last continues the previous session's history", async () => {
  const server = startFakeServer([textResponse("one"), textResponse("two")]);
  try {
    const ws = workspace(server.url);
    assertEquals((await runCli([], { cwd: ws.cwd, env: ws.env, stdin: "remember 42\n" })).code, 0);
    const r = await runCli(["resume", "--last"], { cwd: ws.cwd, env: ws.env, stdin: "what number?\n" });
    assertEquals(r.code, 0, r.stderr);
    assertIncludes(r.stdout, "(resumed session ");
    const texts = (server.requests[1].body as { input: Input }).input
      .filter((i) => i.type === "message" && i.role !== "developer")
      .map((i) => i.content?.[0]?.text);
    assertEquals(texts.slice(-3), ["remember 42", "one", "what number?"]);
  } finally {
    await server.close();
  }
});

Deno.test("repl on a pty: prompt, streamed reply, Ctrl-D exits", async () => {
  const server = startFakeServer([
    textResponse("pty reply"),
    functionCallResponse([{ name: "exec_command", arguments: { cmd: "echo x" }, call_id: "p1" }]),
  ]);
  try {
    const ws = workspace(server.url);
    const { NO_COLOR: _, ...colorOk } = baseEnv();
    const env = { ...colorOk, ...ws.env, TERM: "xterm" };
    const inner = `'${Deno.execPath()}' run -A --quiet '${ENTRY}'`;
    const { child, out, type, closeKeys } = spawnInPty(inner, { cwd: ws.cwd, env });
    const until = async (needle: string) =>
      assert.ok(
        await out.until(needle, 30_000),
        `timed out waiting for ${JSON.stringify(needle)} in ${out.text}`,
      );
    await until("› ");
    await type("hi from a tty\r");
    await until("pty reply");
    await until("› ");
    await type("\x04");
    await closeKeys();
    const status = await child.status;
    await out.done;
    assertEquals(status.code, 0, out.text);
    assertEquals(lastUserText(server.requests[0].body), "hi from a tty");
    // On a TTY the banner is styled (ANSI bold) unlike line mode.
    assertIncludes(out.text, "\x1b[1mcodex-deno v");
  } finally {
    await server.close();
  }
});

Deno.test("repl: /ps lists background terminals the model left running", async () => {
  const server = startFakeServer([
    functionCallResponse([{
      name: "exec_command",
      arguments: { cmd: "sleep 30", yield_time_ms: 250 },
      call_id: "bg",
    }]),
    textResponse("left it running"),
  ]);
  try {
    const ws = workspace(server.url, 'sandbox_mode = "danger-full-access"');
    const r = await runCli([], { cwd: ws.cwd, env: ws.env, stdin: "start a server\n/ps\n" });
    assertEquals(r.code, 0, r.stderr);
    assert.match(r.stdout, /\n\s+1 {2}\S*sh -lc 'sleep 30'\n/);
  } finally {
    await server.close();
  }
});

Deno.test("repl: approvals are answered inline from the same input, one line each", async () => {
  const server = startFakeServer([
    functionCallResponse([{ name: "exec_command", arguments: { cmd: "touch approved.txt" }, call_id: "a1" }]),
    textResponse("made it"),
    functionCallResponse([{ name: "exec_command", arguments: { cmd: "touch denied.txt" }, call_id: "a2" }]),
    textResponse("understood"),
  ]);
  try {
    const ws = workspace(server.url, 'sandbox_mode = "danger-full-access"\napproval_policy = "untrusted"');
    const r = await runCli([], {
      cwd: ws.cwd,
      env: ws.env,
      stdin: "make a file\ny\nmake another\nf\nnot that one\n",
    });
    assertEquals(r.code, 0, r.stderr);
    assertIncludes(r.stdout, "Approval needed [appr_1]");
    assertEquals(existsSync(join(ws.cwd, "approved.txt")), true);
    assertEquals(existsSync(join(ws.cwd, "denied.txt")), false);
    const outputs = (server.requests[3].body as { input: { type: string; output?: string }[] }).input
      .filter((i) => i.type === "function_call_output").map((i) => String(i.output));
    assertIncludes(outputs.at(-1)!, "not that one");
    assertEquals(server.requests.length, 4);
  } finally {
    await server.close();
  }
});

Deno.test("repl: personality from config reaches the model; /personality switches it mid-session", async () => {
  const server = startFakeServer([textResponse("one"), textResponse("two")]);
  try {
    const ws = workspace(server.url, 'personality = "friendly"');
    const r = await runCli([], { cwd: ws.cwd, env: ws.env, stdin: "hello\n/personality pragmatic\nagain\n" });
    assertEquals(r.code, 0, r.stderr);
    const developerTexts = (i: number) =>
      (server.requests[i].body as { input: Input }).input
        .filter((m) => m.type === "message" && m.role === "developer")
        .flatMap((m) => m.content?.map((c) => c.text ?? "") ?? []);
    assert.ok(
      developerTexts(0).some((t) => t.startsWith("Personality: friendly.")),
      developerTexts(0).join("|"),
    );
    assert.ok(developerTexts(1).at(-1)?.startsWith("Personality: pragmatic."), developerTexts(1).join("|"));
    assertIncludes(r.stdout, "Personality set to pragmatic for the rest of this session.");
  } finally {
    await server.close();
  }
});
