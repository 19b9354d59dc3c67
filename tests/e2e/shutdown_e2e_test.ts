/**
 * Ending a session on every path, through the real CLI: SIGINT/SIGTERM/SIGHUP during a command, kill -9
 * then resume, two resumes of one session, a full or read-only disk under CODEX_HOME. After each, the
 * session's history must be one the real API accepts (the fake server checks tool-call pairing), no
 * command may survive the CLI, and no temp dir may be left.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type CapturedRequest, functionCallResponse, startFakeServer, textResponse } from "./fake_server.ts";
import { assert, assertEquals, assertIncludes } from "../helpers/assert.ts";
import {
  baseEnv,
  ENTRY,
  jsonLines,
  OutputWatch,
  runCli,
  spawnCli,
  spawnInPty,
  type Workspace,
  workspace,
} from "../helpers/cli.ts";

type Item = { type: string; call_id?: string; output?: string; role?: string; content?: { text: string }[] };
const inputOf = (r: CapturedRequest) => (r.body as { input: Item[] }).input;

/**
 * A model that runs `cmd` whenever the last input item is a user message (a new turn) and answers "done"
 * once it sees the command's output.
 */
function commandModel(cmd: (i: number) => string) {
  return startFakeServer((req, i) => {
    const last = inputOf(req).at(-1);
    if (last?.type === "message" && last.role === "user" && !last.content?.[0]?.text.startsWith("<turn_")) {
      return functionCallResponse([{
        name: "exec_command",
        arguments: { cmd: cmd(i) },
        call_id: `call_${i}`,
      }]);
    }
    return textResponse("done");
  });
}

/** A workspace whose temp dir is its own, so leftovers are this test's. */
/**
 * A workspace with its own TMPDIR and its own XDG_RUNTIME_DIR, where the CLI's private helper dirs go
 * (they must lie outside /tmp, TMPDIR and the workspace, so the runtime dir is made under /var/tmp).
 */
function scratch(url: string): Workspace & { tmp: string; run: string } {
  const ws = workspace(url);
  const tmp = join(ws.cwd, "..", "tmp");
  Deno.mkdirSync(tmp);
  const run = Deno.makeTempDirSync({ dir: "/var/tmp", prefix: "codex-shutdown-test-" });
  Deno.chmodSync(run, 0o700);
  globalThis.addEventListener("unload", () => Deno.removeSync(run, { recursive: true }));
  return { ...ws, tmp, run, env: { ...ws.env, TMPDIR: tmp, XDG_RUNTIME_DIR: run } };
}

function watchCli(args: string[], ws: Workspace) {
  const child = spawnCli(args, ws);
  return { child, out: new OutputWatch(child.stdout), err: new OutputWatch(child.stderr) };
}

