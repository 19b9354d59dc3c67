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
 * Standalone: `deno run -A tests/e2e/fake_server.ts [--port N] [--text T]` answers every request with a short
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
  /** Answer only once this settles (a gate the test opens when it is ready). */
  waitFor?: Promise<unknown>;
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
  /**
   * Raw text written after the last event (e.g. chat completions' `data: [DONE]\n\n`); not written
   * when `cutAfter`/`abortAfter`/`stallAfter` stop the stream at or before the last event.
   */
  trailer?: string;
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
  /** The 400 messages of requests rejected by the pairing check (see `FakeServerOptions.validate`). */
  readonly rejected: string[];
  /** When each request reached the handler and when its response was ready, in order of arrival. */
  readonly timings: RequestTiming[];
  /** Stops the server, ending any stalled streams. */
  close(): Promise<void>;
}

/**
 * One request's times (`performance.now()`): `arrivedAt` when its head reached the server, `answeredAt`
 * when its body had been read and checked and its response (whose SSE events are queued at once) was
 * ready. The time between is the server's; benchmarks subtract it.
 */
export interface RequestTiming {
  /** URL path, e.g. `/v1/responses`. */
  path: string;
  arrivedAt: number;
  answeredAt: number;
}

/** Options of `startFakeServer`. */
export interface FakeServerOptions {
  /** Port to listen on (default 0: an ephemeral port). */
  port?: number;
  /** Path prefix of `url` (default `/v1`). */
  basePath?: string;
  /**
   * Check tool-call pairing in each request as the real APIs do (default true): a call without its
   * output, or an output without its call, is answered with HTTP 400 and the API's message instead of the
   * scripted step (which is then not consumed). See `pairingError`.
   */
  validate?: boolean;
  /** Keep every request in `requests` (default true; benchmarks of long sessions turn it off). */
  keepRequests?: boolean;
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

/** Events of one server-side web search (`web_search_call`): added in progress, done with its action. */
export function webSearchCallItem(action: Record<string, unknown>, id = nextId("ws")): object[] {
  return [
    { type: "response.output_item.added", item: { type: "web_search_call", id, status: "in_progress" } },
    { type: "response.output_item.done", item: { type: "web_search_call", id, status: "completed", action } },
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

/** The 400 body the real APIs send for a malformed request. */
function invalidRequest(message: string): Response {
  return new Response(
    JSON.stringify({ error: { message, type: "invalid_request_error", param: "input", code: null } }),
    { status: 400, headers: { "content-type": "application/json" } },
  );
}

type Json = Record<string, unknown>;

function records(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter((v): v is Json => typeof v === "object" && v !== null) : [];
}

/**
 * What the real API says about a request whose tool calls and outputs do not pair up, or undefined when
 * they do. Responses API (`input`): every `function_call`/`custom_tool_call` needs an output with its
 * `call_id` later in the input, and every output needs an earlier call ("No tool output found for function
 * call call_1." / "No tool call found for function call output with call_id call_1."). Chat completions
 * (`messages`): an assistant message's `tool_calls` must each be answered by a following `tool` message,
 * and a `tool` message must answer one of them.
 */
export function pairingError(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const b = body as Json;
  if (Array.isArray(b.input) && b.previous_response_id === undefined) {
    return responsesPairing(records(b.input));
  }
  if (Array.isArray(b.messages)) return chatPairing(records(b.messages));
  return undefined;
}

function responsesPairing(input: Json[]): string | undefined {
  const kinds: Record<string, string> = {
    function_call: "function call",
    custom_tool_call: "custom tool call",
  };
  const open = new Map<string, string>();
  for (const item of input) {
    const type = String(item.type);
    const id = String(item.call_id);
    if (type in kinds) open.set(id, type);
    else if (type === "function_call_output" || type === "custom_tool_call_output") {
      const call = type.slice(0, -"_output".length);
      if (open.get(id) !== call) {
        return `No tool call found for ${kinds[call]} output with call_id ${id}.`;
      }
      open.delete(id);
    }
  }
  for (const [id, type] of open) return `No tool output found for ${kinds[type]} ${id}.`;
  return undefined;
}

function chatPairing(messages: Json[]): string | undefined {
  let pending: string[] = [];
  for (const m of messages) {
    if (m.role === "tool") {
      const id = String(m.tool_call_id);
      if (!pending.includes(id)) {
        return "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.";
      }
      pending = pending.filter((p) => p !== id);
      continue;
    }
    if (pending.length > 0) break;
    pending = records(m.tool_calls).map((c) => String(c.id));
  }
  if (pending.length > 0) {
    return "An assistant message with 'tool_calls' must be followed by tool messages responding to each " +
      `'tool_call_id'. The following tool_call_ids did not have response messages: ${pending.join(", ")}`;
  }
  return undefined;
}

const SSE_HEADERS = { "content-type": "text/event-stream", "cache-control": "no-cache" };

/** Starts a fake server on 127.0.0.1 answering each request with the next scripted step. */
export function startFakeServer(script: FakeScript, options: FakeServerOptions = {}): FakeServer {
  const requests: CapturedRequest[] = [];
  const live = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const encoder = new TextEncoder();
  const closing = new AbortController();
  let unscripted = 0;
  const rejected: string[] = [];
  let received = 0;

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
        if (step.trailer !== undefined && stopAt > step.sse.length) c.enqueue(encoder.encode(step.trailer));
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

  const timings: RequestTiming[] = [];
  const handle = async (req: Request): Promise<Response> => {
    const captured = await capture(req);
    if (options.keepRequests !== false) requests.push(captured);
    const invalid = options.validate === false ? undefined : pairingError(captured.body);
    if (invalid !== undefined) {
      rejected.push(invalid);
      return invalidRequest(invalid);
    }
    const index = received++;
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
    if (step.waitFor) await step.waitFor;
    if (step.delayMs) await sleep(step.delayMs);
    return answer(step);
  };

  const server = Deno.serve(
    { hostname: "127.0.0.1", port: options.port ?? 0, signal: closing.signal, onListen: () => {} },
    async (req) => {
      const arrivedAt = performance.now();
      try {
        return await handle(req);
      } finally {
        timings.push({ path: new URL(req.url).pathname, arrivedAt, answeredAt: performance.now() });
      }
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
    rejected,
    timings,
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

// ---------------------------------------------------------------------------------------------------
// Chat completions (`POST /chat/completions`, `wire_api = "chat"`): `data: <chunk>` frames (chunks have
// no `type`, so no `event:` line) ending with `data: [DONE]`.

/** The SSE frame that ends a chat-completions stream. */
export const CHAT_DONE_FRAME = "data: [DONE]\n\n";

/** Usage reported by the chat builders unless overridden (chat-completions `usage`). */
export const DEFAULT_CHAT_USAGE = {
  prompt_tokens: 10,
  completion_tokens: 5,
  total_tokens: 15,
  prompt_tokens_details: { cached_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0 },
};

/** Usage shape accepted by the chat builders. */
export type FakeChatUsage = typeof DEFAULT_CHAT_USAGE;

/** Options of the chat builders. */
export interface ChatResponseOptions {
  /** The completion id (`chatcmpl-…`) every chunk carries. */
  id?: string;
  /** `model` of every chunk (default `fake-model`). */
  model?: string;
  /** Usage sent in a final chunk with no choices; null sends none. */
  usage?: FakeChatUsage | null;
  /** `finish_reason` of the last choice chunk (default `stop`, `tool_calls` for tool calls). */
  finishReason?: string;
  /** Reasoning text streamed first as `reasoning_content` deltas (Ollama/LM Studio/DeepSeek style). */
  reasoning?: string;
  /** End with `data: [DONE]` (default true). */
  done?: boolean;
}

/** One `chat.completion.chunk` with a single choice holding `delta`. */
export function chatChunk(
  delta: object,
  finishReason: string | null = null,
  opts: { id?: string; model?: string } = {},
): object {
  return {
    id: opts.id ?? "chatcmpl-fake",
    object: "chat.completion.chunk",
    created: 1_700_000_000,
    model: opts.model ?? "fake-model",
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
}

/**
 * The chunks of one completion: a role chunk, one chunk per delta, a finish chunk, then (unless
 * `usage: null`) a usage chunk with empty `choices`, as servers do under `stream_options.include_usage`.
 */
export function chatChunks(deltas: object[], opts: ChatResponseOptions = {}): object[] {
  const id = opts.id ?? nextId("chatcmpl");
  const meta = { id, model: opts.model };
  const reasoning = opts.reasoning !== undefined ? [{ reasoning_content: opts.reasoning }] : [];
  const usage = opts.usage === undefined ? DEFAULT_CHAT_USAGE : opts.usage;
  return [
    chatChunk({ role: "assistant", content: "" }, null, meta),
    ...[...reasoning, ...deltas].map((delta) => chatChunk(delta, null, meta)),
    chatChunk({}, opts.finishReason ?? "stop", meta),
    ...(usage
      ? [{
        id,
        object: "chat.completion.chunk",
        created: 1_700_000_000,
        model: opts.model ?? "fake-model",
        choices: [],
        usage,
      }]
      : []),
  ];
}

/** An SSE step streaming `chunks`, followed by `data: [DONE]` unless `done` is false. */
export function chatStream(chunks: object[], done = true): SseStep {
  return { sse: chunks, ...(done ? { trailer: CHAT_DONE_FRAME } : {}) };
}

/** A completion with assistant text, streamed as `chunks` content deltas (default: the whole text). */
export function chatTextResponse(
  text: string,
  opts: ChatResponseOptions & { chunks?: string[] } = {},
): SseStep {
  const deltas = (opts.chunks ?? [text]).map((content) => ({ content }));
  return chatStream(chatChunks(deltas, opts), opts.done ?? true);
}

/** A tool call to script in a chat completion. */
export interface FakeChatToolCall {
  /** The tool call id; omitted from the chunks when undefined. */
  id?: string;
  name: string;
  /** An object is JSON-encoded for you. */
  arguments: object | string;
  /** Split the arguments into fragments of this many characters (default: one fragment). */
  fragment?: number;
}

/** The deltas of tool calls: per call, a head delta (index, id, name) then argument fragments. */
export function chatToolCallDeltas(calls: FakeChatToolCall[]): object[] {
  return calls.flatMap((call, index) => {
    const args = typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments);
    const size = call.fragment && call.fragment > 0 ? call.fragment : Math.max(1, args.length);
    const pieces: string[] = [];
    for (let i = 0; i < args.length; i += size) pieces.push(args.slice(i, i + size));
    const head = {
      tool_calls: [{
        index,
        ...(call.id !== undefined ? { id: call.id } : {}),
        type: "function",
        function: { name: call.name, arguments: "" },
      }],
    };
    return [
      head,
      ...pieces.map((arguments_) => ({ tool_calls: [{ index, function: { arguments: arguments_ } }] })),
    ];
  });
}

/** A completion whose answer is the given tool calls (`finish_reason: "tool_calls"`). */
export function chatToolCallResponse(calls: FakeChatToolCall[], opts: ChatResponseOptions = {}): SseStep {
  const deltas = chatToolCallDeltas(calls);
  return chatStream(chatChunks(deltas, { finishReason: "tool_calls", ...opts }), opts.done ?? true);
}

/** An in-stream error payload `{"error": {message, type, code}}`. */
export function chatErrorChunk(message: string, code: string | null = null, type = "server_error"): object {
  return { error: { message, type, code } };
}
