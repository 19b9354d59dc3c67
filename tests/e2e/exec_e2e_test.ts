/**
 * End-to-end: the real CLI process against the fake Responses server.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { functionCallResponse, httpError, startFakeServer, textResponse } from "./fake_server.ts";
import { assert, assertEquals, assertIncludes } from "../helpers/assert.ts";
import { jsonLines, runCli, workspace } from "../helpers/cli.ts";

type Body = {
  model: string;
  input: { type: string; role?: string; content?: { text?: string }[]; call_id?: string; output?: unknown }[];
  tools: { name: string; type: string }[];
  [k: string]: unknown;
};

Deno.test("exec: final message on stdout, progress on stderr, request shape", async () => {
  const server = startFakeServer([textResponse("Hello from the model.", { reasoning: "Thinking briefly" })]);
  try {
    const ws = workspace(server.url);
    const r = await runCli(["exec", "say hello"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    assertEquals(r.stdout, "Hello from the model.\n");
    assertIncludes(r.stderr, `workdir: ${ws.cwd}`);
    assertIncludes(r.stderr, "model: gpt-5.5");
    assertIncludes(r.stderr, "provider: mock");
    assertIncludes(r.stderr, "user\nsay hello");
    assertIncludes(r.stderr, "thinking\nThinking briefly");
    assertIncludes(r.stderr, "tokens used\n15");

    assertEquals(server.requests.length, 1);
    const req = server.requests[0];
    assertEquals(req.path, "/v1/responses");
    assertEquals(req.headers.authorization, "Bearer sk-test");
    assertEquals(req.headers.originator, "codex_exec");
    const body = req.body as Body;
    assertEquals(body.model, "gpt-5.5");
    assertEquals([body.stream, body.store, body.tool_choice, body.parallel_tool_calls], [
      true,
      false,
      "auto",
      true,
    ]);
    assertEquals(body.instructions, undefined);
    assertEquals(body.input[0].role, "developer");
    const last = body.input[body.input.length - 1];
    assertEquals([last.role, last.content?.[0].text], ["user", "say hello"]);
    assert.ok(body.tools.some((t) => t.name === "exec_command" && t.type === "function"));
    assert.ok(
      typeof body.prompt_cache_key === "string" && body.prompt_cache_key === req.headers["session-id"],
    );
  } finally {
    await server.close();
  }
});

Deno.test("exec --json: Codex's event schema through a shell tool call", async () => {
  const server = startFakeServer([
    functionCallResponse([{ name: "exec_command", arguments: { cmd: "echo hi" }, call_id: "call_1" }]),
    textResponse("All done."),
  ]);
  try {
    const ws = workspace(server.url);
    const r = await runCli(["exec", "--json", "run echo"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    const events = jsonLines(r.stdout);
    const threadId = (events[0] as { thread_id: string }).thread_id;
    assert.match(threadId, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const shell = Deno.env.get("SHELL") ?? "/bin/bash";
    const command = `${shell} -lc 'echo hi'`;
    assertEquals(events, [
      { type: "thread.started", thread_id: threadId },
      { type: "turn.started" },
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
      { type: "item.completed", item: { id: "item_1", type: "agent_message", text: "All done." } },
      {
        type: "turn.completed",
        usage: {
          input_tokens: 20,
          cached_input_tokens: 0,
          cache_write_input_tokens: 0,
          output_tokens: 10,
          reasoning_output_tokens: 0,
        },
      },
    ]);
    // The second request carries the call and its output, in Codex's format.
    const second = server.requests[1].body as Body;
    const call = second.input.find((i) => i.type === "function_call");
    const out = second.input.find((i) => i.type === "function_call_output");
    assertEquals(call?.call_id, "call_1");
    assertEquals(out?.call_id, "call_1");
    assert.match(
      String(out?.output),
      /^Chunk ID: [0-9a-f]{6}\nWall time: \d+\.\d{4} seconds\nProcess exited with code 0\n/,
    );
    assertIncludes(String(out?.output), "Output:\nhi\n");
  } finally {
    await server.close();
  }
});

Deno.test("exec --json: update_plan drives a todo_list item completed before turn.completed", async () => {
  const plan = (statuses: string[]) => ({
    plan: statuses.map((status, i) => ({ step: `step ${i + 1}`, status })),
  });
  const server = startFakeServer([
    functionCallResponse([{
      name: "update_plan",
      arguments: plan(["in_progress", "pending"]),
      call_id: "p1",
    }]),
    functionCallResponse([{
      name: "update_plan",
      arguments: plan(["completed", "in_progress"]),
      call_id: "p2",
    }]),
    textResponse("Planned."),
  ]);
  try {
    const ws = workspace(server.url);
    const r = await runCli(["exec", "--json", "plan it"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    const kinds = jsonLines(r.stdout).map((e) => {
      const item = e.item as { type: string; items?: unknown } | undefined;
      return item ? `${e.type}:${item.type}` : String(e.type);
    });
    assertEquals(kinds, [
      "thread.started",
      "turn.started",
      "item.started:todo_list",
      "item.updated:todo_list",
      "item.completed:agent_message",
      "item.completed:todo_list",
      "turn.completed",
    ]);
    const done = jsonLines(r.stdout).find((e) =>
      e.type === "item.completed" && (e.item as { type: string }).type === "todo_list"
    );
    assertEquals((done?.item as { items: unknown }).items, [
      { text: "step 1", completed: true },
      { text: "step 2", completed: false },
    ]);
  } finally {
    await server.close();
  }
});

Deno.test("exec: prompt from stdin, and stdin appended to an argv prompt", async () => {
  const server = startFakeServer([textResponse("a"), textResponse("b")]);
  try {
    const ws = workspace(server.url);
    const piped = await runCli(["exec"], { cwd: ws.cwd, env: ws.env, stdin: "from stdin\n" });
    assertEquals(piped.code, 0, piped.stderr);
    assertIncludes(piped.stderr, "Reading prompt from stdin...");
    const both = await runCli(["exec", "summarize"], { cwd: ws.cwd, env: ws.env, stdin: "file contents" });
    assertEquals(both.code, 0, both.stderr);
    const lastText = (i: number) => {
      const input = (server.requests[i].body as Body).input;
      return input[input.length - 1].content?.[0].text;
    };
    assertEquals(lastText(0), "from stdin\n");
    assertEquals(lastText(1), "summarize\n\n<stdin>\nfile contents\n</stdin>");
    const empty = await runCli(["exec"], { cwd: ws.cwd, env: ws.env, stdin: "  " });
    assertEquals([empty.code, empty.stderr.trim().split("\n").pop()], [
      1,
      "Error: No prompt provided via stdin.",
    ]);
  } finally {
    await server.close();
  }
});

Deno.test("exec: refuses to run outside a git repo unless --skip-git-repo-check", async () => {
  const server = startFakeServer([textResponse("ok")]);
  try {
    const ws = workspace(server.url);
    const outside = Deno.makeTempDirSync();
    const r = await runCli(["exec", "hi"], { cwd: outside, env: ws.env });
    assertEquals(r.code, 1);
    assertIncludes(r.stderr, "Not inside a trusted directory and --skip-git-repo-check was not specified.");
    assertEquals(server.requests.length, 0);
    const ok = await runCli(["exec", "--skip-git-repo-check", "-C", outside, "hi"], { env: ws.env });
    assertEquals([ok.code, ok.stdout], [0, "ok\n"]);
  } finally {
    await server.close();
  }
});

Deno.test("exec: -o writes the last message, --output-schema sets text.format, -m picks the model", async () => {
  const server = startFakeServer([textResponse('{"answer":42}')]);
  try {
    const ws = workspace(server.url);
    const schema = {
      type: "object",
      properties: { answer: { type: "number" } },
      required: ["answer"],
      additionalProperties: false,
    };
    const schemaPath = join(ws.cwd, "schema.json");
    writeFileSync(schemaPath, JSON.stringify(schema));
    const outPath = join(ws.cwd, "last.txt");
    const r = await runCli([
      "exec",
      "-m",
      "other-model",
      "--output-schema",
      schemaPath,
      "-o",
      outPath,
      "answer",
    ], {
      cwd: ws.cwd,
      env: ws.env,
    });
    assertEquals(r.code, 0, r.stderr);
    assertEquals(readFileSync(outPath, "utf8"), '{"answer":42}');
    const body = server.requests[0].body as Body;
    assertEquals(body.model, "other-model");
    assertEquals((body.text as { format: unknown }).format, {
      type: "json_schema",
      name: "codex_output_schema",
      strict: true,
      schema,
    });
  } finally {
    await server.close();
  }
});

Deno.test("exec --json: server errors are retried with Reconnecting events, then the turn fails", async () => {
  const server = startFakeServer(() => httpError(500, "boom"));
  try {
    const ws = workspace(server.url);
    const r = await runCli(["exec", "--json", "hi"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 1);
    const events = jsonLines(r.stdout);
    assertEquals(events.map((e) => e.type), [
      "thread.started",
      "turn.started",
      "error",
      "error",
      "turn.failed",
    ]);
    assert.match(String(events[2].message), /^Reconnecting\.\.\. 1\/1 \(/);
    // request_max_retries = 1 and stream_max_retries = 1: (1+1) × (1+1) requests.
    assertEquals(server.requests.length, 4);
    assertEquals((events[4].error as { message: string }).message, events[3].message);
  } finally {
    await server.close();
  }
});

Deno.test("exec: bad input gives one clear line and a non-zero exit, never a stack trace", async () => {
  const server = startFakeServer([{ raw: "data: {not json\n\ndata: also bad\n\n" }, { raw: "garbage" }]);
  try {
    const ws = workspace(server.url);
    const closed = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const deadPort = (closed.addr as Deno.NetAddr).port;
    closed.close();
    const cases: [string[], Record<string, string>, RegExp][] = [
      [["exec", "hi"], { FAKE_KEY: "" }, /^Error: Missing environment variable: `FAKE_KEY`\.$/],
      [
        ["exec", "-c", `model_providers.mock.base_url="http://127.0.0.1:${deadPort}/v1"`, "hi"],
        {},
        /Connection refused/,
      ],
      [["exec", "hi"], {}, /stream disconnected before completion/],
      [
        ["exec", "-c", "model_context_window=huge", "hi"],
        {},
        /-c model_context_window=huge: model_context_window: expected number/,
      ],
    ];
    for (const [args, env, pattern] of cases) {
      const r = await runCli(args, { cwd: ws.cwd, env: { ...ws.env, ...env } });
      assertEquals(r.code, 1, `${args.join(" ")}: ${r.stderr}`);
      const lines = r.stderr.trim().split("\n").filter((l) => l.startsWith("Error") || l.startsWith("ERROR"));
      assert.ok(lines.some((l) => pattern.test(l)), `${args.join(" ")}: ${r.stderr}`);
      assert.ok(!/\n\s+at /.test(r.stderr), `stack trace in: ${r.stderr}`);
    }
    writeFileSync(join(ws.home, "config.toml"), "model = [unclosed\n");
    const bad = await runCli(["exec", "hi"], { cwd: ws.cwd, env: ws.env });
    assertEquals(bad.code, 1);
    assert.match(bad.stderr, new RegExp(`^Error: ${join(ws.home, "config.toml")}:1:\\d+: invalid TOML`));
    const usage = await runCli(["exec", "--no-such-flag"], { cwd: ws.cwd, env: ws.env });
    assertEquals(usage.code, 2);
  } finally {
    await server.close();
  }
});

Deno.test("exec: rollout file per session; --ephemeral writes none", async () => {
  const server = startFakeServer([textResponse("one"), textResponse("two")]);
  try {
    const ws = workspace(server.url);
    const r = await runCli(["exec", "--json", "hi"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    const threadId = (jsonLines(r.stdout)[0] as { thread_id: string }).thread_id;
    const sessions = join(ws.home, "sessions");
    const files = [...walk(sessions)];
    assertEquals(files.length, 1);
    assert.ok(files[0].endsWith(`-${threadId}.jsonl`));
    const lines = readFileSync(files[0], "utf8").trim().split("\n").map((l) => JSON.parse(l));
    assertEquals(lines[0].type, "session_meta");
    assertEquals(lines[0].payload.id, threadId);
    assert.ok(lines.some((l) => l.type === "response_item" && l.payload.role === "assistant"));
    const eph = await runCli(["exec", "--ephemeral", "hi"], { cwd: ws.cwd, env: ws.env });
    assertEquals(eph.code, 0, eph.stderr);
    assertEquals([...walk(sessions)].length, 1);
  } finally {
    await server.close();
  }
});

function* walk(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else yield p;
  }
}
