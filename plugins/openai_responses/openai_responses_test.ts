/**
 * Tests of the `openai-responses` provider plugin against the scripted fake server.
 * Run: `deno test -A plugins/openai_responses/openai_responses_test.ts`
 */
import assert from "node:assert/strict";
import { ConfigError, ModelError } from "../../src/plugin_api/errors.ts";
import type { ModelClient, ModelEvent } from "../../src/kernel/model.ts";
import type { ProviderRegistration } from "../../src/plugin_api/provider.ts";
import type { PluginContext } from "../../src/kernel/plugin.ts";
import plugin, { backoffDelay, parseRetryAfter, responsesProvider } from "./mod.ts";
import { SseParser } from "../../lib/openai/sse.ts";
import {
  completed,
  created,
  failed,
  httpError,
  incomplete,
  messageItem,
  sseFrame,
  textResponse,
} from "../../tests/e2e/fake_server.ts";
import {
  collect,
  modelRequestFor,
  type Outcome,
  providerOptionsFor,
  withServer,
} from "../../tests/helpers/provider.ts";

const provider = responsesProvider({ backoffBaseMs: 1 });

const providerOptions = providerOptionsFor({
  providerId: "test-provider",
  name: "Test",
  wire_api: "responses",
});
const modelRequest = modelRequestFor("gpt-test");

function run(client: ModelClient, request = modelRequest(), signal?: AbortSignal): Promise<Outcome> {
  return collect(client, request, signal);
}

function retrying(events: ModelEvent[]): Extract<ModelEvent, { type: "retrying" }>[] {
  return events.filter((e): e is Extract<ModelEvent, { type: "retrying" }> => e.type === "retrying");
}

Deno.test("request body, URL and headers follow the wire protocol", async () => {
  await withServer([textResponse("ok")], async (server) => {
    const client = provider.create(providerOptions({
      base_url: server.url,
      env_key: "TEST_KEY",
      query_params: { "api-version": "2025-01-01" },
      http_headers: { "X-Custom": "custom-value" },
      env_http_headers: { "X-Env-Set": "SET_VAR", "X-Env-Unset": "UNSET_VAR", "X-Env-Blank": "BLANK_VAR" },
    }, { TEST_KEY: "sk-test", SET_VAR: "from-env", BLANK_VAR: "  " }));
    const request = modelRequest({
      tools: [{
        type: "function",
        name: "f",
        description: "d",
        strict: false,
        parameters: { type: "object" },
      }],
      parallelToolCalls: false,
      reasoning: { effort: "high", summary: "auto" },
      text: { verbosity: "low" },
      serviceTier: "fast",
    });
    const { error } = await run(client, request);
    assert.equal(error, undefined);
    assert.equal(server.requests.length, 1);
    const req = server.requests[0];
    assert.equal(req.method, "POST");
    assert.equal(req.path, "/v1/responses");
    assert.deepEqual(req.query, { "api-version": "2025-01-01" });
    const body = req.body as Record<string, unknown>;
    assert.deepEqual(Object.keys(body), [
      "model",
      "stream",
      "input",
      "tools",
      "tool_choice",
      "parallel_tool_calls",
      "reasoning",
      "store",
      "include",
      "service_tier",
      "prompt_cache_key",
      "text",
    ]);
    assert.deepEqual(body, {
      model: "gpt-test",
      input: request.input,
      tools: request.tools,
      tool_choice: "auto",
      parallel_tool_calls: false,
      reasoning: { effort: "high", summary: "auto" },
      store: false,
      stream: true,
      include: ["reasoning.encrypted_content"],
      service_tier: "priority",
      prompt_cache_key: "thread-123",
      text: { verbosity: "low" },
    });
    const h = req.headers;
    assert.equal(h["authorization"], "Bearer sk-test");
    assert.equal(h["originator"], "codex_exec");
    assert.equal(h["session-id"], "thread-123");
    assert.equal(h["thread-id"], "thread-123");
    assert.equal(h["x-client-request-id"], "thread-123");
    assert.equal(h["accept"], "text/event-stream");
    assert.equal(h["content-type"], "application/json");
    assert.match(h["user-agent"], /^codex-deno\/9\.8\.7 \(\S+ .+; \S+\)$/);
    assert.equal(h["x-custom"], "custom-value");
    assert.equal(h["x-env-set"], "from-env");
    assert.equal("x-env-unset" in h, false);
    assert.equal("x-env-blank" in h, false);
    assert.deepEqual(Object.keys(h).filter((k) => k.startsWith("x-stainless")), []);
  });
});

