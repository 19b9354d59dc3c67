/**
 * The otel plugin against a local OTLP/HTTP receiver (in this test) and the fake Responses server:
 * spans session > turn > model_request / tool_call with token counts, the model request's W3C
 * `traceparent`, headers from `[otel]`, `log_user_prompt`, and no OpenTelemetry code loaded without
 * `[otel]`.
 */
import { functionCallResponse, startFakeServer, textResponse } from "./fake_server.ts";
import { assert, assertEquals } from "../helpers/assert.ts";
import { runCli, workspace } from "../helpers/cli.ts";

type Attr = { key: string; value: { stringValue?: string; intValue?: string | number; boolValue?: boolean } };
type OtlpSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Attr[];
};

function startReceiver() {
  const spans: OtlpSpan[] = [];
  const headers: Headers[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    if (new URL(req.url).pathname !== "/v1/traces") return new Response("not found", { status: 404 });
    headers.push(req.headers);
    const body = await req.json() as {
      resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
    };
    for (const rs of body.resourceSpans) for (const ss of rs.scopeSpans) spans.push(...ss.spans);
    return Response.json({});
  });
  return { url: `http://127.0.0.1:${server.addr.port}`, spans, headers, close: () => server.shutdown() };
}

function attr(span: OtlpSpan, key: string): unknown {
  const v = span.attributes.find((a) => a.key === key)?.value;
  if (!v) return undefined;
  if (v.intValue !== undefined) return Number(v.intValue);
  return v.stringValue ?? v.boolValue;
}

const USAGE = {
  input_tokens: 120,
  input_tokens_details: { cached_tokens: 20 },
  output_tokens: 30,
  output_tokens_details: { reasoning_tokens: 7 },
  total_tokens: 150,
};

Deno.test("otel: session, turn, model request and tool call spans reach an OTLP/HTTP receiver, with tokens and traceparent", async () => {
  const receiver = startReceiver();
  const fake = startFakeServer([
    functionCallResponse([{ name: "exec_command", arguments: { cmd: "echo hi" }, call_id: "c1" }], {
      usage: USAGE as never,
    }),
    textResponse("done", { usage: USAGE as never }),
  ]);
  try {
    const ws = workspace(
      fake.url,
      `[otel]\nenvironment = "test"\nlog_user_prompt = true\n` +
        `trace_exporter = { otlp-http = { endpoint = "${receiver.url}/v1/traces", protocol = "json", headers = { "x-otel-key" = "k1" } } }\n`,
    );
    const r = await runCli(["exec", "--json", "-s", "danger-full-access", "say hi"], {
      cwd: ws.cwd,
      env: ws.env,
    });
    assertEquals(r.code, 0, r.stderr);
    const byName = (n: string) => receiver.spans.filter((s) => s.name === n);
    const [session] = byName("session");
    const [turn] = byName("turn");
    const models = byName("model_request");
    const [tool] = byName("tool_call");
    assert.ok(session && turn && tool, JSON.stringify(receiver.spans.map((s) => s.name)));
    assertEquals(models.length, 2);
    assertEquals(session.parentSpanId ?? "", "");
    assertEquals(turn.parentSpanId, session.spanId);
    for (const s of [...models, tool]) assertEquals(s.parentSpanId, turn.spanId);
    assert.ok(receiver.spans.every((s) => s.traceId === session.traceId));
    assertEquals(attr(tool, "tool.name"), "exec_command");
    assertEquals(attr(tool, "tool.call_id"), "c1");
    assertEquals(attr(turn, "user.prompt"), "say hi");
    assertEquals(attr(models[0], "gen_ai.usage.input_tokens"), 120);
    assertEquals(attr(models[0], "gen_ai.usage.cached_input_tokens"), 20);
    assertEquals(attr(models[0], "gen_ai.usage.output_tokens"), 30);
    assertEquals(attr(models[0], "gen_ai.usage.reasoning_output_tokens"), 7);
    assertEquals(attr(turn, "gen_ai.usage.input_tokens"), 240);
    assertEquals(attr(turn, "gen_ai.usage.output_tokens"), 60);
    // Each model request carried its own span's trace context.
    const sent = fake.requests.map((q) => q.headers["traceparent"]);
    const ordered = [...models].sort((a, b) =>
      (attr(a, "gen_ai.request.input_items") as number) - (attr(b, "gen_ai.request.input_items") as number)
    );
    assertEquals(sent, ordered.map((m) => `00-${m.traceId}-${m.spanId}-01`));
    assertEquals(receiver.headers[0].get("x-otel-key"), "k1");
  } finally {
    await fake.close();
    await receiver.close();
  }
});

Deno.test("otel: the prompt is redacted unless log_user_prompt; exporter's /v1/logs endpoint serves traces", async () => {
  const receiver = startReceiver();
  const fake = startFakeServer([textResponse("ok")]);
  try {
    const ws = workspace(
      fake.url,
      `[otel]\nexporter = { otlp-http = { endpoint = "${receiver.url}/v1/logs", protocol = "json" } }\n`,
    );
    const r = await runCli(["exec", "--json", "secret prompt"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    const turn = receiver.spans.find((s) => s.name === "turn");
    assert.ok(turn, JSON.stringify(receiver.spans));
    assertEquals(attr(turn!, "user.prompt"), "[REDACTED]");
    assert.ok((attr(turn!, "user.prompt_length") as number) >= "secret prompt".length);
    assertEquals(fake.requests[0].headers["traceparent"] !== undefined, true);
  } finally {
    await fake.close();
    await receiver.close();
  }
});

Deno.test("otel: without [otel] no OpenTelemetry module is statically imported at startup", async () => {
  type Dep = { specifier: string; code?: { specifier: string }; isDynamic?: boolean };
  type Graph = {
    roots: string[];
    modules: { specifier: string; dependencies?: Dep[] }[];
    redirects: Record<string, string>;
  };
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", new URL("../../plugins/mod.ts", import.meta.url).pathname],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  const graph = JSON.parse(new TextDecoder().decode(out.stdout)) as Graph;
  const modules = new Map(graph.modules.map((m) => [m.specifier, m]));
  const resolve = (s: string) => graph.redirects[s] ?? s;
  // Everything reachable from the built-in plugin registry through static imports only.
  const seen = new Set<string>();
  const queue = graph.roots.map(resolve);
  while (queue.length > 0) {
    const next = queue.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    for (const dep of modules.get(next)?.dependencies ?? []) {
      if (dep.isDynamic || !dep.code) continue;
      queue.push(resolve(dep.code.specifier));
    }
  }
  assert.ok([...seen].some((s) => s.endsWith("/plugins/otel/mod.ts")));
  assertEquals([...seen].filter((s) => s.includes("opentelemetry")), []);
  // The dynamic import is there (so the test would see a static one).
  assert.ok(graph.modules.some((m) => m.specifier.endsWith("/plugins/otel/tracing.ts")));
});
