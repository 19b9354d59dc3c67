/**
 * Tests of the `openai-chat` provider plugin (`wire_api = "chat"`) against the scripted fake server's
 * chat-completions streams, and of the built-in local providers' config.
 * Run: `deno test -A plugins/openai_chat/openai_chat_test.ts` (end to end: tests/e2e/openai_chat_test.ts)
 */
import { ModelError } from "../../src/plugin_api/errors.ts";
import type { ModelClient, ModelEvent, ResponseItem, ToolSpec } from "../../src/kernel/model.ts";
import type { ProviderRegistration } from "../../src/plugin_api/provider.ts";
import type { PluginContext } from "../../src/kernel/plugin.ts";
import { resolveProvider } from "../../src/config/resolve.ts";
import type { Config } from "../../src/config/schema.ts";
import plugin, { buildChatBody, chatProvider } from "./mod.ts";
import { CONTEXT_WINDOW_EXCEEDED_MESSAGE } from "../../lib/openai/failure.ts";
import {
  CHAT_DONE_FRAME,
  chatChunk,
  chatChunks,
  chatErrorChunk,
  chatStream,
  chatTextResponse,
  chatToolCallDeltas,
  chatToolCallResponse,
  type FakeChatUsage,
  httpError,
  sseFrame,
} from "../../tests/e2e/fake_server.ts";
import { assert, assertEquals } from "../../tests/helpers/assert.ts";
import {
  collect,
  modelRequestFor,
  type Outcome,
  providerOptionsFor,
  withServer,
} from "../../tests/helpers/provider.ts";

const provider = chatProvider({ backoffBaseMs: 1 });

const providerOptions = providerOptionsFor({ providerId: "local", name: "Local", wire_api: "chat" });
const modelRequest = modelRequestFor("llama-test");

function run(client: ModelClient, request = modelRequest(), signal?: AbortSignal): Promise<Outcome> {
  return collect(client, request, signal);
}

function items(events: ModelEvent[]): ResponseItem[] {
  return events.flatMap((e) => e.type === "item_done" ? [e.item] : []);
}

function retryReasons(events: ModelEvent[]): string[] {
  return events.flatMap((e) => e.type === "retrying" ? [`${e.attempt}/${e.max} ${e.reason}`] : []);
}

const EXEC_TOOL: ToolSpec = {
  type: "function",
  name: "exec_command",
  description: "Runs a command.",
  strict: false,
  parameters: { type: "object", properties: { cmd: { type: "string" } }, required: ["cmd"] },
};
const PATCH_TOOL: ToolSpec = {
  type: "custom",
  name: "apply_patch",
  description: "Edits files.",
  format: { type: "grammar", syntax: "lark", definition: "start: /.+/" },
};
const NOTE_TOOL: ToolSpec = {
  type: "custom",
  name: "note",
  description: "Free text note.",
  format: { type: "text" },
};
const DOCS_NAMESPACE: ToolSpec = {
  type: "namespace",
  name: "mcp_docs",
  description: "Docs server.",
  tools: [{
    type: "function",
    name: "lookup",
    description: "Looks up docs.",
    strict: false,
    parameters: { type: "object", properties: { q: { type: "string" } } },
  }],
};
const ALL_TOOLS: ToolSpec[] = [EXEC_TOOL, PATCH_TOOL, DOCS_NAMESPACE, { type: "web_search" }, NOTE_TOOL];

Deno.test("chat: the plugin registers provider openai-chat for the chat wire", () => {
  const registered: ProviderRegistration[] = [];
  plugin.setup({ provider: (reg: ProviderRegistration) => registered.push(reg) } as unknown as PluginContext);
  assertEquals(registered.map((r) => [r.id, r.wire]), [["openai-chat", "chat"]]);
});

