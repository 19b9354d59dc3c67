/**
 * The interactive session on a pseudo-terminal: type-ahead during a turn, approval prompts that read
 * their own answer, notices that never land mid-line, multi-line input, Ctrl-C, Tab completion.
 * Everything synchronises on output or on the fake server's requests, never on sleeps.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  customToolCallResponse,
  functionCallResponse,
  type SseStep,
  startFakeServer,
  textResponse,
} from "./fake_server.ts";
import { assert, assertEquals, assertIncludes } from "../helpers/assert.ts";
import { baseEnv, ENTRY, type PtyRun, spawnInPty, workspace } from "../helpers/cli.ts";

type Input = { type: string; role?: string; content?: { text?: string }[]; output?: string }[];
const lastUserText = (body: unknown) => {
  const input = (body as { input: Input }).input.filter((i) => i.type === "message" && i.role === "user");
  return input.at(-1)?.content?.map((c) => c.text).join("|");
};

/** Screen text without colours and carriage returns. */
// deno-lint-ignore no-control-regex
const plain = (text: string) => text.replace(/\x1b\[[0-9;?]*[A-Za-z~]/g, "").replace(/\r/g, "");

/** A gate the fake server waits on before answering a step. */
function gate(): { wait: Promise<void>; open(): void } {
  let open!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}

interface Session extends PtyRun {
  until(needle: string | RegExp, from?: number): Promise<void>;
  requests(n: number): Promise<void>;
  exit(): Promise<number>;
}

function startRepl(
  ws: { cwd: string; env: Record<string, string> },
  server: { requests: unknown[] },
  args: string[] = [],
): Session {
  const { NO_COLOR: _, ...colorOk } = baseEnv();
  const env = { ...colorOk, ...ws.env, TERM: "xterm" };
  const inner = [Deno.execPath(), "run", "-A", "--quiet", ENTRY, ...args].map((w) => `'${w}'`).join(" ");
  const run = spawnInPty(inner, { cwd: ws.cwd, env });
  const until = async (needle: string | RegExp, from = 0) => {
    const seen = () => {
      const text = plain(run.out.text).slice(from);
      return typeof needle === "string" ? text.includes(needle) : needle.test(text);
    };
    const deadline = Date.now() + 60_000;
    while (!seen()) {
      assert.ok(Date.now() < deadline, `timed out waiting for ${needle} in:\n${plain(run.out.text)}`);
      await new Promise((r) => setTimeout(r, 40));
    }
  };
  return {
    ...run,
    until,
    requests: async (n) => {
      const deadline = Date.now() + 60_000;
      while (server.requests.length < n) {
        assert.ok(Date.now() < deadline, `timed out waiting for request ${n}:\n${plain(run.out.text)}`);
        await new Promise((r) => setTimeout(r, 40));
      }
    },
    exit: async () => {
      await run.closeKeys();
      const status = await run.child.status;
      await run.out.done;
      return status.code;
    },
  };
}

const gated = (step: SseStep, g: { wait: Promise<void> }): SseStep => ({ ...step, waitFor: g.wait });

Deno.test("repl tty: a line typed during a turn is queued, not eaten by the approval prompt, which reads its own answer", async () => {
  const g = gate();
  const server = startFakeServer([
    gated(
      functionCallResponse([{ name: "exec_command", arguments: { cmd: "touch made.txt" }, call_id: "c1" }]),
      g,
    ),
    textResponse("made it"),
    textResponse("got the queued one"),
  ]);
  try {
    const ws = workspace(server.url, 'sandbox_mode = "danger-full-access"\napproval_policy = "untrusted"');
    const s = startRepl(ws, server);
    await s.until("› ");
    await s.type("make a file\r");
    await s.requests(1);
    await s.type("queued words\r");
    await s.until("↳ queued for the next turn: queued words\n");
    g.open();
    await s.until("[a] yes for this session");
    const menuAt = plain(s.out.text).length;
    await s.type("y");
    await s.until("> y (yes once)", menuAt - 200);
    await s.until("got the queued one");
    await s.until("› ", plain(s.out.text).lastIndexOf("got the queued one"));
    await s.type("\x04");
    assertEquals(await s.exit(), 0, plain(s.out.text));
    assertEquals(existsSync(join(ws.cwd, "made.txt")), true);
    assertEquals(server.requests.length, 3);
    assertEquals(lastUserText(server.requests[0].body), "make a file");
    assertEquals(lastUserText(server.requests[2].body), "queued words");
    const screen = plain(s.out.text);
    // The queued notice sits on its own line; the typed words were not echoed into the turn's output.
    assert.match(screen, /\n↳ queued for the next turn: queued words\n/);
    assertEquals(screen.split("queued words").length - 1, 1, screen);
    assert.match(screen, /To continue this session, run codex resume [0-9a-f-]{36}/);
  } finally {
    await server.close();
  }
});

Deno.test("repl tty: a notice for a line typed mid-stream waits for the line end; Ctrl-C interrupts the turn", async () => {
  const server = startFakeServer([
    { ...textResponse("half a senten", { chunks: ["half a senten", "ce\n"] }), stallAfter: 3 },
    textResponse("second answer"),
  ]);
  try {
    const ws = workspace(server.url);
    const s = startRepl(ws, server);
    await s.until("› ");
    await s.type("start\r");
    await s.until("half a senten");
    await s.type("typed now\r");
    // Let the key reach the program: the notice must not appear while the line is open.
    await s.type("\x03"); // Ctrl-C: interrupts the stalled turn
    await s.until("(turn interrupted)");
    await s.until("second answer");
    await s.until("› ", plain(s.out.text).lastIndexOf("second answer"));
    await s.type("\x03"); // empty prompt: first Ctrl-C shows the hint
    await s.until("press Ctrl-C again or Ctrl-D to quit");
    await s.type("\x03");
    assertEquals(await s.exit(), 0, plain(s.out.text));
    const screen = plain(s.out.text);
    assert.ok(!/senten[^\n]*↳/.test(screen), `a notice landed mid-line:\n${screen}`);
    assert.match(screen, /\n↳ queued for the next turn: typed now\n/);
    assertEquals(lastUserText(server.requests[1].body), "typed now");
  } finally {
    await server.close();
  }
});

Deno.test("repl tty: bracketed paste, a trailing backslash, Ctrl-J and Alt-Enter make multi-line messages", async () => {
  const server = startFakeServer([
    textResponse("r1"),
    textResponse("r2"),
    textResponse("r3"),
    textResponse("r4"),
  ]);
  try {
    const ws = workspace(server.url);
    const s = startRepl(ws, server);
    await s.until("› ");
    await s.type("\x1b[200~line one\nline two\r\nline three\x1b[201~\r");
    await s.until("r1");
    await s.type("first\\\rsecond\r");
    await s.until("r2");
    await s.type("ctrl\nj\r");
    await s.until("r3");
    await s.type("alt\x1b\renter\r");
    await s.until("r4");
    await s.until("› ", plain(s.out.text).lastIndexOf("r4"));
    await s.type("\x04");
    assertEquals(await s.exit(), 0, plain(s.out.text));
    assertEquals(server.requests.map((r) => lastUserText(r.body)), [
      "line one\nline two\nline three",
      "first\nsecond",
      "ctrl\nj",
      "alt\nenter",
    ]);
  } finally {
    await server.close();
  }
});

Deno.test("repl tty: Ctrl-C clears a half-typed line and stops a running !cmd", async () => {
  const server = startFakeServer([textResponse("only this")]);
  try {
    const ws = workspace(server.url);
    const s = startRepl(ws, server);
    await s.until("› ");
    await s.type("half typed");
    await s.until("half typed");
    await s.type("\x03");
    await s.type("!echo started; sleep 30; echo never\r");
    await s.until("started");
    const began = Date.now();
    await s.type("\x03");
    await s.until("(interrupted)");
    assert.ok(Date.now() - began < 20_000, "Ctrl-C did not stop the shell command");
    await s.type("hello\r");
    await s.until("only this");
    await s.until("› ", plain(s.out.text).lastIndexOf("only this"));
    await s.type("\x04");
    assertEquals(await s.exit(), 0, plain(s.out.text));
    assertEquals(lastUserText(server.requests[0].body), "hello");
    assert.ok(!plain(s.out.text).includes("\nnever\n"), plain(s.out.text));
  } finally {
    await server.close();
  }
});

Deno.test("repl tty: Tab completes slash commands, their arguments and quoted @paths", async () => {
  const server = startFakeServer([textResponse("read it")]);
  try {
    const ws = workspace(server.url);
    mkdirSync(join(ws.cwd, "dir with space"));
    writeFileSync(join(ws.cwd, "dir with space", "f.txt"), "SPACED BODY\n");
    const s = startRepl(ws, server);
    await s.until("› ");
    await s.type("/perso\t");
    await s.until("/personality ");
    await s.type("prag\t");
    await s.until("/personality pragmatic");
    await s.type("\r");
    await s.until("Personality set to pragmatic");
    await s.type("read @dir\t");
    await s.until('read @"dir with space/f.txt"');
    await s.type("\r");
    await s.until("read it");
    await s.until("› ", plain(s.out.text).lastIndexOf("read it"));
    await s.type("\x04");
    assertEquals(await s.exit(), 0, plain(s.out.text));
    assertEquals(
      lastUserText(server.requests[0].body),
      'read @"dir with space/f.txt"|<file path="dir with space/f.txt">\nSPACED BODY\n\n</file>',
    );
  } finally {
    await server.close();
  }
});

Deno.test("repl tty: Markdown is rendered; /diff and file changes are coloured on a colour terminal", async () => {
  const server = startFakeServer([
    textResponse("# Title\nsome **bold** and `code`\n- item\n"),
    customToolCallResponse(
      "apply_patch",
      "*** Begin Patch\n*** Add File: patched.txt\n+patched line\n*** End Patch\n",
      "ap1",
    ),
    textResponse("patched"),
  ]);
  try {
    const ws = workspace(server.url, 'sandbox_mode = "workspace-write"');
    writeFileSync(join(ws.cwd, "new.txt"), "added line\n");
    const s = startRepl(ws, server);
    await s.until("› ");
    await s.type("md please\r");
    await s.until("• item");
    await s.until("› ", plain(s.out.text).lastIndexOf("• item"));
    await s.type("/diff\r");
    await s.until("+added line");
    await s.type("patch it\r");
    await s.until("patched\n");
    await s.until("› ", plain(s.out.text).lastIndexOf("patched\n"));
    await s.type("\x04");
    assertEquals(await s.exit(), 0);
    assertIncludes(s.out.text, "\x1b[1m\x1b[4mTitle\x1b[0m");
    assertIncludes(s.out.text, "\x1b[1mbold\x1b[0m");
    assertIncludes(s.out.text, "\x1b[36mcode\x1b[0m");
    assertIncludes(s.out.text, "\x1b[32m+added line\x1b[0m");
    assertIncludes(s.out.text, "\x1b[32m+patched line\x1b[0m");
    assertEquals(readFileSync(join(ws.cwd, "patched.txt"), "utf8"), "patched line\n");
  } finally {
    await server.close();
  }
});

Deno.test("repl tty: an approval menu can be answered from the answer pipe by an operator elsewhere", async () => {
  const server = startFakeServer([
    functionCallResponse([{ name: "exec_command", arguments: { cmd: "touch remote.txt" }, call_id: "r1" }]),
    textResponse("operator said yes"),
  ]);
  try {
    const ws = workspace(server.url, 'sandbox_mode = "danger-full-access"\napproval_policy = "untrusted"');
    const fifo = join(ws.home, "answers");
    Deno.writeTextFileSync(
      join(ws.home, "config.toml"),
      Deno.readTextFileSync(join(ws.home, "config.toml")) + `\n[prompts]\nanswer_pipe = "${fifo}"\n`,
    );
    const s = startRepl(ws, server);
    await s.until("› ");
    await s.type("make it remotely\r");
    await s.until("[a] yes for this session");
    await Deno.writeTextFile(fifo, "y\n");
    await s.until(`answered from ${fifo}: y`);
    await s.until("operator said yes");
    await s.until("› ", plain(s.out.text).lastIndexOf("operator said yes"));
    await s.type("\x04");
    assertEquals(await s.exit(), 0, plain(s.out.text));
    assertEquals(existsSync(join(ws.cwd, "remote.txt")), true);
  } finally {
    await server.close();
  }
});
