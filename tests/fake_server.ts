/**
 * A scripted fake OpenAI Responses server for tests and benchmarks: real HTTP on 127.0.0.1 with real
 * SSE bodies, driven by a list of steps (one per request) or a function choosing the step.
 *
 * ```ts
 * const server = startFakeServer([textResponse("hi"), { status: 500 }]);
 * // point a provider's base_url at server.url, run, then inspect server.requests
 * await server.close();
 * ```
 *
 * Standalone: `deno run -A tests/fake_server.ts [--port N] [--text T]` answers every request with a short
 * text response ("hello" by default) and prints its base URL as the first stdout line.
 * @module
 */

/** A request as the server saw it. */
export interface CapturedRequest {
  method: string;
  /** URL path, e.g. `/v1/responses`. */
  path: string;
  /** Query parameters (last value wins). */
  query: Record<string, string>;
  /** Headers, lower-cased names. */
  headers: Record<string, string>;
  /** Parsed JSON body; the raw text when not JSON; null when empty. */
  body: unknown;
}

/** Options every step accepts. */
export interface StepCommon {
  /** Wait this long before answering. */
  delayMs?: number;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/** Stream these events as SSE (`event: <type>\ndata: <json>\n\n`). */
export interface SseStep extends StepCommon {
  sse: object[];
  /** Close the body cleanly after this many events (no `response.completed` reaches the client). */
  cutAfter?: number;
  /** Error the body (abrupt connection reset) after this many events. */
  abortAfter?: number;
  /** Send this many events, then hang until the client disconnects or the server closes. */
  stallAfter?: number;
  /** Pause between events, in ms. */
  eventDelayMs?: number;
}

/** Send this text verbatim as an SSE body (for malformed streams). */
export interface RawStep extends StepCommon {
  raw: string;
}

/** Answer with an HTTP status (an error, typically). An object body is sent as JSON. */
export interface StatusStep extends StepCommon {
  status: number;
  body?: string | object;
}

/** One scripted answer. */
export type FakeStep = SseStep | RawStep | StatusStep;

/** Either one step per request in order, or a function choosing the step for request `index` (0-based). */
export type FakeScript =
  | FakeStep[]
  | ((request: CapturedRequest, index: number) => FakeStep | Promise<FakeStep>);

/** A running fake server. */
export interface FakeServer {
  /** Base URL to use as `base_url`, e.g. `http://127.0.0.1:PORT/v1`. */
  url: string;
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  port: number;
  /** Every request received, in order. */
  requests: CapturedRequest[];
  /** Requests answered with 500 because the script had no step for them. */
  readonly unscripted: number;
  /** Stops the server, ending any stalled streams. */
  close(): Promise<void>;
}

/** Options of `startFakeServer`. */
export interface FakeServerOptions {
  /** Port to listen on (default 0: an ephemeral port). */
  port?: number;
  /** Path prefix of `url` (default `/v1`). */
  basePath?: string;
}

/** Token usage reported by the builders unless overridden. */
export const DEFAULT_USAGE = {
  input_tokens: 10,
  input_tokens_details: { cached_tokens: 0 },
  output_tokens: 5,
  output_tokens_details: { reasoning_tokens: 0 },
  total_tokens: 15,
};

/** Usage shape accepted by the builders (Responses API `usage`). */
export type FakeUsage = typeof DEFAULT_USAGE;

let idCounter = 0;
function nextId(prefix: string): string {
  idCounter++;
  return `${prefix}_${idCounter}`;
}

/** Formats one SSE frame for an event object (its `type` becomes the `event:` name). */
export function sseFrame(event: object): string {
  const type = (event as { type?: unknown }).type;
  const name = typeof type === "string" ? `event: ${type}\n` : "";
  return `${name}data: ${JSON.stringify(event)}\n\n`;
}

/** `response.created`. */
export function created(responseId = "resp_fake"): object {
  return { type: "response.created", response: { id: responseId, status: "in_progress" } };
}

/** `response.completed` with usage (`null` sends none). */
export function completed(usage: FakeUsage | null = DEFAULT_USAGE, responseId = "resp_fake"): object {
  return {
    type: "response.completed",
    response: { id: responseId, status: "completed", ...(usage ? { usage } : {}) },
  };
}

/** `response.failed` with `{code, message}`. */
export function failed(code: string, message: string, responseId = "resp_fake"): object {
  return {
    type: "response.failed",
    response: { id: responseId, status: "failed", error: { type: code, code, message } },
  };
}

/** `response.incomplete` with the given reason. */
export function incomplete(reason: string, responseId = "resp_fake"): object {
  return { type: "response.incomplete", response: { id: responseId, incomplete_details: { reason } } };
}

/** Events of one assistant message: added, one text delta per chunk, done. */
export function messageItem(text: string, chunks: string[] = [text]): object[] {
  const id = nextId("msg");
  const done = {
    type: "message",
    id,
    role: "assistant",
    status: "completed",
    content: [{ type: "output_text", text, annotations: [] }],
  };
  return [
    {
      type: "response.output_item.added",
      output_index: 0,
      item: { ...done, status: "in_progress", content: [] },
    },
    ...chunks.map((delta) => ({ type: "response.output_text.delta", item_id: id, output_index: 0, delta })),
    { type: "response.output_item.done", output_index: 0, item: done },
  ];
}

/** Events of a reasoning item with one summary part. */
export function reasoningItem(summaryText: string): object[] {
  const id = nextId("rs");
  const done = {
    type: "reasoning",
    id,
    summary: [{ type: "summary_text", text: summaryText }],
    encrypted_content: "gAAAA-fake",
  };
  return [
    { type: "response.output_item.added", item: { ...done, summary: [] } },
    { type: "response.reasoning_summary_part.added", item_id: id, summary_index: 0 },
    { type: "response.reasoning_summary_text.delta", item_id: id, summary_index: 0, delta: summaryText },
    { type: "response.output_item.done", item: done },
  ];
}

/** A function tool call to script. `arguments` may be an object (JSON-encoded for you). */
export interface FakeFunctionCall {
  name: string;
  arguments: object | string;
  call_id: string;
  namespace?: string;
}

/** Events of one function call item. */
export function functionCallItem(call: FakeFunctionCall): object[] {
  const args = typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments);
  const item = {
    type: "function_call",
    id: nextId("fc"),
    call_id: call.call_id,
    name: call.name,
    arguments: args,
    status: "completed",
    ...(call.namespace ? { namespace: call.namespace } : {}),
  };
  return [
    { type: "response.output_item.added", item: { ...item, arguments: "", status: "in_progress" } },
    { type: "response.function_call_arguments.delta", item_id: item.id, delta: args },
    { type: "response.output_item.done", item },
  ];
}