Deno.test("optional body fields are omitted; other service tiers pass through", async () => {
  await withServer([textResponse("a"), textResponse("b")], async (server) => {
    const client = provider.create(providerOptions({ base_url: server.url }));
    assert.equal((await run(client)).error, undefined);
    assert.equal((await run(client, modelRequest({ serviceTier: "flex" }))).error, undefined);
    const first = server.requests[0].body as Record<string, unknown>;
    for (const key of ["instructions", "reasoning", "include", "service_tier", "text"]) {
      assert.equal(key in first, false, `unexpected ${key}`);
    }
    assert.equal(first.parallel_tool_calls, true);
    assert.equal((server.requests[1].body as Record<string, unknown>).service_tier, "flex");
    // No env_key and no token: no authorization at all (local servers).
    assert.equal("authorization" in server.requests[0].headers, false);
  });
});

Deno.test("auth: CODEX_API_KEY first when requires_openai_auth; bearer token; env_key", async () => {
  await withServer([textResponse("a"), textResponse("b"), textResponse("c")], async (server) => {
    const env = { CODEX_API_KEY: "codex-key", OPENAI_API_KEY: "openai-key" };
    await run(provider.create(providerOptions(
      { base_url: server.url, env_key: "OPENAI_API_KEY", requires_openai_auth: true },
      env,
    )));
    await run(provider.create(providerOptions({ base_url: server.url, env_key: "OPENAI_API_KEY" }, env)));
    await run(provider.create(providerOptions({ base_url: server.url, experimental_bearer_token: "tok" })));
    assert.deepEqual(server.requests.map((r) => r.headers["authorization"]), [
      "Bearer codex-key",
      "Bearer openai-key",
      "Bearer tok",
    ]);
  });
});

Deno.test("text deltas, items and usage are mapped", async () => {
  const usage = {
    input_tokens: 100,
    input_tokens_details: { cached_tokens: 40 },
    output_tokens: 20,
    output_tokens_details: { reasoning_tokens: 7 },
    total_tokens: 120,
  };
  const step = textResponse("Hello world", { reasoning: "Thinking", chunks: ["Hello", " world"], usage });
  await withServer([step], async (server) => {
    const { events, error } = await run(provider.create(providerOptions({ base_url: server.url })));
    assert.equal(error, undefined);
    // Deltas that arrive in the same read are merged into one: the text is what counts.
    const types = events.map((e) => e.type).filter((t, i, all) => t !== "text_delta" || all[i - 1] !== t);
    assert.deepEqual(types, [
      "created",
      "item_added",
      "reasoning_delta",
      "item_done",
      "item_added",
      "text_delta",
      "item_done",
      "completed",
    ]);
    assert.deepEqual(events[2], { type: "reasoning_delta", delta: "Thinking", summaryIndex: 0 });
    const deltas = events.filter((e) => e.type === "text_delta").map((e) => e.delta);
    assert.equal(deltas.join(""), "Hello world");
    const reasoning = events[3];
    assert.ok(reasoning.type === "item_done" && reasoning.item.type === "reasoning");
    assert.equal(reasoning.item.summary[0].text, "Thinking");
    assert.equal(reasoning.item.encrypted_content, "gAAAA-fake");
    const message = events.at(-2)!;
    assert.ok(message.type === "item_done" && message.item.type === "message");
    assert.deepEqual(message.item.content, [{ type: "output_text", text: "Hello world", annotations: [] }]);
    const done = events.at(-1)!;
    assert.ok(done.type === "completed");
    assert.match(done.responseId, /^resp_/);
    assert.deepEqual(done.usage, {
      input_tokens: 100,
      cached_input_tokens: 40,
      cache_write_input_tokens: 0,
      output_tokens: 20,
      reasoning_output_tokens: 7,
    });
  });
});