Deno.test("chat: URL, query params, auth and provider headers follow the Responses provider's rules", async () => {
  await withServer([chatTextResponse("ok")], async (server) => {
    const client = provider.create(providerOptions({
      base_url: `${server.url}/`,
      env_key: "LOCAL_KEY",
      query_params: { "api-version": "2024-10-21" },
      http_headers: { "X-Custom": "custom-value" },
      env_http_headers: { "X-Env-Set": "SET_VAR", "X-Env-Unset": "UNSET_VAR" },
    }, { LOCAL_KEY: "sk-local", SET_VAR: "from-env" }));
    const { error } = await run(client);
    assertEquals(error, undefined);
    assertEquals(server.requests.length, 1);
    const req = server.requests[0];
    assertEquals([req.method, req.path], ["POST", "/v1/chat/completions"]);
    assertEquals(req.query, { "api-version": "2024-10-21" });
    const h = req.headers;
    assertEquals(h.authorization, "Bearer sk-local");
    assertEquals(h.originator, "codex_exec");
    assertEquals(h.accept, "text/event-stream");
    assertEquals(h["content-type"], "application/json");
    assertEquals(h["x-custom"], "custom-value");
    assertEquals(h["x-env-set"], "from-env");
    assertEquals("x-env-unset" in h, false);
    assertEquals(Object.keys(h).filter((k) => k.startsWith("x-stainless")), []);
  });
});

Deno.test("chat: a missing env_key variable is a ConfigError naming it", () => {
  assert.throws(
    () => provider.create(providerOptions({ base_url: "http://127.0.0.1:9/v1", env_key: "NOPE_KEY" })),
    /^ConfigError: Missing environment variable: `NOPE_KEY`\.$/,
  );
});