/** Events of one freeform (custom) tool call item. */
export function customToolCallItem(name: string, input: string, callId: string): object[] {
  const item = {
    type: "custom_tool_call",
    id: nextId("ctc"),
    call_id: callId,
    name,
    input,
    status: "completed",
  };
  return [
    { type: "response.output_item.added", item: { ...item, input: "", status: "in_progress" } },
    { type: "response.custom_tool_call_input.delta", item_id: item.id, call_id: callId, delta: input },
    { type: "response.output_item.done", item },
  ];
}

/** Options of the response builders. */
export interface ResponseOptions {
  responseId?: string;
  /** Usage in `response.completed`; null sends none. */
  usage?: FakeUsage | null;
}

/** A whole response: `response.created`, the given item events, `response.completed`. */
export function response(events: object[], opts: ResponseOptions = {}): SseStep {
  const id = opts.responseId ?? nextId("resp");
  return {
    sse: [created(id), ...events, completed(opts.usage === undefined ? DEFAULT_USAGE : opts.usage, id)],
  };
}

/** A response with one assistant message, optionally preceded by a reasoning item. */
export function textResponse(
  text: string,
  opts: ResponseOptions & { reasoning?: string; chunks?: string[] } = {},
): SseStep {
  const events = [
    ...(opts.reasoning !== undefined ? reasoningItem(opts.reasoning) : []),
    ...messageItem(text, opts.chunks),
  ];
  return response(events, opts);
}

/** A response with function calls only. */
export function functionCallResponse(calls: FakeFunctionCall[], opts: ResponseOptions = {}): SseStep {
  return response(calls.flatMap(functionCallItem), opts);
}

/** A response with one freeform tool call (e.g. `apply_patch`). */
export function customToolCallResponse(
  name: string,
  input: string,
  callId: string,
  opts: ResponseOptions = {},
): SseStep {
  return response(customToolCallItem(name, input, callId), opts);
}

