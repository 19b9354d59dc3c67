import assert from "node:assert/strict";
import { join } from "node:path";
import shellPlugin, { execCommandTool, writeStdinTool } from "./mod.ts";
import { ToolStates } from "../../src/kernel/tool_state.ts";
import { displayCommand, resolveShell, resolveWorkdir, shellQuote } from "./command_line.ts";
import { buildCommandEnv, FORCED_ENV } from "./env.ts";
import { OutputBuffer } from "./output_buffer.ts";
import { countLines, truncateForModel, truncateMiddle } from "../../src/kernel/truncate.ts";
import { execYieldMs, writeYieldMs } from "./limits.ts";
import { createSandboxRuntime } from "../../sandbox/mod.ts";
import { noneSandbox, noneSandboxPlugin } from "../../sandbox/none/mod.ts";
import type { SandboxBackend, SandboxPolicy, SpawnSpec } from "../../src/kernel/sandbox.ts";
import { testPolicy, ToolHarness } from "../../tests/helpers/tool_context.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

interface Parsed {
  chunkId: string;
  wallSeconds: number;
  exitCode?: number;
  sessionId?: number;
  tokens: number;
  body: string;
}

function parse(output: unknown): Parsed {
  assert.equal(typeof output, "string");
  const m =
    /^Chunk ID: ([0-9a-f]{6})\nWall time: (\d+\.\d{4}) seconds\n(?:Process exited with code (-?\d+)|Process running with session ID (\d+))\nOriginal token count: (\d+)\nOutput:\n([\s\S]*)$/
      .exec(output as string);
  assert.ok(m, `unexpected output format:\n${output}`);
  return {
    chunkId: m[1],
    wallSeconds: Number(m[2]),
    exitCode: m[3] === undefined ? undefined : Number(m[3]),
    sessionId: m[4] === undefined ? undefined : Number(m[4]),
    tokens: Number(m[5]),
    body: m[6],
  };
}

async function harness(options: ConstructorParameters<typeof ToolHarness>[0] = {}): Promise<ToolHarness> {
  const h = new ToolHarness(options);
  await h.load(noneSandboxPlugin, shellPlugin);
  return h;
}

/** Members of process group `pgid` that are still alive (not zombies), from /proc. */
function liveGroupMembers(pgid: number): number[] {
  const out: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    let stat: string;
    try {
      stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
    } catch {
      continue;
    }
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) === pgid && fields[0] !== "Z") out.push(Number(entry.name));
  }
  return out;
}

