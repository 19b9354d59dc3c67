import { assertEquals } from "../../tests/helpers/assert.ts";
import { closeIdleConnections, http1Fetch, type SizedBody } from "./http1.ts";

const enc = new TextEncoder();

async function assertRejects(fn: () => Promise<unknown>, type: typeof Error, part: string): Promise<void> {
  try {
    await fn();
  } catch (err) {
    assertEquals(err instanceof type, true, `expected a ${type.name}, found ${err}`);
    assertEquals(String((err as Error).message).includes(part), true, `expected "${part}" in ${err}`);
    return;
  }
  throw new Error(`expected a rejection with "${part}", found none`);
}

/** A TCP server answering each request with the next script entry: byte pieces written with a pause. */
function rawServer(
  script: (string | { close: true })[][],
): { url: string; connections: () => number; close(): Promise<void> } {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  let connections = 0;
  let next = 0;
  const open = new Set<Deno.Conn>();
  const serving = (async () => {
    for await (const conn of listener) {
      connections++;
      open.add(conn);
      (async () => {
        const buf = new Uint8Array(65536);
        let pending = "";
        try {
          for (;;) {
            while (!pending.includes("\r\n\r\n")) {
              const n = await conn.read(buf);
              if (n === null) return;
              pending += new TextDecoder().decode(buf.subarray(0, n));
            }
            const headEnd = pending.indexOf("\r\n\r\n") + 4;
            const length = Number(/content-length: (\d+)/i.exec(pending.slice(0, headEnd))?.[1] ?? 0);
            while (pending.length < headEnd + length) {
              const n = await conn.read(buf);
              if (n === null) return;
              pending += new TextDecoder().decode(buf.subarray(0, n));
            }
            pending = pending.slice(headEnd + length);
            for (const piece of script[next++] ?? []) {
              if (typeof piece !== "string") {
                conn.close();
                return;
              }
              await conn.write(enc.encode(piece));
              await new Promise((r) => setTimeout(r, 5));
            }
          }
        } catch {
          // client went away
        } finally {
          open.delete(conn);
          try {
            conn.close();
          } catch {
            // closed above
          }
        }
      })();
    }
  })();
  const { port } = listener.addr as Deno.NetAddr;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    async close() {
      listener.close();
      for (const conn of open) conn.close();
      await serving.catch(() => {});
    },
  };
}

const post = (url: string, init: RequestInit = {}) =>
  http1Fetch()(`${url}/v1/responses`, { method: "POST", body: "{}", ...init });

Deno.test("http1: chunked body split across reads, with an interim 100 head, extensions and trailers", async () => {
  const server = rawServer([[
    "HTTP/1.1 100 Continue\r\n\r\n",
    "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n5",
    ";ext=1\r\nhel",
    "lo\r\n",
    "6\r\n wor",
    "ld\r\n0\r\nx-trailer: 1\r\n",
    "\r\n",
  ]]);
  try {
    const response = await post(server.url);
    assertEquals(response.status, 200);
    assertEquals(response.headers.get("content-type"), "text/event-stream");
    assertEquals(await response.text(), "hello world");
  } finally {
    closeIdleConnections();
    await server.close();
  }
});

Deno.test("http1: keep-alive reuses the connection; a reused one closed by the server is replaced", async () => {
  const ok = (body: string) => [`HTTP/1.1 200 OK\r\ncontent-length: ${body.length}\r\n\r\n${body}`];
  const server = rawServer([ok("one"), ok("two"), [...ok("three"), { close: true }], ok("four")]);
  try {
    assertEquals(await (await post(server.url)).text(), "one");
    assertEquals(await (await post(server.url)).text(), "two");
    assertEquals(server.connections(), 1);
    assertEquals(await (await post(server.url)).text(), "three");
    await new Promise((r) => setTimeout(r, 50));
    assertEquals(await (await post(server.url)).text(), "four");
    assertEquals(server.connections(), 2);
  } finally {
    closeIdleConnections();
    await server.close();
  }
});

Deno.test("http1: a body without length is read to the close; a cut or garbled chunked body fails the read", async () => {
  const server = rawServer([
    ["HTTP/1.1 200 OK\r\nconnection: close\r\n\r\nall ", "of it", { close: true }],
    ["HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n", { close: true }],
    ["HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nhello\r\n"],
  ]);
  try {
    assertEquals(await (await post(server.url)).text(), "all of it");
    const cut = await post(server.url);
    await assertRejects(() => cut.text(), TypeError, "connection closed before message completed");
    const garbled = await post(server.url);
    await assertRejects(() => garbled.text(), TypeError, 'expected a chunk size, found "zz"');
  } finally {
    closeIdleConnections();
    await server.close();
  }
});