Deno.test("chat: history, tools, reasoning effort and output schema map onto the chat request", async () => {
  const image = "data:image/png;base64,AAAA";
  const input: ResponseItem[] = [
    { type: "message", role: "developer", content: [{ type: "input_text", text: "base" }] },
    {
      type: "message",
      role: "developer",
      content: [{ type: "input_text", text: "perms" }, { type: "input_text", text: "more" }],
    },
    {
      type: "message",
      role: "user",
      content: [{ type: "input_text", text: "ctx" }, { type: "input_text", text: "env" }],
    },
    {
      type: "message",
      role: "user",
      content: [{ type: "input_text", text: "look" }, {
        type: "input_image",
        image_url: image,
        detail: "high",
      }],
    },
    { type: "reasoning", summary: [{ type: "summary_text", text: "thinking" }], encrypted_content: "x" },
    { type: "message", role: "assistant", content: [{ type: "output_text", text: "Let me check." }] },
    { type: "function_call", call_id: "c1", name: "exec_command", arguments: '{"cmd":"ls"}' },
    { type: "function_call", call_id: "c2", name: "lookup", namespace: "mcp_docs", arguments: '{"q":"x"}' },
    { type: "custom_tool_call", call_id: "c3", name: "apply_patch", input: "*** Begin Patch\n*** End Patch" },
    { type: "function_call_output", call_id: "c1", output: "a.txt\n" },
    {
      type: "function_call_output",
      call_id: "c2",
      output: [
        { type: "input_text", text: "doc 1" },
        { type: "input_image", image_url: image },
        { type: "input_text", text: "doc 2" },
      ],
    },
    { type: "custom_tool_call_output", call_id: "c3", output: "Done!" },
    { type: "web_search_call", status: "completed" },
    { type: "message", role: "assistant", content: [{ type: "output_text", text: "Done." }] },
    { type: "function_call", call_id: "c4", name: "exec_command", arguments: '{"cmd":"pwd"}' },
    { type: "function_call_output", call_id: "c4", output: "/w\n" },
    { type: "message", role: "user", content: [{ type: "input_text", text: "thanks" }] },
  ];
  const schema = { type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"] };
  await withServer([chatTextResponse("ok")], async (server) => {
    const client = provider.create(providerOptions({ base_url: server.url }));
    const { error } = await run(
      client,
      modelRequest({
        input,
        tools: ALL_TOOLS,
        parallelToolCalls: false,
        reasoning: { effort: "high", summary: "auto" },
        text: { verbosity: "low", format: { type: "json_schema", name: "answer", strict: true, schema } },
      }),
    );
    assertEquals(error, undefined);
    const body = server.requests[0].body as Record<string, unknown>;
    assertEquals(Object.keys(body), [
      "model",
      "messages",
      "tools",
      "tool_choice",
      "parallel_tool_calls",
      "reasoning_effort",
      "response_format",
      "stream",
      "stream_options",
    ]);
    assertEquals(body, {
      model: "llama-test",
      messages: [
        { role: "system", content: "base\n\nperms\n\nmore" },
        { role: "user", content: "ctx\n\nenv" },
        {
          role: "user",
          content: [{ type: "text", text: "look" }, {
            type: "image_url",
            image_url: { url: image, detail: "high" },
          }],
        },
        {
          role: "assistant",
          content: "Let me check.",
          tool_calls: [
            { id: "c1", type: "function", function: { name: "exec_command", arguments: '{"cmd":"ls"}' } },
            { id: "c2", type: "function", function: { name: "mcp_docs__lookup", arguments: '{"q":"x"}' } },
            {
              id: "c3",
              type: "function",
              function: { name: "apply_patch", arguments: '{"input":"*** Begin Patch\\n*** End Patch"}' },
            },
          ],
        },
        { role: "tool", tool_call_id: "c1", content: "a.txt\n" },
        { role: "tool", tool_call_id: "c2", content: "doc 1\ndoc 2" },
        { role: "tool", tool_call_id: "c3", content: "Done!" },
        {
          role: "assistant",
          content: "Done.",
          tool_calls: [
            { id: "c4", type: "function", function: { name: "exec_command", arguments: '{"cmd":"pwd"}' } },
          ],
        },
        { role: "tool", tool_call_id: "c4", content: "/w\n" },
        { role: "user", content: "thanks" },
      ],
      tools: [
        {
          type: "function",
          function: {
            name: "exec_command",
            description: "Runs a command.",
            parameters: { type: "object", properties: { cmd: { type: "string" } }, required: ["cmd"] },
          },
        },
        {
          type: "function",
          function: {
            name: "apply_patch",
            description: "Edits files.",
            parameters: {
              type: "object",
              properties: {
                input: {
                  type: "string",
                  description: "The raw input, which must match this lark grammar:\nstart: /.+/",
                },
              },
              required: ["input"],
            },
          },
        },
        {
          type: "function",
          function: {
            name: "mcp_docs__lookup",
            description: "Looks up docs.",
            parameters: { type: "object", properties: { q: { type: "string" } } },
          },
        },
        {
          type: "function",
          function: {
            name: "note",
            description: "Free text note.",
            parameters: {
              type: "object",
              properties: { input: { type: "string", description: "Free text note." } },
              required: ["input"],
            },
          },
        },
      ],
      tool_choice: "auto",
      parallel_tool_calls: false,
      reasoning_effort: "high",
      response_format: { type: "json_schema", json_schema: { name: "answer", schema, strict: true } },
      stream: true,
      stream_options: { include_usage: true },
    });
  });
});

Deno.test("chat: without tools, tools/tool_choice/parallel_tool_calls are omitted; calls alone have null content", () => {
  const { body } = buildChatBody(modelRequest({
    input: [
      { type: "function_call", call_id: "a", name: "f", arguments: "{}" },
      { type: "function_call", call_id: "b", name: "g", arguments: "{}" },
      { type: "function_call_output", call_id: "a", output: "1" },
      { type: "function_call_output", call_id: "b", output: "2" },
    ],
  }));
  assertEquals(body, {
    model: "llama-test",
    messages: [
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "a", type: "function", function: { name: "f", arguments: "{}" } },
          { id: "b", type: "function", function: { name: "g", arguments: "{}" } },
        ],
      },
      { role: "tool", tool_call_id: "a", content: "1" },
      { role: "tool", tool_call_id: "b", content: "2" },
    ],
    stream: true,
    stream_options: { include_usage: true },
  });
});