Deno.test("completed without usage gives null usage", async () => {
  await withServer([textResponse("x", { usage: null })], async (server) => {
    const { events } = await run(provider.create(providerOptions({ base_url: server.url })));
    const last = events[events.length - 1];
    assert.deepEqual(last, {
      type: "completed",
      responseId: last.type === "completed" ? last.responseId : "",
      usage: null,
    });
  });
});

Deno.test("5xx is retried request_max_retries times per attempt, then stream-level, then ModelError", async () => {
  await withServer(() => httpError(500, "server exploded"), async (server) => {
    const client = provider.create(providerOptions({
      base_url: server.url,
      request_max_retries: 2,
      stream_max_retries: 1,
    }));
    const { events, error } = await run(client);
    const reason = "We\u2019re currently experiencing high demand, which may cause temporary errors.";
    assert.ok(error instanceof ModelError, String(error));
    assert.equal(error.message, reason);
    assert.deepEqual(events, [{ type: "retrying", attempt: 1, max: 1, reason }]);
    assert.equal(server.requests.length, (2 + 1) * (1 + 1));
  });
});

Deno.test("5xx then success recovers within request-level retries", async () => {
  await withServer([{ status: 502 }, httpError(503, "busy"), textResponse("ok")], async (server) => {
    const { events, error } = await run(provider.create(providerOptions({ base_url: server.url })));
    assert.equal(error, undefined);
    assert.equal(retrying(events).length, 0);
    assert.equal(events[events.length - 1].type, "completed");
    assert.equal(server.requests.length, 3);
  });
});

Deno.test("429 with retry-after-ms or Retry-After is retried at stream level after that wait", async () => {
  await withServer([
    httpError(429, "slow down", { "retry-after-ms": "300" }),
    textResponse("a"),
    httpError(429, "slow down", { "Retry-After": "1" }),
    textResponse("b"),
  ], async (server) => {
    const client = provider.create(providerOptions({ base_url: server.url }));
    const reason = "exceeded retry limit, last status: 429 Too Many Requests";
    let start = performance.now();
    let outcome = await run(client);
    assert.equal(outcome.error, undefined);
    assert.ok(performance.now() - start >= 280, `waited only ${performance.now() - start} ms`);
    assert.deepEqual(retrying(outcome.events), [{ type: "retrying", attempt: 1, max: 5, reason }]);
    start = performance.now();
    outcome = await run(client);
    assert.equal(outcome.error, undefined);
    assert.ok(performance.now() - start >= 950, `waited only ${performance.now() - start} ms`);
    assert.deepEqual(retrying(outcome.events), [{ type: "retrying", attempt: 1, max: 5, reason }]);
    assert.equal(server.requests.length, 4);
  });
});

Deno.test("429 without retry-after fails the turn after one request (no request or stream retry)", async () => {
  await withServer(() => httpError(429, "rate limited"), async (server) => {
    const client = provider.create(providerOptions({ base_url: server.url, request_max_retries: 3 }));
    const { events, error } = await run(client);
    assert.ok(error instanceof ModelError);
    assert.equal(error.message, "exceeded retry limit, last status: 429 Too Many Requests");
    assert.equal(error.retryable, false);
    assert.equal(retrying(events).length, 0);
    assert.equal(server.requests.length, 1);
  });
});