Deno.test("http1: status, reason and headers of an error response; abort while waiting rejects with the reason", async () => {
  const server = rawServer([
    ["HTTP/1.1 429 Too Many Requests\r\nretry-after: 2\r\ncontent-length: 2\r\n\r\n{}"],
    [],
  ]);
  try {
    const limited = await post(server.url);
    assertEquals([limited.status, limited.statusText, limited.headers.get("retry-after")], [
      429,
      "Too Many Requests",
      "2",
    ]);
    assertEquals(await limited.text(), "{}");
    const controller = new AbortController();
    const pending = post(server.url, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user interrupted")), 20);
    await assertRejects(() => pending, Error, "user interrupted");
  } finally {
    closeIdleConnections();
    await server.close();
  }
});

Deno.test("http1: other schemes and proxied requests go to the fallback fetch", async () => {
  const seen: string[] = [];
  const fallback = (input: string | URL | Request) => {
    seen.push(String(input));
    return Promise.resolve(new Response("fallback"));
  };
  assertEquals(await (await http1Fetch(fallback)("data:text/plain,x")).text(), "fallback");
  Deno.env.set("HTTPS_PROXY", "http://127.0.0.1:9");
  try {
    assertEquals(await (await http1Fetch(fallback)("https://example.invalid/v1")).text(), "fallback");
  } finally {
    Deno.env.delete("HTTPS_PROXY");
  }
  assertEquals(seen, ["data:text/plain,x", "https://example.invalid/v1"]);
});

Deno.test("http1: a replaced global fetch (the otel plugin's wrapper) is honoured through the fallback", async () => {
  const original = globalThis.fetch;
  const seen: string[] = [];
  globalThis.fetch = (input: string | URL | Request) => {
    seen.push(String(input));
    return Promise.resolve(new Response("wrapped"));
  };
  try {
    const response = await http1Fetch((input, init) => globalThis.fetch(input, init))(
      "http://127.0.0.1:9/v1/responses",
    );
    assertEquals(await response.text(), "wrapped");
  } finally {
    globalThis.fetch = original;
  }
  assertEquals(seen, ["http://127.0.0.1:9/v1/responses"]);
});

/** A body of `count` chunks of `size` bytes, each filled with its index, all views of one reused buffer. */
function reusedChunks(count: number, size: number, announced = count * size): SizedBody {
  const buffer = new Uint8Array(size);
  return {
    length: announced,
    *chunks() {
      for (let i = 0; i < count; i++) {
        buffer.fill(65 + i);
        yield buffer;
      }
    },
  };
}

const expectedText = (count: number, size: number) =>
  Array.from({ length: count }, (_, i) => String.fromCharCode(65 + i).repeat(size)).join("");

Deno.test("http1: a sized body is written chunk by chunk (each written before the next reuses its memory)", async () => {
  const received: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    received.push(`${req.headers.get("content-length")} ${await req.text()}`);
    return new Response("ok");
  });
  try {
    const url = `http://127.0.0.1:${server.addr.port}/v1/responses`;
    for (const [count, size] of [[3, 10], [5, 30 * 1024]]) {
      const response = await http1Fetch()(url, { method: "POST", sizedBody: reusedChunks(count, size) });
      assertEquals(await response.text(), "ok");
      assertEquals(received.pop(), `${count * size} ${expectedText(count, size)}`);
    }
    // Chunks that do not add up to the announced length fail the request instead of sending it.
    await assertRejects(
      () => http1Fetch()(url, { method: "POST", sizedBody: reusedChunks(5, 30 * 1024, 5 * 30 * 1024 + 1) }),
      TypeError,
      "announced",
    );
  } finally {
    closeIdleConnections();
    await server.shutdown();
  }
});

Deno.test("http1: a sized body reaches the fallback fetch as a Blob of its bytes", async () => {
  let body = "";
  const fallback = async (_input: string | URL | Request, init?: RequestInit) => {
    body = await new Response(init?.body).text();
    return new Response("fallback");
  };
  Deno.env.set("HTTPS_PROXY", "http://127.0.0.1:9");
  try {
    const init = { method: "POST", sizedBody: reusedChunks(3, 4) };
    assertEquals(await (await http1Fetch(fallback)("https://example.invalid/v1", init)).text(), "fallback");
  } finally {
    Deno.env.delete("HTTPS_PROXY");
  }
  assertEquals(body, expectedText(3, 4));
});