Deno.test("chat: content deltas stream as text_delta; message item and usage at the end", async () => {
  const usage = {
    prompt_tokens: 100,
    completion_tokens: 20,
    total_tokens: 120,
    prompt_tokens_details: { cached_tokens: 40 },
    completion_tokens_details: { reasoning_tokens: 7 },
  };
  const step = chatTextResponse("Hello world", { chunks: ["Hello", " world"], usage, id: "chatcmpl-42" });
  await withServer([step], async (server) => {
    const { events, error } = await run(provider.create(providerOptions({ base_url: server.url })));
    assertEquals(error, undefined);
    assertEquals(events, [
      { type: "created" },
      { type: "text_delta", delta: "Hello" },
      { type: "text_delta", delta: " world" },
      {
        type: "item_done",
        item: {
          type: "message",
          role: "assistant",
          content: [{ type: "output_text", text: "Hello world", annotations: [] }],
        },
      },
      {
        type: "completed",
        responseId: "chatcmpl-42",
        usage: {
          input_tokens: 100,
          cached_input_tokens: 40,
          cache_write_input_tokens: 0,
          output_tokens: 20,
          reasoning_output_tokens: 7,
        },
      },
    ]);
  });
});

Deno.test("chat: usage without details maps missing counts to 0; no usage chunk gives null", async () => {
  const bare = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } as unknown as FakeChatUsage;
  await withServer(
    [chatTextResponse("a", { usage: bare }), chatTextResponse("b", { usage: null })],
    async (server) => {
      const client = provider.create(providerOptions({ base_url: server.url }));
      const first = (await run(client)).events.at(-1);
      const second = (await run(client)).events.at(-1);
      assert.ok(first?.type === "completed" && second?.type === "completed");
      assertEquals(first.usage, {
        input_tokens: 3,
        cached_input_tokens: 0,
        cache_write_input_tokens: 0,
        output_tokens: 2,
        reasoning_output_tokens: 0,
      });
      assertEquals(second.usage, null);
    },
  );
});

Deno.test("chat: reasoning_content and reasoning deltas become a reasoning item before the message", async () => {
  const chunks = chatChunks([{ reasoning: " more" }, { content: "Answer" }], { reasoning: "Think" });
  await withServer([chatStream(chunks)], async (server) => {
    const { events, error } = await run(provider.create(providerOptions({ base_url: server.url })));
    assertEquals(error, undefined);
    assertEquals(events.filter((e) => e.type === "reasoning_delta"), [
      { type: "reasoning_delta", delta: "Think", summaryIndex: 0 },
      { type: "reasoning_delta", delta: " more", summaryIndex: 0 },
    ]);
    assertEquals(items(events), [
      { type: "reasoning", summary: [{ type: "summary_text", text: "Think more" }] },
      {
        type: "message",
        role: "assistant",
        content: [{ type: "output_text", text: "Answer", annotations: [] }],
      },
    ]);
  });
});

Deno.test("chat: fragmented tool-call arguments assemble into function, namespaced and custom calls", async () => {
  const patch = "*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch\n";
  const step = chatToolCallResponse([
    { id: "call_a", name: "exec_command", arguments: { cmd: "echo hi", workdir: "/tmp" }, fragment: 3 },
    { id: "call_b", name: "mcp_docs__lookup", arguments: '{"q":"deno"}', fragment: 1 },
    { name: "apply_patch", arguments: { input: patch }, fragment: 7 },
    { id: "call_d", name: "unknown_tool", arguments: "" },
  ]);
  await withServer([step], async (server) => {
    const client = provider.create(providerOptions({ base_url: server.url }));
    const { events, error } = await run(client, modelRequest({ tools: ALL_TOOLS }));
    assertEquals(error, undefined);
    assertEquals(items(events), [
      {
        type: "function_call",
        call_id: "call_a",
        name: "exec_command",
        arguments: '{"cmd":"echo hi","workdir":"/tmp"}',
      },
      {
        type: "function_call",
        call_id: "call_b",
        name: "lookup",
        arguments: '{"q":"deno"}',
        namespace: "mcp_docs",
      },
      { type: "custom_tool_call", call_id: "call_1", name: "apply_patch", input: patch },
      { type: "function_call", call_id: "call_d", name: "unknown_tool", arguments: "{}" },
    ]);
    assertEquals(events.filter((e) => e.type === "text_delta"), []);
  });
});

