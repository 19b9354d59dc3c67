/**
 * End-to-end: model requests through an HTTP proxy (`HTTP_PROXY`), as on a server that reaches the API
 * only through one. The CLI hands such requests to `fetch`, which honours the proxy; a history larger
 * than one 256 KiB body chunk must arrive whole.
 */
import { functionCallResponse, startFakeServer, textResponse } from "./fake_server.ts";
import { assert, assertEquals } from "../helpers/assert.ts";
import { runCli, workspace } from "../helpers/cli.ts";

/** A forward proxy on 127.0.0.1: takes absolute-form requests and forwards them; counts them. */
function startProxy() {
  const seen: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    seen.push(`${req.method} ${req.url}`);
    const upstream = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.method === "GET" ? undefined : await req.arrayBuffer(),
    });
    return new Response(upstream.body, { status: upstream.status, headers: upstream.headers });
  });
  return { url: `http://127.0.0.1:${server.addr.port}`, seen, close: () => server.shutdown() };
}

Deno.test("exec through HTTP_PROXY: a history of several 100 KB tool calls arrives whole", async () => {
  const big = (i: number) => `: ${String(i).repeat(100_000)}`; // `:` ignores its arguments
  const server = startFakeServer([
    ...[1, 2, 3].map((i) =>
      functionCallResponse([{ name: "exec_command", arguments: { cmd: big(i) }, call_id: `call_${i}` }])
    ),
    textResponse("done"),
  ]);
  const proxy = startProxy();
  try {
    const ws = workspace(server.url);
    const r = await runCli(["exec", "-s", "danger-full-access", "go"], {
      cwd: ws.cwd,
      env: { ...ws.env, HTTP_PROXY: proxy.url },
    });
    assertEquals(r.code, 0, r.stderr);
    assertEquals(r.stdout, "done\n");
    assertEquals(proxy.seen.length, 4, "every model request went through the proxy");
    assertEquals(server.rejected, []);
    const last = server.requests[3].body as { input: { type: string; arguments?: string }[] };
    assert.ok(typeof last === "object", "the last body parsed as JSON");
    const calls = last.input.filter((i) => i.type === "function_call");
    assertEquals(calls.map((c) => JSON.parse(c.arguments!).cmd), [big(1), big(2), big(3)]);
    assert.ok(Number(server.requests[3].headers["content-length"]) > 300_000);
  } finally {
    await proxy.close();
    await server.close();
  }
});
