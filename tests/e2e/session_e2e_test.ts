/**
 * Sessions end to end: rollout files, `exec resume`, `exec fork`, and recovery after `kill -9`.
 */
import { appendFileSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { functionCallResponse, startFakeServer, textResponse } from "./fake_server.ts";
import { assert, assertEquals, assertIncludes } from "../helpers/assert.ts";
import { baseEnv, ENTRY, jsonLines, runCli, workspace } from "../helpers/cli.ts";
import { SUMMARY_PREFIX } from "../../src/host/compaction.ts";

type Input = { type: string; role?: string; content?: { text?: string }[]; call_id?: string }[];
const inputOf = (body: unknown) => (body as { input: Input }).input;
const texts = (input: Input) =>
  input.filter((i) => i.type === "message" && i.role !== "developer").map((i) =>
    `${i.role}:${i.content?.[0]?.text}`
  );

function rollouts(home: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(join(d, e.name));
    }
  };
  walk(join(home, "sessions"));
  return out.sort();
}

const threadIdOf = (stdout: string) => (jsonLines(stdout)[0] as { thread_id: string }).thread_id;

Deno.test("exec resume: same thread, full history re-sent, cumulative usage, one rollout file", async () => {
  const server = startFakeServer([
    textResponse("first answer"),
    textResponse("second answer"),
    textResponse("third"),
  ]);
  try {
    const ws = workspace(server.url);
    const first = await runCli(["exec", "--json", "first question"], { cwd: ws.cwd, env: ws.env });
    assertEquals(first.code, 0, first.stderr);
    const id = threadIdOf(first.stdout);

    const second = await runCli(["exec", "--json", "resume", id, "second question"], {
      cwd: ws.cwd,
      env: ws.env,
    });
    assertEquals(second.code, 0, second.stderr);
    const events = jsonLines(second.stdout);
    assertEquals(threadIdOf(second.stdout), id);
    assertEquals((events.at(-1) as { usage: { input_tokens: number } }).usage.input_tokens, 20);
    const sent = texts(inputOf(server.requests[1].body));
    assertEquals(sent.slice(-3), ["user:first question", "assistant:first answer", "user:second question"]);
    // The initial context is not duplicated.
    assertEquals(inputOf(server.requests[1].body).filter((i) => i.role === "developer").length, 2);
    assertEquals(rollouts(ws.home).length, 1);

    const third = await runCli(["exec", "resume", "--last", "third question"], { cwd: ws.cwd, env: ws.env });
    assertEquals([third.code, third.stdout], [0, "third\n"]);
    assertEquals(texts(inputOf(server.requests[2].body)).length, 6);
  } finally {
    await server.close();
  }
});

Deno.test("exec resume: --last is per directory unless --all; unknown ids are clear errors", async () => {
  const server = startFakeServer([textResponse("a"), textResponse("b")]);
  try {
    const ws = workspace(server.url);
    assertEquals((await runCli(["exec", "hi"], { cwd: ws.cwd, env: ws.env })).code, 0);
    const elsewhere = Deno.makeTempDirSync();
    const none = await runCli(["exec", "--skip-git-repo-check", "resume", "--last", "x"], {
      cwd: elsewhere,
      env: ws.env,
    });
    assertEquals(none.code, 1);
    assertIncludes(
      none.stderr,
      `No previous session found for ${elsewhere} (use --all to search every directory).`,
    );
    const all = await runCli(["exec", "--skip-git-repo-check", "resume", "--last", "--all", "x"], {
      cwd: elsewhere,
      env: ws.env,
    });
    assertEquals([all.code, all.stdout], [0, "b\n"]);
    const bad = await runCli(["exec", "resume", "01a20000-0000-7000-8000-000000000000", "x"], {
      cwd: ws.cwd,
      env: ws.env,
    });
    assertEquals(bad.code, 1);
    assertIncludes(bad.stderr, "No session found with id 01a20000-0000-7000-8000-000000000000");
    assertEquals((await runCli(["exec", "resume"], { cwd: ws.cwd, env: ws.env })).code, 2);
  } finally {
    await server.close();
  }
});

Deno.test("exec fork: a new thread from a copy; the original is untouched", async () => {
  const server = startFakeServer([
    textResponse("root answer"),
    textResponse("branch answer"),
    textResponse("main answer"),
  ]);
  try {
    const ws = workspace(server.url);
    const root = await runCli(["exec", "--json", "root question"], { cwd: ws.cwd, env: ws.env });
    const rootId = threadIdOf(root.stdout);
    const originalText = readFileSync(rollouts(ws.home)[0], "utf8");

    const fork = await runCli(["exec", "--json", "fork", rootId, "branch question"], {
      cwd: ws.cwd,
      env: ws.env,
    });
    assertEquals(fork.code, 0, fork.stderr);
    const forkId = threadIdOf(fork.stdout);
    assert.notEqual(forkId, rootId);
    assertEquals(texts(inputOf(server.requests[1].body)).slice(-3), [
      "user:root question",
      "assistant:root answer",
      "user:branch question",
    ]);
    const files = rollouts(ws.home);
    assertEquals(files.length, 2);
    const forkFile = files.find((f) => f.endsWith(`-${forkId}.jsonl`))!;
    assertEquals(JSON.parse(readFileSync(forkFile, "utf8").split("\n")[0]).payload.forked_from_id, rootId);
    assertEquals(readFileSync(files.find((f) => f.endsWith(`-${rootId}.jsonl`))!, "utf8"), originalText);

    const main = await runCli(["exec", "resume", rootId, "main question"], { cwd: ws.cwd, env: ws.env });
    assertEquals(main.code, 0, main.stderr);
    const mainTexts = texts(inputOf(server.requests[2].body));
    assert.ok(!mainTexts.some((t) => t.includes("branch")), mainTexts.join(" | "));
  } finally {
    await server.close();
  }
});