Deno.test("chat: interleaved fragments of parallel tool calls are keyed by index", async () => {
  const frag = (index: number, args: string) => ({ tool_calls: [{ index, function: { arguments: args } }] });
  const head = (index: number, id: string) => ({
    tool_calls: [{ index, id, type: "function", function: { name: "exec_command", arguments: "" } }],
  });
  const deltas = [
    head(1, "call_two"),
    head(0, "call_one"),
    frag(0, '{"cmd":'),
    frag(1, '{"cmd":'),
    frag(1, '"b"}'),
    frag(0, '"a"}'),
  ];
  await withServer([chatStream(chatChunks(deltas, { finishReason: "tool_calls" }))], async (server) => {
    const { events } = await run(provider.create(providerOptions({ base_url: server.url })));
    assertEquals(items(events), [
      { type: "function_call", call_id: "call_one", name: "exec_command", arguments: '{"cmd":"a"}' },
      { type: "function_call", call_id: "call_two", name: "exec_command", arguments: '{"cmd":"b"}' },
    ]);
  });
});

Deno.test("chat: tool calls round-trip: streamed calls sent back as assistant tool_calls and tool messages", async () => {
  await withServer([
    chatToolCallResponse([
      { id: "call_x", name: "exec_command", arguments: { cmd: "ls" } },
      { id: "call_y", name: "apply_patch", arguments: { input: "*** Begin Patch\n*** End Patch" } },
    ]),
    chatTextResponse("done"),
  ], async (server) => {
    const client = provider.create(providerOptions({ base_url: server.url }));
    const first = await run(client, modelRequest({ tools: [EXEC_TOOL, PATCH_TOOL] }));
    const calls = items(first.events);
    const history: ResponseItem[] = [
      ...modelRequest().input,
      ...calls,
      { type: "function_call_output", call_id: "call_x", output: "a\n" },
      { type: "custom_tool_call_output", call_id: "call_y", output: "patched" },
    ];
    const second = await run(client, modelRequest({ input: history, tools: [EXEC_TOOL, PATCH_TOOL] }));
    assertEquals(second.error, undefined);
    const messages = (server.requests[1].body as { messages: unknown[] }).messages;
    assertEquals(messages, [
      { role: "user", content: "hi" },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "call_x", type: "function", function: { name: "exec_command", arguments: '{"cmd":"ls"}' } },
          {
            id: "call_y",
            type: "function",
            function: { name: "apply_patch", arguments: '{"input":"*** Begin Patch\\n*** End Patch"}' },
          },
        ],
      },
      { role: "tool", tool_call_id: "call_x", content: "a\n" },
      { role: "tool", tool_call_id: "call_y", content: "patched" },
    ]);
  });
});

Deno.test("chat: tool-call deltas without index are told apart by id and name", async () => {
  const noIndex = chatToolCallDeltas([
    { id: "call_p", name: "exec_command", arguments: '{"cmd":"a"}' },
    { id: "call_q", name: "exec_command", arguments: '{"cmd":"b"}' },
  ]).map((delta) => {
    const calls = (delta as { tool_calls: Record<string, unknown>[] }).tool_calls;
    return { tool_calls: calls.map(({ index: _index, ...rest }) => rest) };
  });
  await withServer([chatStream(chatChunks(noIndex, { finishReason: "tool_calls" }))], async (server) => {
    const { events } = await run(provider.create(providerOptions({ base_url: server.url })));
    assertEquals(items(events), [
      { type: "function_call", call_id: "call_p", name: "exec_command", arguments: '{"cmd":"a"}' },
      { type: "function_call", call_id: "call_q", name: "exec_command", arguments: '{"cmd":"b"}' },
    ]);
  });
});