/** An HTTP error answer with an OpenAI-style JSON body `{error:{message,type,code}}`. */
export function httpError(status: number, message: string, headers?: Record<string, string>): StatusStep {
  return { status, body: { error: { message, type: "fake_error", code: null } }, headers };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function capture(req: Request): Promise<CapturedRequest> {
  const url = new URL(req.url);
  const text = await req.text();
  let body: unknown = null;
  if (text !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return {
    method: req.method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: Object.fromEntries(req.headers),
    body,
  };
}

/** The error used to break a body; Deno logs it, so keep it to one explanatory line. */
function abortError(): Error {
  const err = new Error("fake server: stream aborted by script (abortAfter)");
  err.stack = err.message;
  return err;
}

const SSE_HEADERS = { "content-type": "text/event-stream", "cache-control": "no-cache" };

/** Starts a fake server on 127.0.0.1 answering each request with the next scripted step. */
export function startFakeServer(script: FakeScript, options: FakeServerOptions = {}): FakeServer {
  const requests: CapturedRequest[] = [];
  const live = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const encoder = new TextEncoder();
  const closing = new AbortController();
  let unscripted = 0;

  const pick = async (req: CapturedRequest, index: number): Promise<FakeStep | undefined> => {
    if (typeof script === "function") return await script(req, index);
    return script[index];
  };

  const sseBody = (step: SseStep): ReadableStream<Uint8Array> => {
    const stopAt = Math.min(
      step.cutAfter ?? Infinity,
      step.abortAfter ?? Infinity,
      step.stallAfter ?? Infinity,
    );
    let controller: ReadableStreamDefaultController<Uint8Array>;
    let cancelled = false;
    return new ReadableStream<Uint8Array>({
      async start(c) {
        controller = c;
        live.add(c);
        const count = Math.min(step.sse.length, stopAt);
        for (let i = 0; i < count && !cancelled; i++) {
          if (step.eventDelayMs && i > 0) await sleep(step.eventDelayMs);
          if (cancelled) return;
          c.enqueue(encoder.encode(sseFrame(step.sse[i])));
        }
        if (cancelled) return;
        if (stopAt === step.stallAfter) return; // hang: left open until cancelled or close()
        live.delete(c);
        if (step.abortAfter !== undefined && stopAt === step.abortAfter) c.error(abortError());
        else c.close();
      },
      cancel() {
        cancelled = true;
        live.delete(controller);
      },
    });
  };

  const answer = (step: FakeStep): Response => {
    if ("sse" in step) return new Response(sseBody(step), { headers: { ...SSE_HEADERS, ...step.headers } });
    if ("raw" in step) return new Response(step.raw, { headers: { ...SSE_HEADERS, ...step.headers } });
    const isText = typeof step.body === "string" || step.body === undefined;
    const body = step.body === undefined
      ? ""
      : typeof step.body === "string"
      ? step.body
      : JSON.stringify(step.body);
    return new Response(body, {
      status: step.status,
      headers: { "content-type": isText ? "text/plain" : "application/json", ...step.headers },
    });
  };

  const server = Deno.serve(
    { hostname: "127.0.0.1", port: options.port ?? 0, signal: closing.signal, onListen: () => {} },
    async (req) => {
      const captured = await capture(req);
      const index = requests.length;
      requests.push(captured);
      const step = await pick(captured, index);
      if (!step) {
        unscripted++;
        const message = `fake server: no scripted step for request #${
          index + 1
        } (${captured.method} ${captured.path})`;
        return new Response(JSON.stringify({ error: { message, type: "fake_server_unscripted" } }), {
          status: 500,
          headers: { "content-type": "application/json" },
        });
      }
      if (step.delayMs) await sleep(step.delayMs);
      return answer(step);
    },
  );
  const port = server.addr.port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}${options.basePath ?? "/v1"}`,
    origin,
    port,
    requests,
    get unscripted() {
      return unscripted;
    },
    async close() {
      for (const c of live) {
        try {
          c.close();
        } catch {
          // already closed
        }
      }
      live.clear();
      closing.abort();
      await server.finished;
    },
  };
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

if (import.meta.main) {
  const text = flag(Deno.args, "--text") ?? "hello";
  const port = Number(flag(Deno.args, "--port") ?? 0);
  const server = startFakeServer(() => textResponse(text), { port });
  console.log(server.url);
  const stop = () => {
    server.close().then(() => Deno.exit(0));
  };
  Deno.addSignalListener("SIGINT", stop);
  if (Deno.build.os !== "windows") Deno.addSignalListener("SIGTERM", stop);
}