Deno.test("400 fails at once showing the server's body; 401 is retried at stream level; no URL", async () => {
  const body = JSON.stringify({
    error: { message: "Invalid 'input[0]': bad", type: "invalid_request_error" },
  });
  await withServer(
    [{ status: 400, body: JSON.parse(body) }, httpError(401, "no key"), httpError(401, "no key")],
    async (server) => {
      const client = provider.create(providerOptions({ base_url: server.url, stream_max_retries: 1 }));
      const { events, error } = await run(client);
      assert.ok(error instanceof ModelError);
      assert.equal(error.message, body);
      assert.equal(error.retryable, false);
      assert.deepEqual(events, []);
      assert.equal(server.requests.length, 1);
      const second = await run(client);
      const message = "unexpected status 401 Unauthorized: no key";
      assert.equal((second.error as Error).message, message);
      assert.deepEqual(retrying(second.events), [{ type: "retrying", attempt: 1, max: 1, reason: message }]);
      assert.equal(server.requests.length, 3);
    },
  );
});

Deno.test("non-JSON error body is reported raw", async () => {
  await withServer([{ status: 404, body: "no such route" }], async (server) => {
    const client = provider.create(providerOptions({ base_url: server.url, stream_max_retries: 0 }));
    const { error } = await run(client);
    assert.equal((error as Error).message, "unexpected status 404 Not Found: no such route");
  });
});

Deno.test("stream closed before completion is retried, then succeeds", async () => {
  await withServer([{ ...textResponse("partial"), cutAfter: 2 }, textResponse("full")], async (server) => {
    const { events, error } = await run(provider.create(providerOptions({ base_url: server.url })));
    assert.equal(error, undefined);
    assert.deepEqual(retrying(events), [{
      type: "retrying",
      attempt: 1,
      max: 5,
      reason: "stream disconnected before completion: stream closed before response.completed",
    }]);
    const texts = events.filter((e) => e.type === "item_done").map((e) =>
      e.type === "item_done" && e.item.type === "message" && e.item.content[0].type === "output_text"
        ? e.item.content[0].text
        : ""
    );
    assert.deepEqual(texts, ["full"]);
    assert.equal(events[events.length - 1].type, "completed");
    assert.equal(server.requests.length, 2);
  });
});

Deno.test("stream retries exhausted → ModelError with the last reason", async () => {
  await withServer(() => ({ ...textResponse("p"), cutAfter: 1 }), async (server) => {
    const client = provider.create(providerOptions({ base_url: server.url, stream_max_retries: 2 }));
    const { events, error } = await run(client);
    const reason = "stream disconnected before completion: stream closed before response.completed";
    assert.ok(error instanceof ModelError);
    assert.equal(error.message, reason);
    assert.deepEqual(retrying(events).map((e) => [e.attempt, e.max, e.reason]), [[1, 2, reason], [
      2,
      2,
      reason,
    ]]);
    assert.equal(server.requests.length, 3);
  });
});

Deno.test("connection reset mid-stream is a retryable disconnect", async () => {
  await withServer([{ ...textResponse("p"), abortAfter: 1 }, textResponse("ok")], async (server) => {
    const { events, error } = await run(provider.create(providerOptions({ base_url: server.url })));
    assert.equal(error, undefined);
    const [retry] = retrying(events);
    assert.ok(retry, "expected a retrying event");
    assert.match(retry.reason, /^stream disconnected before completion: /);
    assert.equal(server.requests.length, 2);
  });
});

Deno.test("malformed and unknown SSE data lines are skipped", async () => {
  const raw = [
    ": a comment\n\n",
    "data: {not json\n\n",
    "data: [1,2,3]\n\n",
    'event: response.created\ndata: {"no_type":true}\n\n',
    "event: response.created\r\n" + `data: ${JSON.stringify(created())}\r\n\r\n`,
    'data: {"type":"response.some_future_event","x":1}\n\n',
    "retry: 1000\n",
    ...messageItem("survived").map(sseFrame),
    // a JSON payload split over two data lines is joined with \n (still valid JSON)
    `data: {"type":"response.completed",\ndata: "response":{"id":"resp_raw"}}\n\n`,
  ].join("");
  await withServer([{ raw }], async (server) => {
    const { events, error } = await run(provider.create(providerOptions({ base_url: server.url })));
    assert.equal(error, undefined);
    assert.deepEqual(events.map((e) => e.type), [
      "created",
      "item_added",
      "text_delta",
      "item_done",
      "completed",
    ]);
    assert.deepEqual(events[4], { type: "completed", responseId: "resp_raw", usage: null });
  });
});