Deno.test("kill -9 mid-turn loses no completed item; a torn trailing line is cut off with a warning", async () => {
  let sawSecond: () => void = () => {};
  const second = new Promise<void>((r) => (sawSecond = r));
  const server = startFakeServer((_req, i) => {
    if (i === 0) {
      return functionCallResponse([{
        name: "exec_command",
        arguments: { cmd: "echo survived" },
        call_id: "k1",
      }]);
    }
    if (i === 1) {
      sawSecond();
      return { ...textResponse("never finished"), stallAfter: 1 };
    }
    return textResponse("resumed fine");
  });
  try {
    const ws = workspace(server.url);
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--quiet", ENTRY, "exec", "--json", "do work"],
      cwd: ws.cwd,
      env: { ...baseEnv(), ...ws.env },
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).spawn();
    await second;
    child.kill("SIGKILL");
    const out = await child.output();
    const id = threadIdOf(new TextDecoder().decode(out.stdout));
    const file = rollouts(ws.home)[0];
    const records = readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const kinds = records.filter((r) => r.type === "response_item").map((r) => r.payload.type);
    assert.ok(kinds.includes("function_call") && kinds.includes("function_call_output"), kinds.join(","));

    const torn = '{"timestamp":"2026-01-01T00:00:00.000Z","type":"response_it';
    appendFileSync(file, torn);
    const resumed = await runCli(["exec", "--json", "resume", id, "continue"], { cwd: ws.cwd, env: ws.env });
    assertEquals(resumed.code, 0, resumed.stderr);
    const warning = jsonLines(resumed.stdout).find((e) =>
      (e.item as { type?: string } | undefined)?.type === "error"
    );
    assertEquals(
      (warning?.item as { message: string }).message,
      `cut off a torn last line (${torn.length} bytes) of ${file}: the process writing it ended mid-record`,
    );
    const input = inputOf(server.requests[2].body);
    const output = input.find((i) => i.type === "function_call_output") as { output: string } | undefined;
    assertIncludes(String(output?.output), "survived");
    // Records appended by the resume start on a line of their own.
    for (const line of readFileSync(file, "utf8").trim().split("\n")) JSON.parse(line);
  } finally {
    await server.close();
  }
});

Deno.test("auto-compaction: request shape on the wire, compacted record, resume from the replacement", async () => {
  const server = startFakeServer([
    functionCallResponse([{ name: "exec_command", arguments: { cmd: "echo big" }, call_id: "c1" }]),
    textResponse("THE SUMMARY"),
    textResponse("done after compaction"),
    textResponse("resumed answer"),
  ]);
  try {
    // The fake server reports 15 tokens per response, so a limit of 15 compacts after the tool call.
    const ws = workspace(server.url, "model_auto_compact_token_limit = 15\n");
    const r = await runCli(["exec", "--json", "build it"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    const compaction = server.requests[1].body as { tools: unknown[]; input: Input };
    assertEquals(compaction.tools, []);
    assert.ok(compaction.input.some((i) => i.type === "function_call_output"));
    assert.match(String(compaction.input.at(-1)?.content?.[0].text), /^You are handing this task over/);
    const after = texts(inputOf(server.requests[2].body));
    assertEquals(after.at(-2), "user:build it");
    assert.match(
      String(after.at(-1)),
      /^user:Earlier parts of this conversation were compacted\..*\nTHE SUMMARY$/s,
    );
    assert.ok(!inputOf(server.requests[2].body).some((i) => i.type === "function_call_output"));

    const file = rollouts(ws.home)[0];
    const records = readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    assertEquals(records.filter((rec) => rec.type === "compacted").length, 1);

    const id = threadIdOf(r.stdout);
    const resumed = await runCli(["exec", "resume", id, "next"], { cwd: ws.cwd, env: ws.env });
    assertEquals(resumed.code, 0, resumed.stderr);
    const resent = inputOf(server.requests[3].body);
    assert.ok(!resent.some((i) => i.type === "function_call"), "pre-compaction items must not come back");
    assertEquals(texts(resent).slice(-3).map((t) => t.split("\n")[0]), [
      `user:${SUMMARY_PREFIX}`,
      "assistant:done after compaction",
      "user:next",
    ]);
  } finally {
    await server.close();
  }
});