Deno.test("chat: [DONE] ends the response; a clean end after finish_reason also completes", async () => {
  const afterDone = chatChunks([{ content: "first" }], { usage: null })
    .map(sseFrame).join("") + CHAT_DONE_FRAME + sseFrame(chatChunk({ content: "ignored" }));
  await withServer(
    [{ raw: afterDone }, chatTextResponse("no terminator", { done: false })],
    async (server) => {
      const client = provider.create(providerOptions({ base_url: server.url }));
      const one = await run(client);
      assertEquals(one.error, undefined);
      assertEquals(one.events.filter((e) => e.type === "text_delta"), [{
        type: "text_delta",
        delta: "first",
      }]);
      const two = await run(client);
      assertEquals(two.error, undefined);
      assertEquals(two.events.at(-1)?.type, "completed");
      assertEquals(server.requests.length, 2);
    },
  );
});

Deno.test("chat: a stream cut before finish_reason and [DONE] is retried; the retry's output is used", async () => {
  const cut = { ...chatTextResponse("partial", { chunks: ["par", "tial"] }), cutAfter: 2 };
  await withServer([cut, chatTextResponse("whole")], async (server) => {
    const client = provider.create(providerOptions({ base_url: server.url, stream_max_retries: 2 }));
    const { events, error } = await run(client);
    assertEquals(error, undefined);
    assertEquals(retryReasons(events), [
      "1/2 stream disconnected before completion: stream closed before [DONE]",
    ]);
    const after = events.slice(events.findIndex((e) => e.type === "retrying"));
    assertEquals(items(after), [
      {
        type: "message",
        role: "assistant",
        content: [{ type: "output_text", text: "whole", annotations: [] }],
      },
    ]);
    assertEquals(server.requests.length, 2);
  });
});

Deno.test("chat: persistent disconnects exhaust stream_max_retries with the disconnect message", async () => {
  await withServer(() => ({ ...chatTextResponse("x"), cutAfter: 1 }), async (server) => {
    const client = provider.create(providerOptions({ base_url: server.url, stream_max_retries: 1 }));
    const { events, error } = await run(client);
    assert.ok(error instanceof ModelError);
    assertEquals(error.message, "stream disconnected before completion: stream closed before [DONE]");
    assertEquals(error.retryable, true);
    assertEquals(retryReasons(events).length, 1);
    assertEquals(server.requests.length, 2);
  });
});

Deno.test("chat: 5xx retried at request level, 429 honours Retry-After, 400 fails at once with the body", async () => {
  await withServer([
    httpError(500, "boom"),
    chatTextResponse("after 500"),
    httpError(429, "slow down", { "retry-after-ms": "5" }),
    chatTextResponse("after 429"),
    httpError(400, "messages: bad role"),
  ], async (server) => {
    const client = provider.create(providerOptions({ base_url: server.url, request_max_retries: 2 }));
    const a = await run(client);
    assertEquals(a.error, undefined);
    assertEquals(retryReasons(a.events), []);
    const b = await run(client);
    assertEquals(b.error, undefined);
    const c = await run(client);
    assert.ok(c.error instanceof ModelError);
    assertEquals(
      c.error.message,
      JSON.stringify({ error: { message: "messages: bad role", type: "fake_error", code: null } }),
    );
    assertEquals(server.requests.length, 5);
  });
});

Deno.test("chat: 5xx beyond request_max_retries become a stream-level retry, then ModelError", async () => {
  await withServer(() => httpError(503, "overloaded"), async (server) => {
    const client = provider.create(providerOptions({
      base_url: server.url,
      request_max_retries: 1,
      stream_max_retries: 1,
    }));
    const { events, error } = await run(client);
    assert.ok(error instanceof ModelError);
    const demand = "We\u2019re currently experiencing high demand, which may cause temporary errors.";
    assertEquals(error.message, demand);
    assertEquals(retryReasons(events), [`1/1 ${demand}`]);
    assertEquals(server.requests.length, 4);
  });
});