Deno.test("SSE parser handles chunk boundaries, CRLF and a missing final blank line", () => {
  const parser = new SseParser();
  const out: string[] = [];
  const text = 'event: a\r\ndata: {"type":"x"}\r\n\r\ndata: one\ndata: two\n\ndata: tail';
  for (const ch of text) out.push(...parser.push(ch));
  out.push(...parser.finish());
  assert.deepEqual(out, ['{"type":"x"}', "one\ntwo", "tail"]);
});

Deno.test("idle stream times out and is retried", async () => {
  await withServer([{ ...textResponse("p"), stallAfter: 1 }, textResponse("ok")], async (server) => {
    const client = provider.create(providerOptions({ base_url: server.url, stream_idle_timeout_ms: 200 }));
    const start = performance.now();
    const { events, error } = await run(client);
    assert.equal(error, undefined);
    assert.ok(performance.now() - start >= 190);
    assert.deepEqual(retrying(events).map((e) => e.reason), [
      "stream disconnected before completion: idle timeout waiting for SSE",
    ]);
    assert.equal(events[events.length - 1].type, "completed");
  });
});

Deno.test("response.failed: retryable errors retry, fatal codes do not", async () => {
  await withServer([
    { sse: [created(), failed("server_error", "boom")] },
    textResponse("ok"),
    { sse: [created(), failed("context_length_exceeded", "too long")] },
    { sse: [created(), failed("insufficient_quota", "pay up")] },
    { sse: [created(), incomplete("max_output_tokens")] },
  ], async (server) => {
    const client = provider.create(providerOptions({ base_url: server.url }));
    const first = await run(client);
    assert.equal(first.error, undefined);
    assert.deepEqual(retrying(first.events).map((e) => e.reason), [
      "stream disconnected before completion: boom",
    ]);
    const ctx = await run(client);
    assert.ok(ctx.error instanceof ModelError);
    assert.match(ctx.error.message, /context window/);
    assert.equal(retrying(ctx.events).length, 0);
    const quota = await run(client);
    assert.equal((quota.error as Error).message, "Quota exceeded. Check your plan and billing details.");
    const inc = await run(client);
    assert.equal((inc.error as Error).message, "Incomplete response returned, reason: max_output_tokens");
    assert.equal(server.requests.length, 5);
  });
});

Deno.test("missing API key is a ConfigError with the exact message", () => {
  assert.throws(
    () => provider.create(providerOptions({ env_key: "MY_KEY" }, { MY_KEY: "" })),
    (err: unknown) => err instanceof ConfigError && err.message === "Missing environment variable: `MY_KEY`.",
  );
  assert.throws(
    () =>
      provider.create(
        providerOptions({ env_key: "MY_KEY", env_key_instructions: "Get one at example.com." }),
      ),
    (err: unknown) =>
      err instanceof ConfigError &&
      err.message === "Missing environment variable: `MY_KEY`. Get one at example.com.",
  );
});

Deno.test("malformed base_url is a ConfigError naming provider and URL", () => {
  for (const url of ["not a url", "ftp://example.com/v1"]) {
    assert.throws(
      () => provider.create(providerOptions({ base_url: url })),
      (err: unknown) =>
        err instanceof ConfigError && err.message.includes("test-provider") && err.message.includes(url),
    );
  }
});

