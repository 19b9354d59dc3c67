/**
 * A small HTTP/1.1 client over `Deno.connect` (TLS through `Deno.startTls`), used as the `fetch` of the
 * model clients. Why not the global `fetch`: it hands the body to JavaScript one network frame at a time
 * (an op, a promise and a pull through the web-streams machinery per frame), and a model streams one frame
 * per SSE delta, so a 30,000-delta answer cost 30,000 reads, a few seconds of CPU and ~10 MB of peak RSS
 * (the optimizing compilers warming up on the stream internals). Reading the socket directly gives one
 * read per 64 KiB however the server frames its events.
 *
 * Scope: `http:` and `https:` (ALPN `http/1.1`), chunked / content-length / read-to-close bodies, interim
 * 1xx heads skipped, a keep-alive pool per origin (a reused connection that fails before answering is
 * retried once on a fresh one), abort through `init.signal`, request bodies written in chunks as they are
 * made (`SizedBody`), TCP_NODELAY on every connection. Everything else goes to `fallback` (the global
 * fetch by default): other schemes, and any request while a proxy variable (`HTTPS_PROXY`, `HTTP_PROXY`,
 * `ALL_PROXY`) is set, since fetch honours those, or while the global `fetch` is replaced (the otel plugin
 * wraps it to give model requests their trace context and read their usage). Redirects are not followed
 * (the Responses API answers a POST without them); the 3xx response is returned as it is.
 * @module
 */

/** A `fetch`-compatible function. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * A request body given as its length and its bytes in chunks produced while it is sent, so a large body
 * (a long session's request is a few MB of history, see `BodyWriter`) is never one buffer. A chunk may
 * reuse the memory of the one before: each is written before the next is asked for.
 */
export interface SizedBody {
  readonly length: number;
  chunks(): Iterable<Uint8Array>;
}

/** `RequestInit` that may carry a `SizedBody` (used instead of `body`; `fallback` gets it as a `Blob`). */
export interface Http1Init extends RequestInit {
  sizedBody?: SizedBody;
}

/** `fetch` taking `Http1Init`. */
export type Http1Fetch = (input: string | URL | Request, init?: Http1Init) => Promise<Response>;

/** Bodies up to this size are sent with their head in one write (one syscall, one segment). */
const JOIN_BYTES = 64 * 1024;

const READ_BYTES = 64 * 1024;
const MAX_HEAD_BYTES = 1024 * 1024;
const MAX_IDLE_PER_ORIGIN = 4;
const CR = 13;
const LF = 10;
const PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"];

/** The global fetch as this module found it (loaded with the built-in plugins, before any setup). */
const originalFetch = globalThis.fetch;

/** Idle keep-alive connections by origin (`https://host:port`), each with its read buffer. */
const idle = new Map<string, Wire[]>();

/** Closes the idle keep-alive connections (tests call it so no socket outlives them). */
export function closeIdleConnections(): void {
  for (const pool of idle.values()) {
    for (const { conn } of pool) {
      try {
        conn.close();
      } catch {
        // already closed
      }
    }
  }
  idle.clear();
}

function proxyConfigured(): boolean {
  try {
    return PROXY_VARIABLES.some((name) => (Deno.env.get(name) ?? "") !== "");
  } catch {
    return false; // no env permission: fetch could not read them either
  }
}

/**
 * `fetch` through the HTTP/1.1 client for `http:` / `https:` URLs, `fallback` for the rest (see the
 * module doc). Errors are `TypeError`s like fetch's, with the cause attached.
 */
export function http1Fetch(fallback: FetchLike = fetch): Http1Fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const plain = url.protocol === "http:" || url.protocol === "https:";
    if (!plain || proxyConfigured() || globalThis.fetch !== originalFetch) {
      if (!init?.sizedBody) return await fallback(input, init);
      const { sizedBody, ...rest } = init;
      return await fallback(input, { ...rest, body: new Blob(collect(sizedBody)) });
    }
    const request = input instanceof Request ? new Request(input, init) : undefined;
    const method = (request?.method ?? init?.method ?? "GET").toUpperCase();
    const headers = new Headers(request?.headers ?? init?.headers);
    const body = await requestBody(request, init);
    const signal = request?.signal ?? init?.signal ?? undefined;
    signal?.throwIfAborted();
    const head = requestHead(url, method, headers, body);
    const origin = `${url.protocol}//${url.host}`;
    const reused = idle.get(origin)?.pop();
    if (reused) {
      try {
        return await exchange(reused, origin, head, body, method, signal, true);
      } catch (err) {
        if (!(err instanceof StaleConnection)) throw err;
      }
    }
    return await exchange(new Wire(await connect(url, signal)), origin, head, body, method, signal, false);
  };
}