Deno.test("chat: error chunks are retryable or fatal like response.failed", async () => {
  const failing = chatStream([chatChunk({ content: "x" }), chatErrorChunk("model crashed")], false);
  const fatal = chatStream([chatErrorChunk("too long", "context_length_exceeded")], false);
  await withServer([failing, chatTextResponse("recovered"), fatal], async (server) => {
    const client = provider.create(providerOptions({ base_url: server.url }));
    const first = await run(client);
    assertEquals(first.error, undefined);
    assertEquals(retryReasons(first.events), ["1/5 stream disconnected before completion: model crashed"]);
    const second = await run(client);
    assert.ok(second.error instanceof ModelError);
    assertEquals(second.error.message, CONTEXT_WINDOW_EXCEEDED_MESSAGE);
    assertEquals(second.error.retryable, false);
    assertEquals(server.requests.length, 3);
  });
});

Deno.test("chat: finish_reason length is an incomplete response, not retried", async () => {
  await withServer([chatTextResponse("cut off", { finishReason: "length" })], async (server) => {
    const { error } = await run(provider.create(providerOptions({ base_url: server.url })));
    assert.ok(error instanceof ModelError);
    assertEquals(error.message, "Incomplete response returned, reason: max_output_tokens");
    assertEquals(server.requests.length, 1);
  });
});

Deno.test("chat: an idle stream times out as a retryable disconnect", async () => {
  const stall = { ...chatTextResponse("x"), stallAfter: 1 };
  await withServer([stall, chatTextResponse("ok")], async (server) => {
    const client = provider.create(providerOptions({ base_url: server.url, stream_idle_timeout_ms: 100 }));
    const { events, error } = await run(client);
    assertEquals(error, undefined);
    assertEquals(retryReasons(events), [
      "1/5 stream disconnected before completion: idle timeout waiting for SSE",
    ]);
  });
});

Deno.test("chat: aborting mid-stream ends with the abort reason and no retry", async () => {
  const stall = { ...chatTextResponse("x", { chunks: ["partial"] }), stallAfter: 2 };
  await withServer([stall], async (server) => {
    const client = provider.create(providerOptions({ base_url: server.url }));
    const controller = new AbortController();
    const events: ModelEvent[] = [];
    let error: unknown;
    try {
      for await (const ev of client.stream(modelRequest(), controller.signal)) {
        events.push(ev);
        if (ev.type === "text_delta") controller.abort(new Error("user interrupted"));
      }
    } catch (err) {
      error = err;
    }
    assert.ok(error instanceof Error);
    assertEquals(error.message, "user interrupted");
    assertEquals(events, [{ type: "created" }, { type: "text_delta", delta: "partial" }]);
    assertEquals(server.requests.length, 1);
  });
});

Deno.test("config: built-in ollama and lmstudio speak chat; CODEX_OSS_BASE_URL and CODEX_OSS_PORT", () => {
  const resolve = (config: Config, env: Record<string, string> = {}) =>
    resolveProvider(config, (k) => env[k]).info;
  const ollama = resolve({ model_provider: "ollama" } as Config);
  assertEquals([ollama.wire_api, ollama.base_url], ["chat", "http://localhost:11434/v1"]);
  const lmstudio = resolve({ model_provider: "lmstudio" } as Config);
  assertEquals([lmstudio.wire_api, lmstudio.base_url], ["chat", "http://localhost:1234/v1"]);
  assertEquals(
    resolve({ model_provider: "ollama" } as Config, { CODEX_OSS_PORT: "8080" }).base_url,
    "http://localhost:8080/v1",
  );
  assertEquals(
    resolve({ model_provider: "ollama" } as Config, {
      CODEX_OSS_PORT: "8080",
      CODEX_OSS_BASE_URL: "http://h:1/v1",
    })
      .base_url,
    "http://h:1/v1",
  );
  const overridden = resolve({
    model_provider: "ollama",
    model_providers: { ollama: { wire_api: "responses" } },
  } as Config);
  assertEquals(overridden.wire_api, "responses");
});
