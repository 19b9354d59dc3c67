/**
 * The `openai-chat` provider (`wire_api = "chat"`) end to end: the real CLI process against the fake
 * server's chat-completions endpoint, and the `--oss` local providers. The provider's unit tests are in
 * plugins/openai_chat/openai_chat_test.ts.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { chatTextResponse, chatToolCallResponse, startFakeServer } from "./fake_server.ts";
import { assert, assertEquals, assertIncludes } from "../helpers/assert.ts";
import { jsonLines, runCli, workspace } from "../helpers/cli.ts";

type ChatBody = {
  model: string;
  messages: Record<string, unknown>[];
  tools?: { function: { name: string } }[];
};

Deno.test("e2e: exec --json through a wire_api=chat provider: exec_command call, then the final message", async () => {
  const server = startFakeServer([
    chatToolCallResponse([{
      id: "call_1",
      name: "exec_command",
      arguments: { cmd: "echo hi" },
      fragment: 4,
    }]),
    chatTextResponse("All done.", { chunks: ["All ", "done."] }),
  ]);
  try {
    const ws = workspace(server.url);
    const r = await runCli(["exec", "--json", "-c", 'model_providers.mock.wire_api="chat"', "run echo"], {
      cwd: ws.cwd,
      env: ws.env,
    });
    assertEquals(r.code, 0, r.stderr);
    const events = jsonLines(r.stdout);
    const threadId = (events[0] as { thread_id: string }).thread_id;
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
    assertEquals(server.requests.map((q) => q.path), ["/v1/chat/completions", "/v1/chat/completions"]);
    assertEquals(server.requests[0].headers.authorization, "Bearer sk-test");
    const first = server.requests[0].body as ChatBody;
    assertEquals(first.model, "gpt-5.5");
    assertEquals(first.messages[0].role, "system");
    assertEquals(first.messages.at(-1), { role: "user", content: "run echo" });
    assert.ok(first.tools?.some((t) => t.function.name === "exec_command"));
    const second = server.requests[1].body as ChatBody;
    const calls = second.messages.filter((m) => m.role === "assistant");
    assertEquals(calls, [{
      role: "assistant",
      content: null,
      tool_calls: [{
        id: "call_1",
        type: "function",
        function: { name: "exec_command", arguments: '{"cmd":"echo hi"}' },
      }],
    }]);
    const output = second.messages.at(-1) as { role: string; tool_call_id: string; content: string };
    assertEquals([output.role, output.tool_call_id], ["tool", "call_1"]);
    assert.match(
      output.content,
      /^Chunk ID: [0-9a-f]{6}\nWall time: \d+\.\d{4} seconds\nProcess exited with code 0\n/,
    );
    assertIncludes(output.content, "Output:\nhi\n");
  } finally {
    await server.close();
  }
});

/** A workspace whose config.toml sets no model and no provider (what `--oss` users start from). */
function bareWorkspace(baseUrl: string, toml = ""): ReturnType<typeof workspace> {
  const ws = workspace(baseUrl);
  writeFileSync(join(ws.home, "config.toml"), toml);
  return ws;
}

Deno.test("e2e: --oss --local-provider ollama uses the chat endpoint with model gpt-oss:20b", async () => {
  const server = startFakeServer([chatTextResponse("Hello from ollama.")]);
  try {
    const ws = bareWorkspace(server.url);
    const r = await runCli([
      "exec",
      "--oss",
      "--local-provider",
      "ollama",
      "-c",
      `model_providers.ollama.base_url="${server.url}"`,
      "say hello",
    ], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    assertEquals(r.stdout, "Hello from ollama.\n");
    assertIncludes(r.stderr, "model: gpt-oss:20b");
    assertIncludes(r.stderr, "provider: ollama");
    assertEquals(server.requests.length, 1);
    const req = server.requests[0];
    assertEquals(req.path, "/v1/chat/completions");
    assertEquals("authorization" in req.headers, false);
    const body = req.body as ChatBody & { stream: boolean; stream_options: unknown };
    assertEquals([body.model, body.stream, body.stream_options], ["gpt-oss:20b", true, {
      include_usage: true,
    }]);
  } finally {
    await server.close();
  }
});

Deno.test("e2e: --oss alone picks ollama at CODEX_OSS_BASE_URL; oss_provider = lmstudio picks LM Studio", async () => {
  const server = startFakeServer([chatTextResponse("from ollama"), chatTextResponse("from lmstudio")]);
  try {
    const ws = bareWorkspace(server.url);
    const a = await runCli(["exec", "--oss", "hi"], {
      cwd: ws.cwd,
      env: { ...ws.env, CODEX_OSS_BASE_URL: server.url },
    });
    assertEquals(a.code, 0, a.stderr);
    assertEquals(a.stdout, "from ollama\n");
    const lm = bareWorkspace(server.url, `oss_provider = "lmstudio"\n`);
    const b = await runCli(
      ["exec", "--oss", "-c", `model_providers.lmstudio.base_url="${server.url}"`, "hi"],
      {
        cwd: lm.cwd,
        env: lm.env,
      },
    );
    assertEquals(b.code, 0, b.stderr);
    assertEquals(b.stdout, "from lmstudio\n");
    assertIncludes(b.stderr, "provider: lmstudio");
    assertEquals(server.requests.map((q) => [q.path, (q.body as ChatBody).model]), [
      ["/v1/chat/completions", "gpt-oss:20b"],
      ["/v1/chat/completions", "openai/gpt-oss-20b"],
    ]);
  } finally {
    await server.close();
  }
});