/** Waits until `path` holds a number (the command wrote its pid: it is running). */
async function pidFrom(path: string): Promise<number> {
  for (let i = 0; i < 600; i++) {
    const text = existsSync(path) ? readFileSync(path, "utf8").trim() : "";
    if (/^\d+$/.test(text)) return Number(text);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the command never wrote ${path}`);
}

/** Live processes in process group `pgid` (Linux /proc). */
function groupMembers(pgid: number): number[] {
  const out: number[] = [];
  for (const e of readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[0] !== "Z" && Number(fields[2]) === pgid) out.push(Number(e));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** Whether `pid` runs (a zombie waiting for its parent does not). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

async function noneLeft(pgid: number, timeoutMs = 60_000): Promise<boolean> {
  for (let i = 0; i < timeoutMs / 50; i++) {
    if (groupMembers(pgid).length === 0) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

function rolloutOf(home: string): string {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith(".jsonl")) found.push(join(d, e.name));
    }
  };
  walk(join(home, "sessions"));
  assertEquals(found.length, 1, found.join(", "));
  return found[0];
}

/** Parses every line (each must be whole JSON) and checks ordinals count up from 0 without a gap. */
function records(file: string): { type: string; ordinal: number; payload: Record<string, unknown> }[] {
  const text = readFileSync(file, "utf8");
  assert.ok(text.endsWith("\n"), "the rollout ends with a whole line");
  const lines = text.trimEnd().split("\n").map((l) => JSON.parse(l));
  assertEquals(lines.map((l) => l.ordinal), lines.map((_, i) => i), "ordinals are 0..n-1");
  return lines;
}

const SIGNAL_CODES = [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]] as const;

for (const [signal, code] of SIGNAL_CODES) {
  Deno.test(`${signal} during a command: turn aborted and recorded, processes and temp dirs gone, exit ${code}`, async () => {
    // A background job in the command's group, and a daemon that left it with setsid.
    const server = commandModel((i) =>
      i === 0
        ? `setsid -f sh -c 'echo $$ > ../daemon; exec sleep 299'; echo $$ > ../pid; sleep 300 & sleep 301`
        : "echo fine"
    );
    const ws = scratch(server.url);
    const run = watchCli(["exec", "--json", "-s", "danger-full-access", "go"], ws);
    try {
      const pgid = await pidFrom(join(ws.cwd, "..", "pid"));
      const daemon = await pidFrom(join(ws.cwd, "..", "daemon"));
      assert.ok(alive(daemon), "the daemon runs");
      assert.ok(await run.out.until('"item.started"', 30_000), run.out.text);
      // The apply_patch helper dir exists while the session runs.
      assert.ok(readdirSync(ws.run).some((n) => n.startsWith("codex-apply-patch-")), "helper dir made");
      run.child.kill(signal);
      const status = await run.child.status;
      await run.out.done;
      assertEquals(status.code, code, run.err.text);
      assert.ok(await noneLeft(pgid), `processes of group ${pgid} outlived the CLI`);
      assert.ok(!alive(daemon), `daemon ${daemon} outlived the CLI`);
      assertEquals(readdirSync(ws.tmp), [], "temp dirs removed");
      assertEquals(readdirSync(ws.run), [], "private helper dirs removed");

      const file = rolloutOf(ws.home);
      assert.ok(!existsSync(`${file}.lock`), "writer lock released");
      const recs = records(file);
      const output = recs.find((r) => r.payload.type === "function_call_output")?.payload;
      assertEquals(output?.call_id, "call_0");
      assert.match(String(output?.output), /^Wall time: \d+\.\d seconds\naborted by user$/);
      const aborted = recs.findIndex((r) => r.type === "event_msg" && r.payload.type === "turn_aborted");
      assert.ok(aborted > 0, "turn_aborted recorded");
      assertEquals(recs[aborted].payload.reason, "interrupted");
      const note = recs[aborted - 1].payload as Item;
      assertEquals([note.role, note.content?.[0].text.startsWith("<turn_aborted>")], ["user", true]);

      // The next turn of this session is a request the real API accepts.
      const id = (jsonLines(run.out.text)[0] as { thread_id: string }).thread_id;
      const again = await runCli(["exec", "--json", "resume", id, "status?"], { cwd: ws.cwd, env: ws.env });
      assertEquals(again.code, 0, again.stderr);
      assertEquals(server.rejected, []);
    } finally {
      try {
        run.child.kill("SIGKILL");
      } catch { /* already ended */ }
      await run.child.status;
      await Promise.all([run.out.done, run.err.done]);
      await server.close();
    }
  });
}

Deno.test("kill -9 mid-command, torn last line: resume cuts the line, answers the dangling call, takes the stale lock", async () => {
  const server = commandModel((i) => i === 0 ? `echo $$ > ../pid; sleep 302` : "echo fine");
  const ws = scratch(server.url);
  const run = watchCli(["exec", "--json", "-s", "danger-full-access", "go"], ws);
  let pgid = 0;
  try {
    pgid = await pidFrom(join(ws.cwd, "..", "pid"));
    run.child.kill("SIGKILL");
    await run.child.status;
    await run.out.done;
    const id = (jsonLines(run.out.text)[0] as { thread_id: string }).thread_id;
    const file = rolloutOf(ws.home);
    // The killed writer's lock is left behind, naming a dead pid; its reaper ends the command it left.
    assertEquals(readFileSync(`${file}.lock`, "utf8").split("\n")[0], String(run.child.pid));
    assert.ok(await noneLeft(pgid, 120_000), `processes of group ${pgid} outlived the killed CLI`);
    const before = records(file);
    assertEquals(before.at(-1)?.payload.type, "function_call", "the call was recorded, its output never was");
    // A record the kill cut in half.
    const torn = '{"timestamp":"2026-12-02T00:00:00.000Z","type":"event_m';
    writeFileSync(file, torn, { flag: "a" });

    const resumed = await runCli(["exec", "--json", "resume", id, "go on"], { cwd: ws.cwd, env: ws.env });
    assertEquals(resumed.code, 0, resumed.stderr);
    const warnings = jsonLines(resumed.stdout).flatMap((e) => {
      const item = e.item as { type?: string; message?: string } | undefined;
      return item?.type === "error" ? [item.message] : [];
    });
    assertIncludes(
      warnings.join("\n"),
      `cut off a torn last line (${torn.length} bytes) of ${file}: the process writing it ended mid-record`,
    );

    assertEquals(server.rejected, []);
    const sent = inputOf(server.requests[1]);
    const answered = sent.find((i) => i.type === "function_call_output" && i.call_id === "call_0");
    assertEquals(answered?.output, "aborted");
    const after = records(file);
    assertEquals(after.slice(0, before.length).map((r) => r.payload), before.map((r) => r.payload));
    assert.ok(!existsSync(`${file}.lock`), "lock released after the resumed run");
  } finally {
    if (pgid) {
      try {
        Deno.kill(-pgid, "SIGKILL");
      } catch { /* gone */ }
    }
    await server.close();
  }
});

Deno.test("two resumes of one session: the second fails at once, writes nothing, exit 1", async () => {
  const server = commandModel((i) => i === 2 ? `echo $$ > ../pid; sleep 303` : "echo fine");
  const ws = scratch(server.url);
  const first = await runCli(["exec", "--json", "-s", "danger-full-access", "start"], {
    cwd: ws.cwd,
    env: ws.env,
  });
  assertEquals(first.code, 0, first.stderr);
  const id = (jsonLines(first.stdout)[0] as { thread_id: string }).thread_id;
  const file = rolloutOf(ws.home);
  const holder = watchCli(["exec", "--json", "-s", "danger-full-access", "resume", id, "hold it"], ws);
  try {
    await pidFrom(join(ws.cwd, "..", "pid"));
    const size = Deno.statSync(file).size;
    const requests = server.requests.length;
    const second = await runCli(["exec", "--json", "resume", id, "me too"], { cwd: ws.cwd, env: ws.env });
    assertEquals(second.code, 1);
    assertEquals(second.stdout, "");
    assertIncludes(second.stderr, `thread ${id} already has an active writer (pid ${holder.child.pid})`);
    assert.ok(!second.stderr.includes("    at "), second.stderr);
    assertEquals(Deno.statSync(file).size, size, "the second writer wrote nothing");
    assertEquals(server.requests.length, requests, "and sent nothing");
    holder.child.kill("SIGINT");
    assertEquals((await holder.child.status).code, 130);
    // Once the writer is gone the session can be resumed again.
    const third = await runCli(["exec", "--json", "resume", id, "now"], { cwd: ws.cwd, env: ws.env });
    assertEquals(third.code, 0, third.stderr);
    assertEquals(server.rejected, []);
    records(file);
  } finally {
    try {
      holder.child.kill("SIGKILL");
    } catch { /* ended */ }
    await holder.child.status;
    await Promise.all([holder.out.done, holder.err.done]);
    await server.close();
  }
});

/** Mounts a tmpfs of `size` at a new dir, or says why it cannot (not root, no mount permission). */
function mountTmpfs(size: string): { dir: string; unmount(): void } | string {
  if (Deno.build.os !== "linux") return "tmpfs mounts need Linux";
  if (Deno.uid() !== 0) return "mounting a tmpfs needs root";
  const dir = Deno.makeTempDirSync({ prefix: "codex-diskfull-" });
  const res = new Deno.Command("mount", {
    args: ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir],
    stderr: "piped",
  })
    .outputSync();
  if (!res.success) {
    Deno.removeSync(dir);
    return `mount failed: ${new TextDecoder().decode(res.stderr).trim()}`;
  }
  return {
    dir,
    unmount() {
      new Deno.Command("umount", { args: ["-l", dir] }).outputSync();
      Deno.removeSync(dir, { recursive: true });
    },
  };
}

const tmpfsProbe = mountTmpfs("64k");
if (typeof tmpfsProbe !== "string") tmpfsProbe.unmount();
const noTmpfs = typeof tmpfsProbe === "string" ? tmpfsProbe : undefined;
if (noTmpfs) console.error(`skipping the disk-full and read-only tests: ${noTmpfs}`);

/** Fills the filesystem at `dir` completely, then frees `free` bytes. */
function fillUp(dir: string, free: number): void {
  const path = join(dir, "filler");
  const file = Deno.openSync(path, { write: true, create: true });
  const block = new Uint8Array(4096);
  try {
    for (;;) file.writeSync(block);
  } catch {
    // full
  }
  const size = file.statSync().size;
  file.truncateSync(Math.max(0, size - free));
  file.close();
}

Deno.test({
  name: "disk full under CODEX_HOME mid-turn: a clear error naming the file, whole lines kept, exit 1",
  ignore: noTmpfs !== undefined,
  fn: async () => {
    const server = commandModel((i) => i === 0 ? "echo small" : "head -c 30000 /dev/zero | tr '\\0' x");
    const ws = scratch(server.url);
    const disk = mountTmpfs("1m") as { dir: string; unmount(): void };
    try {
      const home = join(disk.dir, "home");
      Deno.mkdirSync(home);
      Deno.copyFileSync(join(ws.home, "config.toml"), join(home, "config.toml"));
      const env = { ...ws.env, CODEX_HOME: home };
      const first = await runCli(["exec", "--json", "-s", "danger-full-access", "one"], { cwd: ws.cwd, env });
      assertEquals(first.code, 0, first.stderr);
      const id = (jsonLines(first.stdout)[0] as { thread_id: string }).thread_id;
      const file = rolloutOf(home);
      const kept = records(file).length;

      fillUp(disk.dir, 8192);
      const full = await runCli(["exec", "--json", "-s", "danger-full-access", "resume", id, "two"], {
        cwd: ws.cwd,
        env,
      });
      assertEquals(full.code, 1, full.stderr);
      const failed = jsonLines(full.stdout).find((e) => e.type === "turn.failed") as
        | { error: { message: string } }
        | undefined;
      assertEquals(
        failed?.error.message,
        `cannot write session file ${file}: No space left on device (os error 28)`,
      );
      assert.ok(!/internal error| {4}at /.test(full.stderr + full.stdout), full.stderr);
      const afterFull = records(file);
      assert.ok(afterFull.length > kept, "records written before the disk filled are kept");
      assert.ok(!existsSync(`${file}.lock`), "lock released");

      // Space again: the session continues, and its history is one the API accepts.
      Deno.removeSync(join(disk.dir, "filler"));
      const third = await runCli(["exec", "--json", "resume", id, "three"], { cwd: ws.cwd, env });
      assertEquals(third.code, 0, third.stderr);
      assertEquals(server.rejected, []);
      records(file);
    } finally {
      disk.unmount();
      await server.close();
    }
  },
});

Deno.test({
  name: "read-only CODEX_HOME: a new session fails with the folder and the cause, exit 1, no stack trace",
  ignore: noTmpfs !== undefined,
  fn: async () => {
    const server = startFakeServer([textResponse("never")]);
    const ws = scratch(server.url);
    const disk = mountTmpfs("1m") as { dir: string; unmount(): void };
    try {
      Deno.copyFileSync(join(ws.home, "config.toml"), join(disk.dir, "config.toml"));
      const remount = new Deno.Command("mount", { args: ["-o", "remount,ro", disk.dir] }).outputSync();
      assert.ok(remount.success, "remount read-only");
      const res = await runCli(["exec", "--json", "hello"], {
        cwd: ws.cwd,
        env: { ...ws.env, CODEX_HOME: disk.dir },
      });
      assertEquals(res.code, 1);
      assertIncludes(
        res.stderr,
        `cannot create the session folder ${join(disk.dir, "sessions")}`,
      );
      assertIncludes(res.stderr, "Read-only file system (os error 30)");
      assert.ok(!/internal error| {4}at /.test(res.stderr), res.stderr);
      assertEquals(server.requests.length, 0);
    } finally {
      disk.unmount();
      await server.close();
    }
  },
});

Deno.test("interactive session: SIGHUP (terminal closed) mid-command aborts and records the turn, exit 129; a busy session cannot be resumed", async () => {
  const server = commandModel((i) => i === 0 ? `echo $$ > ../pid; sleep 304 & sleep 305` : "echo fine");
  const ws = scratch(server.url);
  const run = watchCli(["-s", "danger-full-access", "-a", "never", "go"], ws);
  try {
    const pgid = await pidFrom(join(ws.cwd, "..", "pid"));
    const file = rolloutOf(ws.home);
    const id = file.slice(-"01a23607-8faf-7c1f-94cd-c7700eda5970.jsonl".length, -".jsonl".length);
    // While it runs, an interactive resume of the same session is refused.
    const busy = await runCli(["resume", id], { cwd: ws.cwd, env: ws.env, stdin: "hello\n" });
    assertEquals(busy.code, 1);
    assertIncludes(busy.stderr, `thread ${id} already has an active writer (pid ${run.child.pid})`);

    run.child.kill("SIGHUP");
    assertEquals((await run.child.status).code, 129, run.err.text);
    assert.ok(await noneLeft(pgid), `processes of group ${pgid} outlived the CLI`);
    assertEquals(readdirSync(ws.tmp), [], "temp dirs removed");
    const recs = records(file);
    assert.ok(recs.some((r) => r.type === "event_msg" && r.payload.type === "turn_aborted"));
    const again = await runCli(["resume", id], { cwd: ws.cwd, env: ws.env, stdin: "and now?\n" });
    assertEquals(again.code, 0, again.stderr);
    assertEquals(server.rejected, []);
  } finally {
    try {
      run.child.kill("SIGKILL");
    } catch { /* ended */ }
    await run.child.status;
    await Promise.all([run.out.done, run.err.done]);
    await server.close();
  }
});

Deno.test("approval answered 'q': the turn is aborted with every call answered; the session goes on", async () => {
  // Two calls in one response: the first asks and is aborted, the second never runs.
  const server = startFakeServer((req, i) => {
    if (i === 0) {
      return functionCallResponse([
        { name: "exec_command", arguments: { cmd: "touch made.txt" }, call_id: "ask" },
        { name: "exec_command", arguments: { cmd: "touch other.txt" }, call_id: "after" },
      ]);
    }
    return textResponse(`answer ${inputOf(req).length}`);
  });
  const ws = scratch(server.url);
  try {
    const r = await runCli(["exec", "--json", "-a", "untrusted", "make files"], {
      cwd: ws.cwd,
      env: ws.env,
      stdin: "q\n",
    });
    assertEquals(r.code, 1, r.stderr);
    assert.ok(!existsSync(join(ws.cwd, "made.txt")) && !existsSync(join(ws.cwd, "other.txt")));
    const file = rolloutOf(ws.home);
    const outputs = records(file).filter((x) => x.payload.type === "function_call_output").map((x) =>
      `${x.payload.call_id}: ${x.payload.output}`
    );
    assertEquals(outputs.length, 2, outputs.join("\n"));
    assert.match(outputs[0], /^ask: aborted by user after \d+\.\ds$/);
    assert.match(outputs[1], /^after: aborted by user after \d+\.\ds$/);
    const id = (jsonLines(r.stdout)[0] as { thread_id: string }).thread_id;
    const again = await runCli(["exec", "--json", "resume", id, "go on"], { cwd: ws.cwd, env: ws.env });
    assertEquals(again.code, 0, again.stderr);
    assertEquals(server.rejected, []);
  } finally {
    await server.close();
  }
});

Deno.test("mcp-server: SIGTERM mid-turn records the abort, ends the command, exit 143", async () => {
  const server = commandModel((i) => i === 0 ? `echo $$ > ../pid; sleep 308` : "echo fine");
  const ws = scratch(server.url);
  const child = spawnCli(["mcp-server"], { ...ws, stdin: "piped" });
  const out = new OutputWatch(child.stdout), err = new OutputWatch(child.stderr);
  const stdin = child.stdin.getWriter();
  const send = (msg: object) =>
    stdin.write(new TextEncoder().encode(JSON.stringify({ jsonrpc: "2.0", ...msg }) + "\n"));
  try {
    await send({
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
    });
    assert.ok(await out.until('"id":1', 30_000), out.text + err.text);
    await send({ method: "notifications/initialized" });
    await send({
      id: 2,
      method: "tools/call",
      params: { name: "codex", arguments: { prompt: "go", cwd: ws.cwd, sandbox: "danger-full-access" } },
    });
    const pgid = await pidFrom(join(ws.cwd, "..", "pid"));
    child.kill("SIGTERM");
    assertEquals((await child.status).code, 143, err.text);
    assert.ok(await noneLeft(pgid), `processes of group ${pgid} outlived the server`);
    assertEquals(readdirSync(ws.tmp), [], "temp dirs removed");
    const recs = records(rolloutOf(ws.home));
    assert.ok(recs.some((r) => r.type === "event_msg" && r.payload.type === "turn_aborted"));
    assert.ok(recs.some((r) => r.payload.type === "function_call_output"));
  } finally {
    await stdin.close().catch(() => {});
    try {
      child.kill("SIGKILL");
    } catch { /* ended */ }
    await child.status;
    await Promise.all([out.done, err.done]);
    await server.close();
  }
});

Deno.test("resume of a Codex 0.171 rollout left by kill -9 mid-command: the dangling call is answered", async () => {
  const server = startFakeServer([textResponse("continuing")]);
  const ws = scratch(server.url);
  try {
    const id = "01a235fa-2a15-7702-b90f-81184ce8611d";
    const name = `rollout-2026-12-02T08-58-37-${id}.jsonl`;
    const dir = join(ws.home, "sessions", "2026", "12", "02");
    Deno.mkdirSync(dir, { recursive: true });
    Deno.copyFileSync(new URL(`../fixtures/codex_rollouts/${name}`, import.meta.url), join(dir, name));
    const r = await runCli(["exec", "--json", "resume", id, "again"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    assertEquals(server.rejected, []);
    const input = inputOf(server.requests[0]);
    const at = input.findIndex((i) => i.type === "function_call" && i.call_id === "call_abc");
    assertEquals(input[at + 1], { type: "function_call_output", call_id: "call_abc", output: "aborted" });
    // Appended records continue Codex's numbering.
    const ordinals = readFileSync(join(dir, name), "utf8").trim().split("\n").map((l) =>
      JSON.parse(l).ordinal
    );
    assertEquals(new Set(ordinals).size, ordinals.length, "no ordinal repeats");
  } finally {
    await server.close();
  }
});

Deno.test("SIGTERM while a background exec session runs: it ends with the session too", async () => {
  // First call: a command that outlives its call (it yields and keeps running as session 1). Second call:
  // a command still running when the signal comes.
  const server = startFakeServer((_req, i) => {
    if (i === 0) {
      return functionCallResponse([{
        name: "exec_command",
        arguments: { cmd: "echo $$ > ../bg; sleep 311", yield_time_ms: 250 },
        call_id: "bg",
      }]);
    }
    if (i === 1) {
      return functionCallResponse([{
        name: "exec_command",
        arguments: { cmd: "echo $$ > ../pid; sleep 312" },
        call_id: "fg",
      }]);
    }
    return textResponse("done");
  });
  const ws = scratch(server.url);
  const run = watchCli(["exec", "--json", "-s", "danger-full-access", "go"], ws);
  try {
    const background = await pidFrom(join(ws.cwd, "..", "bg"));
    const foreground = await pidFrom(join(ws.cwd, "..", "pid"));
    assert.ok(groupMembers(background).length > 0, "the background session runs");
    run.child.kill("SIGTERM");
    assertEquals((await run.child.status).code, 143, run.err.text);
    assert.ok(await noneLeft(background), "the background exec session outlived the CLI");
    assert.ok(await noneLeft(foreground), "the running command outlived the CLI");
    assertEquals(server.rejected, []);
    const outputs = records(rolloutOf(ws.home)).filter((r) => r.payload.type === "function_call_output");
    assertEquals(outputs.map((r) => r.payload.call_id), ["bg", "fg"]);
  } finally {
    try {
      run.child.kill("SIGKILL");
    } catch { /* ended */ }
    await run.child.status;
    await Promise.all([run.out.done, run.err.done]);
    await server.close();
  }
});

Deno.test("interactive Ctrl-C on a pty mid-command: the turn is aborted and recorded, the next turn is valid", async () => {
  const server = commandModel((i) => i === 0 ? `echo $$ > ../pid; sleep 313` : "echo fine");
  const ws = scratch(server.url);
  const inner = `'${Deno.execPath()}' run -A --quiet '${ENTRY}' -s danger-full-access -a never`;
  const pty = spawnInPty(inner, { cwd: ws.cwd, env: { ...baseEnv(), ...ws.env, TERM: "xterm" } });
  const until = async (needle: string) =>
    assert.ok(await pty.out.until(needle, 30_000), `no ${JSON.stringify(needle)} in ${pty.out.text}`);
  try {
    await until("› ");
    await pty.type("go\r");
    const pgid = await pidFrom(join(ws.cwd, "..", "pid"));
    await pty.type("\x03");
    await until("(turn interrupted)");
    assert.ok(await noneLeft(pgid), "the interrupted command was ended");
    await pty.type("next\r");
    await until("done");
    await pty.type("\x04");
    await pty.closeKeys();
    assertEquals((await pty.child.status).code, 0, pty.out.text);
    assertEquals(server.rejected, []);
    const recs = records(rolloutOf(ws.home));
    const output = recs.find((r) =>
      r.payload.type === "function_call_output" && r.payload.call_id === "call_0"
    );
    assert.match(String(output?.payload.output), /^Wall time: \d+\.\d seconds\naborted by user$/);
    assert.ok(recs.some((r) => r.type === "event_msg" && r.payload.type === "turn_aborted"));
  } finally {
    try {
      pty.child.kill("SIGKILL");
    } catch { /* ended */ }
    await pty.child.status;
    await pty.out.done;
    await server.close();
  }
});