/** The request body as a `SizedBody`. */
async function requestBody(request: Request | undefined, init: Http1Init | undefined): Promise<SizedBody> {
  if (init?.sizedBody) return init.sizedBody;
  let bytes: Uint8Array;
  const body = init?.body;
  if (request) bytes = new Uint8Array(await request.arrayBuffer());
  else if (body === undefined || body === null) bytes = new Uint8Array(0);
  else if (typeof body === "string") bytes = new TextEncoder().encode(body);
  else if (body instanceof Uint8Array) bytes = body;
  else bytes = new Uint8Array(await new Response(body).arrayBuffer());
  return { length: bytes.length, chunks: () => [bytes] };
}

/** The chunks of `body` as copies (a chunk may be overwritten by the next). */
function collect(body: SizedBody): Uint8Array<ArrayBuffer>[] {
  return Array.from(body.chunks(), (c) => c.slice()); // each copied before the next is made
}

function requestHead(url: URL, method: string, headers: Headers, body: SizedBody): Uint8Array {
  if (!headers.has("host")) headers.set("host", url.host);
  if (!headers.has("accept")) headers.set("accept", "*/*");
  headers.delete("transfer-encoding");
  headers.delete("connection");
  if (body.length > 0 || !["GET", "HEAD"].includes(method)) {
    headers.set("content-length", String(body.length));
  }
  let text = `${method} ${url.pathname}${url.search} HTTP/1.1\r\n`;
  for (const [name, value] of headers) text += `${name}: ${value}\r\n`;
  return new TextEncoder().encode(`${text}\r\n`);
}

/**
 * Opens the connection. A plain `localhost` that refuses is tried again at both loopback addresses, since
 * `Deno.connect` may try only the first address the name resolves to (a server on 127.0.0.1 only, with
 * localhost resolving to ::1 first).
 */
async function connect(url: URL, signal: AbortSignal | undefined): Promise<Deno.Conn> {
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const secure = url.protocol === "https:";
  const port = url.port ? Number(url.port) : secure ? 443 : 80;
  const hosts = !secure && hostname === "localhost" ? [hostname, "127.0.0.1", "::1"] : [hostname];
  let first: unknown;
  for (const host of hosts) {
    try {
      const conn = await Deno.connect({ hostname: host, port, signal });
      conn.setNoDelay(true);
      if (!secure) return conn;
      // TLS over the TCP connection made here, since a `Deno.TlsConn` cannot set TCP_NODELAY.
      return await abortable(Deno.startTls(conn, { hostname: host, alpnProtocols: ["http/1.1"] }), signal);
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      first ??= err;
    }
  }
  throw new TypeError(`error sending request: ${first instanceof Error ? first.message : String(first)}`, {
    cause: first,
  });
}

/** `connecting`, or the abort reason as soon as `signal` fires (a connection made later is closed). */
function abortable(connecting: Promise<Deno.Conn>, signal: AbortSignal | undefined): Promise<Deno.Conn> {
  if (!signal) return connecting;
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      reject(signal.reason);
      connecting.then((conn) => conn.close(), () => {});
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    connecting.then((conn) => {
      signal.removeEventListener("abort", onAbort);
      resolve(conn);
    }, (err) => {
      signal.removeEventListener("abort", onAbort);
      reject(err);
    });
  });
}

/** A reused connection closed before it answered: the request is sent again on a fresh one. */
class StaleConnection extends Error {}

/** Buffered reading from one connection. */
class Wire {
  readonly conn: Deno.Conn;
  buf = new Uint8Array(READ_BYTES);
  start = 0;
  end = 0;
  constructor(conn: Deno.Conn) {
    this.conn = conn;
  }

  /** Reads more bytes after `end`; false at end of stream. */
  async fill(): Promise<boolean> {
    if (this.start === this.end) this.start = this.end = 0;
    if (this.end === this.buf.length) {
      if (this.start > 0) {
        this.buf.copyWithin(0, this.start, this.end);
        this.end -= this.start;
        this.start = 0;
      } else {
        const bigger = new Uint8Array(this.buf.length * 2);
        bigger.set(this.buf);
        this.buf = bigger;
      }
    }
    const n = await this.conn.read(this.buf.subarray(this.end));
    if (n === null) return false;
    this.end += n;
    return true;
  }
}

