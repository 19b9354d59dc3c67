/**
 * The OpenTelemetry side of the otel plugin (imported only when `[otel]` is set): a tracer provider
 * exporting OTLP/HTTP JSON, and the spans `session` > `turn` > `model_request` | `tool_call` driven by
 * hooks. Model requests carry the W3C `traceparent` of their span (model-bound `fetch` calls made while
 * the span is open get the header), and their token counts are read from the response stream.
 * @module
 */
import { type Context, context, type Span, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import type { PluginContext } from "../../mod.ts";
import type { OtelConfig, TraceTarget } from "./config.ts";
import { type TokenCounts, usageFromStream } from "./usage.ts";

/** Whether a request goes to a model endpoint (Responses or chat completions). */
export function isModelRequest(url: string): boolean {
  return /\/(responses|chat\/completions)(\?|$)/.test(new URL(url).pathname + new URL(url).search);
}

function addCounts(a: TokenCounts, b: TokenCounts): void {
  a.input += b.input;
  a.cached += b.cached;
  a.output += b.output;
  a.reasoning += b.reasoning;
}

function countAttributes(c: TokenCounts): Record<string, number> {
  return {
    "gen_ai.usage.input_tokens": c.input,
    "gen_ai.usage.cached_input_tokens": c.cached,
    "gen_ai.usage.output_tokens": c.output,
    "gen_ai.usage.reasoning_output_tokens": c.reasoning,
  };
}

/** Sets up tracing for this session. */
export function startTracing(
  ctx: PluginContext,
  config: OtelConfig,
  target: TraceTarget,
  version: string,
): void {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      "service.name": "codex-deno",
      "service.version": version,
      ...(config.environment ? { "deployment.environment.name": config.environment } : {}),
    }),
    spanProcessors: [
      new SimpleSpanProcessor({
        exporter: new OTLPTraceExporter({ url: target.url, headers: target.headers }),
      }),
    ],
  });
  const tracer = provider.getTracer("codex-deno", version);
  const propagator = new W3CTraceContextPropagator();

  let session: { span: Span; ctx: Context } | undefined;
  let turn: { span: Span; ctx: Context; counts: TokenCounts } | undefined;
  let model: { span: Span; usage: Promise<TokenCounts | undefined>[] } | undefined;
  const tools = new Map<string, Span>();

  const sessionCtx = () => session?.ctx ?? context.active();

  async function endModel(): Promise<void> {
    const current = model;
    model = undefined;
    if (!current) return;
    const results = await Promise.all(current.usage);
    const usage = results.filter((u) => u !== undefined).at(-1);
    if (usage) {
      current.span.setAttributes(countAttributes(usage));
      if (turn) addCounts(turn.counts, usage);
    }
    current.span.end();
  }

  async function endTurn(status?: { error: string }): Promise<void> {
    await endModel();
    for (const [id, span] of tools) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: "the tool call did not finish" });
      span.end();
      tools.delete(id);
    }
    const current = turn;
    turn = undefined;
    if (!current) return;
    current.span.setAttributes(countAttributes(current.counts));
    if (status) current.span.setStatus({ code: SpanStatusCode.ERROR, message: status.error });
    current.span.end();
  }

  // Model-bound requests made while a model request span is open carry its trace context.
  const originalFetch = globalThis.fetch;
  globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const current = model;
    const url = input instanceof Request ? input.url : String(input);
    if (!current || !isModelRequest(url)) return originalFetch(input, init);
    const headers = new Headers(input instanceof Request ? input.headers : undefined);
    new Headers(init?.headers).forEach((v, k) => headers.set(k, v));
    propagator.inject(trace.setSpan(context.active(), current.span), headers, {
      set: (carrier, key, value) => carrier.set(key, value),
    });
    return originalFetch(input, { ...init, headers }).then((response) => {
      current.span.setAttribute("http.response.status_code", response.status);
      if (!response.ok || !response.body) return response;
      const [mine, theirs] = response.body.tee();
      current.usage.push(usageFromStream(mine).catch(() => undefined));
      return new Response(theirs, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    });
  };

  ctx.on("SessionStart", (input) => {
    const span = tracer.startSpan("session", {
      attributes: {
        "conversation.id": input.session_id,
        "gen_ai.request.model": input.model,
        "session.source": input.source,
      },
    });
    session = { span, ctx: trace.setSpan(context.active(), span) };
  });

  ctx.on("UserPromptSubmit", async (input) => {
    await endTurn();
    const span = tracer.startSpan("turn", {
      attributes: {
        "conversation.id": input.session_id,
        ...(input.turn_id ? { "turn.id": input.turn_id } : {}),
        "user.prompt_length": input.prompt.length,
        "user.prompt": config.log_user_prompt ? input.prompt : "[REDACTED]",
      },
    }, sessionCtx());
    turn = {
      span,
      ctx: trace.setSpan(sessionCtx(), span),
      counts: { input: 0, cached: 0, output: 0, reasoning: 0 },
    };
  });

  ctx.on("BeforeModel", async (input) => {
    await endModel();
    const span = tracer.startSpan("model_request", {
      kind: SpanKind.CLIENT,
      attributes: { "gen_ai.request.model": input.model, "gen_ai.request.input_items": input.input_items },
    }, turn?.ctx ?? sessionCtx());
    model = { span, usage: [] };
  });

  ctx.on("PreToolUse", async (input) => {
    await endModel();
    const span = tracer.startSpan("tool_call", {
      attributes: { "tool.name": input.tool_name, "tool.call_id": input.tool_use_id },
    }, turn?.ctx ?? sessionCtx());
    tools.set(input.tool_use_id, span);
  });

  ctx.on("PostToolUse", (input) => {
    const span = tools.get(input.tool_use_id);
    if (!span) return;
    tools.delete(input.tool_use_id);
    span.setAttribute("tool.success", true);
    span.end();
  });

  ctx.on("PostToolUseFailure", (input) => {
    const span = tools.get(input.tool_use_id);
    if (!span) return;
    tools.delete(input.tool_use_id);
    span.setAttribute("tool.success", false);
    span.setStatus({ code: SpanStatusCode.ERROR, message: input.error });
    span.end();
  });

  ctx.on("Stop", async () => {
    await endTurn();
  });

  ctx.on("SessionEnd", async (input) => {
    await endTurn();
    if (session) {
      session.span.setAttribute("session.end_reason", input.reason);
      session.span.end();
      session = undefined;
    }
    globalThis.fetch = originalFetch;
    await provider.forceFlush();
    await provider.shutdown();
  }, { timeoutMs: 30_000 });
}