Deno.test("unreachable base_url gives a clear ModelError after retries", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  const client = provider.create(providerOptions({
    base_url: `http://127.0.0.1:${port}/v1`,
    request_max_retries: 1,
    stream_max_retries: 1,
  }));
  const { events, error } = await run(client);
  assert.ok(error instanceof ModelError);
  assert.ok(error.message.startsWith("Connection failed: error sending request: "), error.message);
  assert.equal(error.message.includes(String(port)), false, error.message);
  assert.match(error.message, /Connection refused/);
  assert.equal(error.message.includes("\n"), false);
  assert.equal(retrying(events).length, 1);

  const blocked = await run(provider.create(providerOptions({
    base_url: "http://127.0.0.1:1/v1",
    request_max_retries: 0,
    stream_max_retries: 0,
  })));
  assert.ok(blocked.error instanceof ModelError);
  assert.match(
    blocked.error.message,
    /^Connection failed: error sending request: \S/,
  );
});

Deno.test("abort stops the stream without retrying", async () => {
  await withServer(() => ({ ...textResponse("p"), stallAfter: 1 }), async (server) => {
    const client = provider.create(providerOptions({ base_url: server.url }));
    const controller = new AbortController();
    const events: ModelEvent[] = [];
    let error: unknown;
    try {
      for await (const ev of client.stream(modelRequest(), controller.signal)) {
        events.push(ev);
        controller.abort();
      }
    } catch (err) {
      error = err;
    }
    assert.ok(error instanceof DOMException && error.name === "AbortError", String(error));
    assert.deepEqual(events.map((e) => e.type), ["created"]);
    assert.equal(server.requests.length, 1);
  });
});

Deno.test("plugin registers the openai-responses provider", () => {
  const registered: ProviderRegistration[] = [];
  const ctx = {
    config: {},
    provider: (r: ProviderRegistration) => registered.push(r),
  } as unknown as PluginContext;
  plugin.setup(ctx);
  assert.equal(plugin.name, "openai-responses");
  assert.equal(plugin.api, 1);
  assert.deepEqual(registered.map((r) => [r.id, r.wire]), [["openai-responses", "responses"]]);
});

Deno.test("backoff and Retry-After parsing", () => {
  assert.deepEqual([1, 2, 3, 4, 5].map((n) => backoffDelay(n, 200, () => 0.5)), [200, 400, 800, 1600, 3200]);
  assert.equal(backoffDelay(1, 200, () => 0), 180);
  assert.ok(backoffDelay(1, 200, () => 0.99999) <= 220);
  const now = Date.parse("2025-01-01T00:00:00Z");
  assert.equal(parseRetryAfter(new Headers({ "retry-after": "Wed, 01 Jan 2025 00:00:05 GMT" }), now), 5000);
  assert.equal(parseRetryAfter(new Headers({ "retry-after": "3600" }), now), 60_000);
  assert.equal(parseRetryAfter(new Headers({ "retry-after-ms": "42", "retry-after": "9" }), now), 42);
  assert.equal(parseRetryAfter(new Headers({ "retry-after": "soon" }), now), undefined);
});

Deno.test("fake server answers unscripted requests with a loud 500", async () => {
  await withServer([], async (server) => {
    const res = await fetch(`${server.url}/responses`, { method: "POST", body: "{}" });
    assert.equal(res.status, 500);
    assert.match(await res.text(), /no scripted step for request #1/);
    assert.equal(server.unscripted, 1);
  });
});

Deno.test("fake server runs standalone and prints its URL first", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("../../tests/e2e/fake_server.ts", import.meta.url).pathname],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  const url = text.split("\n")[0];
  try {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const client = provider.create(providerOptions({ base_url: url }));
    const { events, error } = await run(client);
    assert.equal(error, undefined);
    assert.deepEqual(events.filter((e) => e.type === "text_delta").map((e) => e.delta), ["hello"]);
  } finally {
    child.kill("SIGTERM");
    await reader.cancel();
    await child.status;
  }
});

Deno.test("completed() builder shape", () => {
  assert.deepEqual(completed(null, "r1"), {
    type: "response.completed",
    response: { id: "r1", status: "completed" },
  });
});