async function exchange(
  wire: Wire,
  origin: string,
  head: Uint8Array,
  body: SizedBody,
  method: string,
  signal: AbortSignal | undefined,
  reused: boolean,
): Promise<Response> {
  const conn = wire.conn;
  let answered = false;
  const onAbort = () => {
    try {
      conn.close();
    } catch {
      // already closed
    }
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    await send(conn, head, body);
    for (;;) {
      const response = await readHead(wire, () => (answered = true));
      if (response.status >= 100 && response.status < 200 && response.status !== 101) continue;
      const framing = bodyFraming(response, method);
      const keepAlive = framing.kind !== "close" &&
        !/\bclose\b/i.test(response.headers.get("connection") ?? "") &&
        response.version !== "1.0";
      const stream = framing.kind === "none"
        ? null
        : bodyStream(wire, framing, signal, onAbort, (clean) => release(wire, origin, clean && keepAlive));
      if (stream === null) {
        signal?.removeEventListener("abort", onAbort);
        release(wire, origin, keepAlive);
      }
      return new Response(decoded(stream, response.headers), {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    }
  } catch (err) {
    signal?.removeEventListener("abort", onAbort);
    onAbort();
    if (signal?.aborted) throw signal.reason;
    if (reused && !answered) throw new StaleConnection();
    if (err instanceof TypeError) throw err;
    throw new TypeError(`error sending request: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
}

/**
 * Writes the head and the body: joined into one write when small, else chunk by chunk as the body makes
 * them. Every connection has TCP_NODELAY set (see `connect`), so a part sent apart does not wait on the
 * peer's delayed ACK (Nagle: ~40 ms a request). Throws when the chunks do not add up to `body.length`.
 */
async function send(conn: Deno.Conn, head: Uint8Array, body: SizedBody): Promise<void> {
  let sent = 0;
  if (body.length > JOIN_BYTES) {
    await writeAll(conn, head);
    for (const chunk of body.chunks()) {
      if (sent + chunk.length > body.length) break;
      await writeAll(conn, chunk);
      sent += chunk.length;
    }
  } else {
    const message = new Uint8Array(head.length + body.length);
    message.set(head);
    for (const chunk of body.chunks()) {
      if (sent + chunk.length > body.length) break;
      message.set(chunk, head.length + sent);
      sent += chunk.length;
    }
    if (sent === body.length) await writeAll(conn, message);
  }
  if (sent !== body.length) {
    throw new TypeError(`request body: ${body.length} bytes announced, the body had more or fewer`);
  }
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.length;) at += await conn.write(bytes.subarray(at));
}

/** Keeps a connection (and its read buffer) for the next request to its origin, or closes it. */
function release(wire: Wire, origin: string, reusable: boolean): void {
  const pool = idle.get(origin) ?? [];
  if (reusable && wire.start === wire.end && pool.length < MAX_IDLE_PER_ORIGIN) {
    wire.start = wire.end = 0;
    pool.push(wire);
    idle.set(origin, pool);
    return;
  }
  try {
    wire.conn.close();
  } catch {
    // already closed
  }
}

interface Head {
  version: string;
  status: number;
  statusText: string;
  headers: Headers;
}

async function readHead(wire: Wire, onFirstByte: () => void): Promise<Head> {
  let scanned = wire.start;
  for (;;) {
    for (let i = scanned; i + 3 < wire.end; i++) {
      if (wire.buf[i] === CR && wire.buf[i + 1] === LF && wire.buf[i + 2] === CR && wire.buf[i + 3] === LF) {
        const text = new TextDecoder().decode(wire.buf.subarray(wire.start, i));
        wire.start = i + 4;
        return parseHead(text);
      }
    }
    scanned = Math.max(wire.start, wire.end - 3);
    if (wire.end - wire.start > MAX_HEAD_BYTES) throw new TypeError("invalid HTTP response: head too large");
    if (!(await wire.fill())) {
      throw new TypeError("error sending request: connection closed before message completed");
    }
    onFirstByte();
  }
}

function parseHead(text: string): Head {
  const lines = text.split("\r\n");
  const status = /^HTTP\/(\d\.\d) (\d{3})(?: (.*))?$/.exec(lines[0]);
  if (!status) {
    throw new TypeError(`invalid HTTP response: expected a status line, found ${JSON.stringify(lines[0])}`);
  }
  const headers = new Headers();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    try {
      headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    } catch {
      // a header fetch would reject too: dropped
    }
  }
  return { version: status[1], status: Number(status[2]), statusText: status[3] ?? "", headers };
}

type Framing =
  | { kind: "none" }
  | { kind: "chunked" }
  | { kind: "length"; length: number }
  | { kind: "close" };

function bodyFraming(head: Head, method: string): Framing {
  if (method === "HEAD" || head.status === 204 || head.status === 304 || head.status === 101) {
    return { kind: "none" };
  }
  if (/\bchunked\b/i.test(head.headers.get("transfer-encoding") ?? "")) return { kind: "chunked" };
  const length = head.headers.get("content-length");
  if (length !== null && /^\d+$/.test(length.trim())) {
    const n = Number(length.trim());
    return n === 0 ? { kind: "none" } : { kind: "length", length: n };
  }
  return { kind: "close" };
}

/** Chunked-body decoding state. */
const enum Chunk {
  Size,
  Data,
  DataEnd,
  Trailer,
  Done,
}

/**
 * The response body as a byte stream: each pull reads the socket once (up to 64 KiB) and enqueues all
 * the payload bytes decoded from it as one chunk. `done(clean)` is called once: clean when the body was
 * read to its end, so the connection may be reused.
 */
function bodyStream(
  wire: Wire,
  framing: Exclude<Framing, { kind: "none" }>,
  signal: AbortSignal | undefined,
  onAbort: () => void,
  done: (clean: boolean) => void,
): ReadableStream<Uint8Array> {
  let state = framing.kind === "chunked" ? Chunk.Size : Chunk.Data;
  let remaining = framing.kind === "length" ? framing.length : framing.kind === "close" ? Infinity : 0;
  let finished = false;
  const finish = (clean: boolean) => {
    if (finished) return;
    finished = true;
    signal?.removeEventListener("abort", onAbort);
    done(clean && wire.start === wire.end);
  };

  /** Decodes what the buffer holds, copying the payload bytes into `out`; returns how many. */
  const decode = (out: Uint8Array): number => {
    const buf = wire.buf;
    let size = 0;
    while (wire.start < wire.end && state !== Chunk.Done) {
      if (state === Chunk.Data) {
        const take = Math.min(remaining, wire.end - wire.start);
        out.set(buf.subarray(wire.start, wire.start + take), size);
        size += take;
        wire.start += take;
        remaining -= take;
        if (remaining === 0) state = framing.kind === "chunked" ? Chunk.DataEnd : Chunk.Done;
        continue;
      }
      const lf = buf.indexOf(LF, wire.start);
      if (lf === -1 || lf >= wire.end) {
        if (wire.end - wire.start > 4096) throw new TypeError("invalid chunked body: line too long");
        break;
      }
      const from = wire.start;
      wire.start = lf + 1;
      if (state === Chunk.Size) {
        remaining = chunkSize(buf, from, lf);
        state = remaining === 0 ? Chunk.Trailer : Chunk.Data;
      } else if (state === Chunk.DataEnd) {
        if (!blank(buf, from, lf)) {
          throw new TypeError("invalid chunked body: expected CRLF after chunk data");
        }
        state = Chunk.Size;
      } else if (blank(buf, from, lf)) {
        state = Chunk.Done;
      }
    }
    return size;
  };

  const source: UnderlyingByteSource = {
    type: "bytes",
    async pull(controller: ReadableByteStreamController) {
      try {
        for (;;) {
          const out = new Uint8Array(wire.end - wire.start);
          const size = decode(out);
          if (size > 0) controller.enqueue(out.subarray(0, size));
          if (state === Chunk.Done) {
            finish(true);
            controller.close();
            controller.byobRequest?.respond(0);
            return;
          }
          if (size > 0) return;
          if (!(await wire.fill())) {
            if (framing.kind === "close") {
              finish(false);
              controller.close();
              controller.byobRequest?.respond(0);
              return;
            }
            throw new TypeError(
              "error reading a body from connection: connection closed before message completed",
            );
          }
        }
      } catch (err) {
        finish(false);
        controller.error(signal?.aborted ? signal.reason : err);
      }
    },
    cancel() {
      finish(false);
    },
  };
  return new ReadableStream(source) as ReadableStream<Uint8Array>;
}

/** Whether the line `from`..`lf` (LF excluded) is empty or a lone CR. */
function blank(buf: Uint8Array, from: number, lf: number): boolean {
  return lf === from || (lf === from + 1 && buf[from] === CR);
}

/** The hexadecimal size opening a chunk-size line (extensions after `;` ignored). */
function chunkSize(buf: Uint8Array, from: number, lf: number): number {
  let size = 0;
  let digits = 0;
  let i = from;
  for (; i < lf; i++) {
    const c = buf[i];
    const v = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (v === -1) break;
    size = size * 16 + v;
    digits++;
  }
  const rest = buf[i];
  if (
    digits === 0 || size > Number.MAX_SAFE_INTEGER ||
    (i < lf && rest !== 59 && rest !== CR && rest !== 32 && rest !== 9)
  ) {
    const line = new TextDecoder().decode(buf.subarray(from, lf)).trim();
    throw new TypeError(`invalid chunked body: expected a chunk size, found ${JSON.stringify(line)}`);
  }
  return size;
}

/** Applies `content-encoding: gzip | deflate` as fetch would. */
function decoded(
  stream: ReadableStream<Uint8Array> | null,
  headers: Headers,
): ReadableStream<Uint8Array> | null {
  const encoding = headers.get("content-encoding")?.trim().toLowerCase();
  if (!stream || (encoding !== "gzip" && encoding !== "deflate")) return stream;
  const decompress = new DecompressionStream(encoding) as unknown as TransformStream<Uint8Array, Uint8Array>;
  return stream.pipeThrough(decompress);
}