async function eventually(check: () => boolean, ms = 2000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

// ---------------------------------------------------------------- unit: helpers

Deno.test("truncateMiddle keeps head and tail on UTF-8 boundaries", () => {
  assert.deepEqual(truncateMiddle("ééééé", 1), {
    text: "é…2 tokens truncated…é",
    truncated: true,
    originalTokens: 3,
    lines: 1,
  });
  // 3-byte characters: a 2-byte head budget cannot hold one, so both sides come back empty.
  assert.equal(truncateMiddle("€€€", 1).text, "…3 tokens truncated…");
  assert.deepEqual(truncateMiddle("abc\n", 1), {
    text: "abc\n",
    truncated: false,
    originalTokens: 1,
    lines: 1,
  });
  assert.equal(truncateMiddle("0123456789", 1).text, "01…2 tokens truncated…89");
  // Output whose middle was already dropped by a bounded buffer always shows the gap.
  assert.deepEqual(
    truncateMiddle({ head: enc.encode("abc"), omitted: 8, tail: enc.encode("xyz"), lines: 5 }, 100),
    {
      text: "abc…2 tokens truncated…xyz",
      truncated: true,
      originalTokens: 4,
      lines: 5,
    },
  );
  assert.equal(
    truncateForModel("a\nb\nc\nd\ne\nf\n", 1).body,
    "Warning: truncated output (original token count: 3)\nTotal output lines: 6\n\na\n…2 tokens truncated…f\n",
  );
  assert.deepEqual(truncateForModel("hi", 10), { body: "hi", truncated: false, originalTokens: 1 });
});

Deno.test("countLines counts like Rust str::lines", () => {
  assert.equal(countLines(""), 0);
  assert.equal(countLines("a"), 1);
  assert.equal(countLines("a\n"), 1);
  assert.equal(countLines("a\nb"), 2);
  assert.equal(countLines("a\n\nb\n"), 3);
});

Deno.test("OutputBuffer keeps head and tail and counts the dropped middle", () => {
  const b = new OutputBuffer(4, 3);
  b.push(enc.encode("ab"));
  b.push(enc.encode("cdef\n"));
  b.push(enc.encode("gh\nij"));
  assert.equal(b.totalBytes, 12);
  const s = b.take();
  assert.equal(dec.decode(s.head), "abcd");
  assert.equal(dec.decode(s.tail), "\nij");
  assert.equal(s.omitted, 5);
  assert.equal(s.lines, 3);
  assert.equal(b.totalBytes, 0);
  const headOnly = new OutputBuffer(2, 0);
  headOnly.push(enc.encode("hello"));
  assert.equal(dec.decode(headOnly.segments().head), "he");
  assert.equal(headOnly.omittedBytes, 3);
});

Deno.test("shell quoting, shell choice, workdir resolution and yield clamps", () => {
  assert.equal(displayCommand(["/bin/bash", "-lc", "echo hi"]), "/bin/bash -lc 'echo hi'");
  assert.equal(shellQuote("it's"), "'it'\\''s'");
  assert.equal(shellQuote(""), "''");
  assert.equal(shellQuote("a/b.c-d_e"), "a/b.c-d_e");
  assert.equal(resolveShell("/bin/sh"), "/bin/sh");
  assert.equal(resolveShell(undefined, () => "/usr/bin/zsh", (p) => p === "/usr/bin/zsh"), "/usr/bin/zsh");
  assert.equal(resolveShell(undefined, () => "/missing/zsh", () => false), "/bin/bash");
  assert.equal(resolveShell(undefined, () => undefined), "/bin/bash");
  assert.equal(resolveWorkdir("/a/b", "c/../d"), "/a/b/d");
  assert.equal(resolveWorkdir("/a/b", "/x/y"), "/x/y");
  assert.equal(resolveWorkdir("/a/b", undefined), "/a/b");
  assert.equal(execYieldMs(undefined), 10_000);
  assert.equal(execYieldMs(1), 250);
  assert.equal(execYieldMs(999_999), 30_000);
  assert.equal(writeYieldMs(undefined, false), 250);
  assert.equal(writeYieldMs(60_000, false), 30_000);
  assert.equal(writeYieldMs(undefined, true), 5_000);
  assert.equal(writeYieldMs(100, true), 5_000);
  assert.equal(writeYieldMs(999_999, true), 300_000);
  assert.equal(writeYieldMs(999_999, true, 60_000), 60_000);
});

Deno.test("buildCommandEnv forces Codex's variables over the inherited ones", () => {
  const base = { TERM: "xterm-256color", HOME: "/home/x", COLORTERM: "truecolor" };
  const off = buildCommandEnv({ base, policy: testPolicy("/w") });
  assert.deepEqual(off, { ...base, ...FORCED_ENV, CODEX_SANDBOX_NETWORK_DISABLED: "1" });
  assert.equal(off.TERM, "dumb");
  assert.equal(off.COLORTERM, "");
  const on = buildCommandEnv({ base, policy: testPolicy("/w", { networkAccess: true }) });
  assert.equal("CODEX_SANDBOX_NETWORK_DISABLED" in on, false);
  const full = buildCommandEnv({ base, policy: testPolicy("/w", { mode: "danger-full-access" }) });
  assert.equal("CODEX_SANDBOX_NETWORK_DISABLED" in full, false);
});

Deno.test("sandbox-none backend and createSandboxRuntime", async () => {
  assert.equal(noneSandbox.id, "none");
  assert.equal(noneSandbox.priority, 1000);
  assert.deepEqual(await noneSandbox.available(), {
    ok: true,
    reason: "no sandbox: commands run with the user's own permissions",
  });
  const spec: SpawnSpec = { argv: ["/bin/true"], cwd: "/", env: { A: "1" } };
  assert.equal(await noneSandbox.wrap(spec, testPolicy("/")), spec);
  const seen: SandboxPolicy[] = [];
  const backend: SandboxBackend = {
    id: "fake",
    available: () => Promise.resolve({ ok: true, reason: "x" }),
    wrap: (s, p) => {
      seen.push(p);
      return Promise.resolve({ ...s, argv: ["wrapped", ...s.argv] });
    },
  };
  const policy = testPolicy("/w");
  const rt = createSandboxRuntime(backend, policy, "because");
  assert.equal(rt.backend, backend);
  assert.equal(rt.policy, policy);
  assert.equal(rt.reason, "because");
  assert.deepEqual((await rt.wrap(spec)).argv, ["wrapped", "/bin/true"]);
  assert.deepEqual(seen, [policy]);
});

// ---------------------------------------------------------------- exec_command

Deno.test("exec_command: schema sent to the model", async () => {
  const h = await harness();
  const exec = h.registry.tools.get("exec_command")!;
  const write = h.registry.tools.get("write_stdin")!;
  assert.equal(exec.parallel, true);
  const params = (exec.spec as { parameters: Record<string, unknown> }).parameters;
  assert.equal(params.type, "object");
  assert.equal(params.additionalProperties, false);
  assert.deepEqual(params.required, ["cmd"]);
  assert.deepEqual(Object.keys(params.properties as object), [
    "cmd",
    "workdir",
    "shell",
    "login",
    "tty",
    "yield_time_ms",
    "max_output_tokens",
    "timeout_ms",
    "sandbox_permissions",
    "justification",
    "prefix_rule",
  ]);
  const wparams = (write.spec as { parameters: Record<string, unknown> }).parameters;
  assert.deepEqual(wparams.required, ["session_id"]);
  assert.equal(
    (write.spec as { description: string }).description,
    "Writes characters to an existing unified exec session and returns recent output.",
  );
});

Deno.test("exec_command: echo returns Codex's output format and emits started/completed", async () => {
  const h = await harness();
  try {
    const result = await h.call("exec_command", { cmd: "echo hi", shell: "/bin/bash" });
    assert.equal(result.success, true);
    const p = parse(result.output);
    assert.equal(p.exitCode, 0);
    assert.equal(p.sessionId, undefined);
    assert.equal(p.tokens, 1);
    assert.equal(p.body, "hi\n");
    assert.ok(Number.isFinite(p.wallSeconds) && p.wallSeconds >= 0, `wall time ${p.wallSeconds}`);
    const command = "/bin/bash -lc 'echo hi'";
    assert.deepEqual(h.itemEvents(), [
      {
        type: "item.started",
        item: {
          id: "item_0",
          type: "command_execution",
          command,
          aggregated_output: "",
          exit_code: null,
          status: "in_progress",
        },
      },
      {
        type: "item.completed",
        item: {
          id: "item_0",
          type: "command_execution",
          command,
          aggregated_output: "hi\n",
          exit_code: 0,
          status: "completed",
        },
      },
    ]);
  } finally {
    await h.dispose();
  }
});

Deno.test("exec_command: works through registerTool directly, and login=false uses -c", async () => {
  const h = new ToolHarness();
  try {
    const result = await h.invoke(execCommandTool(), {
      cmd: "printf 'a b'",
      shell: "/bin/sh",
      login: false,
    });
    assert.equal(parse(result.output).body, "a b");
    assert.equal(
      (h.events[0] as { item: { command: string } }).item.command,
      "/bin/sh -c 'printf '\\''a b'\\'''",
    );
  } finally {
    await h.dispose();
  }
});

Deno.test("exec_command: allow_login_shell=false forces -c", async () => {
  const h = await harness({ config: { allow_login_shell: false } });
  try {
    await h.call("exec_command", { cmd: "true", shell: "/bin/bash", login: true });
    assert.equal((h.events[0] as { item: { command: string } }).item.command, "/bin/bash -c true");
  } finally {
    await h.dispose();
  }
});

Deno.test("exec_command: non-zero exit marks the item failed", async () => {
  const h = await harness();
  try {
    const result = await h.call("exec_command", {
      cmd: "echo oops >&2; exit 3",
      shell: "/bin/bash",
      login: false,
    });
    assert.equal(result.success, false);
    const p = parse(result.output);
    assert.equal(p.exitCode, 3);
    assert.equal(p.body, "oops\n");
    assert.deepEqual(h.itemEvents()[1], {
      type: "item.completed",
      item: {
        id: "item_0",
        type: "command_execution",
        command: "/bin/bash -c 'echo oops >&2; exit 3'",
        aggregated_output: "oops\n",
        exit_code: 3,
        status: "failed",
      },
    });
  } finally {
    await h.dispose();
  }
});

Deno.test("exec_command: stdout and stderr are interleaved in arrival order", async () => {
  const h = await harness();
  try {
    const cmd = "echo out1; sleep 0.1; echo err1 >&2; sleep 0.1; echo out2; sleep 0.1; echo err2 >&2";
    const result = await h.call("exec_command", { cmd, shell: "/bin/bash", login: false });
    assert.equal(parse(result.output).body, "out1\nerr1\nout2\nerr2\n");
    assert.equal(
      (h.itemEvents()[1].item as { aggregated_output: string }).aggregated_output,
      "out1\nerr1\nout2\nerr2\n",
    );
  } finally {
    await h.dispose();
  }
});

Deno.test("exec_command: workdir relative, absolute, missing and not a directory", async () => {
  const tmp = await Deno.realPath(await Deno.makeTempDir());
  await Deno.mkdir(join(tmp, "sub"));
  await Deno.writeTextFile(join(tmp, "file.txt"), "x");
  const h = await harness({ cwd: tmp });
  try {
    const rel = await h.call("exec_command", {
      cmd: "pwd",
      workdir: "sub",
      shell: "/bin/bash",
      login: false,
    });
    assert.equal(parse(rel.output).body, `${tmp}/sub\n`);
    const abs = await h.call("exec_command", { cmd: "pwd", workdir: "/", shell: "/bin/bash", login: false });
    assert.equal(parse(abs.output).body, "/\n");
    const none = await h.call("exec_command", { cmd: "pwd", shell: "/bin/bash", login: false });
    assert.equal(parse(none.output).body, `${tmp}\n`);

    const before = h.events.length;
    const missing = await h.call("exec_command", {
      cmd: "pwd",
      workdir: "nope",
      shell: "/bin/bash",
      login: false,
    });
    const why = `failed to start command: workdir ${tmp}/nope does not exist`;
    assert.deepEqual(missing, { output: `exec_command failed: ${why}`, success: false });
    assert.deepEqual(h.events.slice(before).map((e) => e.type), ["item.started", "item.completed"]);
    assert.deepEqual((h.events.at(-1) as { item: unknown }).item, {
      id: "item_3",
      type: "command_execution",
      command: "/bin/bash -c pwd",
      aggregated_output: why,
      exit_code: -1,
      status: "failed",
    });

    const file = await h.call("exec_command", {
      cmd: "pwd",
      workdir: "file.txt",
      shell: "/bin/bash",
      login: false,
    });
    assert.equal(
      file.output,
      `exec_command failed: failed to start command: workdir ${tmp}/file.txt is not a directory`,
    );
    assert.equal(file.success, false);
  } finally {
    await h.dispose();
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("exec_command: a shell that cannot be spawned fails the item, never throws", async () => {
  const h = await harness();
  try {
    const result = await h.call("exec_command", {
      cmd: "echo hi",
      shell: "/nonexistent/shell",
      login: false,
    });
    assert.equal(result.success, false);
    assert.match(result.output as string, /^exec_command failed: failed to start command: .+/);
    const done = h.itemEvents()[1];
    assert.equal(done.type, "item.completed");
    assert.equal((done.item as { status: string }).status, "failed");
    assert.equal((done.item as { exit_code: number }).exit_code, -1);
  } finally {
    await h.dispose();
  }
});

Deno.test("exec_command: forced environment is visible to the command", async () => {
  const vars = [...Object.keys(FORCED_ENV), "CODEX_SANDBOX_NETWORK_DISABLED"];
  const cmd = vars.map((v) => `printf '%s=[%s]\\n' ${v} "\${${v}-unset}"`).join("; ") +
    "; printf 'HOME=[%s]\\n' \"$HOME\"";
  const expected = (network: string) =>
    Object.entries(FORCED_ENV).map(([k, v]) => `${k}=[${v}]\n`).join("") +
    `CODEX_SANDBOX_NETWORK_DISABLED=[${network}]\nHOME=[${Deno.env.get("HOME") ?? ""}]\n`;

  const off = await harness();
  try {
    const r = await off.call("exec_command", { cmd, shell: "/bin/bash", login: false });
    assert.equal(parse(r.output).body, expected("1"));
  } finally {
    await off.dispose();
  }
  const on = await harness({ policy: testPolicy(Deno.cwd(), { networkAccess: true }) });
  try {
    const r = await on.call("exec_command", { cmd, shell: "/bin/bash", login: false });
    assert.equal(parse(r.output).body, expected("unset"));
  } finally {
    await on.dispose();
  }
});

Deno.test("exec_command: commands are spawned through the sandbox runtime's wrap", async () => {
  const specs: SpawnSpec[] = [];
  const backend: SandboxBackend = {
    id: "fake",
    available: () => Promise.resolve({ ok: true, reason: "test" }),
    wrap: (spec) => {
      specs.push(spec);
      return Promise.resolve({ ...spec, argv: ["/usr/bin/env", "WRAPPED=yes", ...spec.argv] });
    },
  };
  const h = await harness({ backend });
  try {
    const r = await h.call("exec_command", { cmd: "echo $WRAPPED", shell: "/bin/bash", login: false });
    assert.equal(parse(r.output).body, "yes\n");
    assert.equal(specs.length, 1);
    assert.deepEqual(specs[0].argv, ["/bin/bash", "-c", "echo $WRAPPED"]);
    assert.equal(specs[0].cwd, Deno.cwd());
    assert.equal(specs[0].env.TERM, "dumb");
    assert.equal((h.events[0] as { item: { command: string } }).item.command, "/bin/bash -c 'echo $WRAPPED'");
  } finally {
    await h.dispose();
  }
});

Deno.test("exec_command: long output is truncated for the model but whole in aggregated_output", async () => {
  const h = await harness();
  try {
    const full = Array.from({ length: 2000 }, (_, i) => `${i + 1}\n`).join("");
    const r = await h.call("exec_command", {
      cmd: "seq 1 2000",
      shell: "/bin/bash",
      login: false,
      max_output_tokens: 50,
    });
    const p = parse(r.output);
    const tokens = Math.ceil(full.length / 4);
    const removed = Math.ceil((full.length - 200) / 4);
    assert.equal(p.tokens, tokens);
    assert.equal(
      p.body,
      `Warning: truncated output (original token count: ${tokens})\nTotal output lines: 2000\n\n` +
        `${full.slice(0, 100)}…${removed} tokens truncated…${full.slice(full.length - 100)}`,
    );
    assert.equal((h.itemEvents()[1].item as { aggregated_output: string }).aggregated_output, full);
  } finally {
    await h.dispose();
  }
});

// ---------------------------------------------------------------- sessions and write_stdin

Deno.test("exec_command + write_stdin: a running process gets a session id, then takes input and exits", async () => {
  const h = await harness();
  try {
    const first = await h.call("exec_command", {
      cmd: "echo ready; read x; echo got $x",
      shell: "/bin/bash",
      login: false,
      yield_time_ms: 500,
    });
    assert.equal(first.success, true);
    const p1 = parse(first.output);
    assert.equal(p1.sessionId, 1);
    assert.equal(p1.exitCode, undefined);
    assert.equal(p1.body, "ready\n");
    assert.deepEqual(h.events.map((e) => e.type), ["item.started"]);

    // A yield far longer than the command needs: returning well before it proves the poll ended at exit.
    const second = await h.call("write_stdin", { session_id: 1, chars: "hello\n", yield_time_ms: 120_000 });
    const p2 = parse(second.output);
    assert.equal(p2.exitCode, 0);
    assert.equal(p2.body, "got hello\n");
    assert.ok(p2.wallSeconds < 60, `returned at exit, not after the yield (${p2.wallSeconds}s)`);
    assert.deepEqual(h.itemEvents()[1], {
      type: "item.completed",
      item: {
        id: "item_0",
        type: "command_execution",
        command: "/bin/bash -c 'echo ready; read x; echo got $x'",
        aggregated_output: "ready\ngot hello\n",
        exit_code: 0,
        status: "completed",
      },
    });

    const again = await h.call("write_stdin", { session_id: 1, chars: "x\n" });
    assert.deepEqual(again, { output: "write_stdin failed: Unknown session ID 1", success: false });
  } finally {
    await h.dispose();
  }
});

Deno.test("write_stdin: unknown session and bad arguments", async () => {
  const h = await harness();
  try {
    assert.deepEqual(await h.call("write_stdin", { session_id: 42 }), {
      output: "write_stdin failed: Unknown session ID 42",
      success: false,
    });
    const bad = await h.call("write_stdin", { session_id: "x" });
    assert.equal(bad.success, false);
    assert.match(bad.output as string, /^failed to parse function arguments: session_id: /);
    const missing = await h.call("exec_command", {});
    assert.equal(missing.success, false);
    assert.match(missing.output as string, /^failed to parse function arguments: cmd: /);
    const notJson = await h.call("exec_command", "{nope");
    assert.match(notJson.output as string, /^failed to parse function arguments: /);
    assert.equal(h.events.length, 0);
  } finally {
    await h.dispose();
  }
});

Deno.test("write_stdin: output since the last read; empty poll returns at exit", async () => {
  const h = await harness();
  try {
    const r1 = await h.call("exec_command", {
      cmd: "echo first; read x; echo second $x; sleep 0.5; echo third",
      shell: "/bin/bash",
      login: false,
      yield_time_ms: 300,
    });
    const id = parse(r1.output).sessionId!;
    assert.equal(parse(r1.output).body, "first\n");
    const r2 = await h.call("write_stdin", { session_id: id, chars: "a\n", yield_time_ms: 250 });
    const p2 = parse(r2.output);
    assert.equal(p2.sessionId, id);
    assert.equal(p2.body, "second a\n");
    const r3 = await h.call("write_stdin", { session_id: id, yield_time_ms: 120_000 });
    const p3 = parse(r3.output);
    assert.equal(p3.exitCode, 0);
    assert.equal(p3.body, "third\n");
    assert.ok(p3.wallSeconds < 60, `empty poll should end at exit (${p3.wallSeconds}s)`);
    assert.equal(
      (h.itemEvents()[1].item as { aggregated_output: string }).aggregated_output,
      "first\nsecond a\nthird\n",
    );
  } finally {
    await h.dispose();
  }
});

Deno.test("write_stdin: Ctrl-D closes stdin (pipes emulate the terminal's EOF)", async () => {
  const h = await harness();
  try {
    const r1 = await h.call("exec_command", {
      cmd: "cat",
      shell: "/bin/bash",
      login: false,
      yield_time_ms: 250,
    });
    const id = parse(r1.output).sessionId!;
    const r2 = await h.call("write_stdin", { session_id: id, chars: "abc\u0004", yield_time_ms: 3000 });
    const p = parse(r2.output);
    assert.equal(p.exitCode, 0);
    assert.equal(p.body, "abc");
  } finally {
    await h.dispose();
  }
});

Deno.test("exec_command: timeout_ms kills the process and says so", async () => {
  const h = await harness();
  try {
    const r = await h.call("exec_command", {
      cmd: "echo start; sleep 300",
      shell: "/bin/bash",
      login: false,
      timeout_ms: 300,
    });
    assert.equal(r.success, false);
    const p = parse(r.output);
    assert.equal(p.exitCode, 124);
    assert.equal(p.body, "command timed out after 300 milliseconds\nstart\n");
    assert.ok(p.wallSeconds < 60, `killed at the timeout, not when sleep ended (${p.wallSeconds}s)`);
    const done = h.itemEvents()[1].item as { status: string; exit_code: number; aggregated_output: string };
    assert.deepEqual([done.status, done.exit_code, done.aggregated_output], ["failed", 124, "start\n"]);
  } finally {
    await h.dispose();
  }
});

Deno.test("exec_command: timeout_ms also applies once the process is in the background", async () => {
  const h = await harness();
  try {
    const r1 = await h.call("exec_command", {
      cmd: "sleep 300",
      shell: "/bin/bash",
      login: false,
      yield_time_ms: 250,
      timeout_ms: 700,
    });
    const id = parse(r1.output).sessionId!;
    const r2 = await h.call("write_stdin", { session_id: id });
    const p = parse(r2.output);
    assert.equal(p.exitCode, 124);
    assert.equal(p.body, "command timed out after 700 milliseconds\n");
    assert.ok(p.wallSeconds < 60, `killed at the timeout, not when sleep ended (${p.wallSeconds}s)`);
  } finally {
    await h.dispose();
  }
});

Deno.test("dispose kills background processes (whole group) and completes their items", async () => {
  const h = await harness();
  const r = await h.call("exec_command", {
    cmd: "echo $$; sleep 30 & sleep 30",
    shell: "/bin/bash",
    login: false,
    yield_time_ms: 300,
  });
  const p = parse(r.output);
  assert.equal(p.sessionId, 1);
  const pid = Number(p.body.trim());
  assert.ok(pid > 0);
  assert.ok(liveGroupMembers(pid).length >= 2, "bash and its sleeps are running");
  assert.deepEqual(h.events.map((e) => e.type), ["item.started"]);
  await h.dispose();
  assert.deepEqual(h.itemEvents()[1], {
    type: "item.completed",
    item: {
      id: "item_0",
      type: "command_execution",
      command: "/bin/bash -c 'echo $$; sleep 30 & sleep 30'",
      aggregated_output: `${pid}\n`,
      exit_code: 137,
      status: "failed",
    },
  });
  assert.ok(await eventually(() => liveGroupMembers(pid).length === 0), "no process of the group survives");
  assert.deepEqual(await h.call("write_stdin", { session_id: 1 }), {
    output: "write_stdin failed: Unknown session ID 1",
    success: false,
  });
});

Deno.test("exec_command: aborting the turn kills the process", async () => {
  const h = await harness();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 300);
  try {
    const r = await h.call("exec_command", { cmd: "echo $$; sleep 30", shell: "/bin/bash", login: false }, {
      signal: controller.signal,
    });
    // Codex's words for an interrupted shell call, marked so the router keeps them.
    assert.equal(r.success, false);
    assert.equal(r.aborted, true);
    assert.match(String(r.output), /^Wall time: \d+\.\d seconds\naborted by user$/);
    const done = h.itemEvents()[1].item as { status: string; exit_code: number; aggregated_output: string };
    assert.deepEqual([done.status, done.exit_code], ["failed", 137]);
    const pid = Number(done.aggregated_output.split("\n")[0]);
    assert.ok(pid > 0);
    assert.ok(await eventually(() => liveGroupMembers(pid).length === 0));
  } finally {
    clearTimeout(timer);
    await h.dispose();
  }
});

Deno.test("write_stdin: sessions live in the plugin's per-thread state, shared by both tools", async () => {
  const h = new ToolHarness();
  const exec = execCommandTool();
  const write = writeStdinTool();
  try {
    const r1 = await h.invoke(exec, {
      cmd: "read x; echo $x",
      shell: "/bin/bash",
      login: false,
      yield_time_ms: 250,
    });
    const id = parse(r1.output).sessionId!;
    const r2 = await h.invoke(write, { session_id: id, chars: "yo\n", yield_time_ms: 3000 });
    assert.equal(parse(r2.output).body, "yo\n");
    // Another thread cannot see this thread's sessions.
    const otherThread = new ToolStates().for("direct");
    const other = await h.invoke(write, { session_id: id }, {
      threadId: "another-thread",
      session: otherThread,
    });
    assert.equal(other.output, `write_stdin failed: Unknown session ID ${id}`);
  } finally {
    await h.dispose();
  }
});

Deno.test("write_stdin: Ctrl-C sends SIGINT to the process group", async () => {
  const h = await harness();
  try {
    const r1 = await h.call("exec_command", {
      cmd: "trap 'echo caught; exit 5' INT; echo ready; while true; do sleep 0.05; done",
      shell: "/bin/bash",
      login: false,
      yield_time_ms: 300,
    });
    const p1 = parse(r1.output);
    assert.equal(p1.body, "ready\n");
    const r2 = await h.call("write_stdin", {
      session_id: p1.sessionId,
      chars: "\u0003",
      yield_time_ms: 3000,
    });
    const p2 = parse(r2.output);
    assert.equal(p2.exitCode, 5);
    assert.equal(p2.body, "caught\n");
  } finally {
    await h.dispose();
  }
});

Deno.test("exec_command: aggregated_output keeps the first and last 512 KiB of a long output", async () => {
  const h = await harness();
  try {
    const total = 3_000_000;
    const r = await h.call("exec_command", {
      cmd: `head -c ${total - 4} /dev/zero | tr '\\0' a; printf END!`,
      shell: "/bin/bash",
      login: false,
      max_output_tokens: 10,
    });
    const p = parse(r.output);
    assert.equal(p.exitCode, 0);
    assert.equal(p.tokens, total / 4);
    assert.equal(
      p.body,
      `Warning: truncated output (original token count: ${total / 4})\nTotal output lines: 1\n\n` +
        `${"a".repeat(20)}…${(total - 40) / 4} tokens truncated…${"a".repeat(16)}END!`,
    );
    const half = 512 * 1024;
    assert.equal(
      (h.itemEvents()[1].item as { aggregated_output: string }).aggregated_output,
      `${"a".repeat(half)}\n... ${total - 2 * half} bytes omitted ...\n${"a".repeat(half - 4)}END!`,
    );
  } finally {
    await h.dispose();
  }
});
