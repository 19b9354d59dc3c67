/**
 * A `fetch` that also reaches the ports browsers (and Deno's fetch) refuse as "bad ports" (6000, 6665,
 * 5060, …): requests to those go through node:http(s), everything else through the global `fetch`.
 * Local model servers and MCP servers do listen on such ports. node:http(s) load only when such a port is
 * used (the Node compatibility layer costs tens of milliseconds at startup).
 * @module
 */

/** The WHATWG fetch "bad ports" that Deno's fetch refuses. */
export const BAD_PORTS: ReadonlySet<number> = new Set([
  1,
  7,
  9,
  11,
  13,
  15,
  17,
  19,
  20,
  21,
  22,
  23,
  25,
  37,
  42,
  43,
  53,
  69,
  77,
  79,
  87,
  95,
  101,
  102,
  103,
  104,
  109,
  110,
  111,
  113,
  115,
  117,
  119,
  123,
  135,
  137,
  139,
  143,
  161,
  179,
  389,
  427,
  465,
  512,
  513,
  514,
  515,
  526,
  530,
  531,
  532,
  540,
  548,
  554,
  556,
  563,
  587,
  601,
  636,
  989,
  990,
  993,
  995,
  1719,
  1720,
  1723,
  2049,
  3659,
  4045,
  4190,
  5060,
  5061,
  6000,
  6566,
  6665,
  6666,
  6667,
  6668,
  6669,
  6679,
  6697,
  10080,
]);

function portOf(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === "https:" ? 443 : 80;
}

/** Whether Deno's fetch would refuse `url` for its port. */
export function isBadPort(url: URL): boolean {
  return (url.protocol === "http:" || url.protocol === "https:") && BAD_PORTS.has(portOf(url));
}

/** `fetch`, except that bad ports go through node:http(s). */
export async function portSafeFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!isBadPort(url)) return await fetch(input, init);
  const req = input instanceof Request ? new Request(input, init) : new Request(url, init);
  return await nodeFetch(req);
}

async function nodeFetch(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const body = req.body ? new Uint8Array(await req.arrayBuffer()) : undefined;
  const headers: Record<string, string> = {};
  req.headers.forEach((v, k) => (headers[k] = v));
  if (body && !headers["content-length"]) headers["content-length"] = String(body.length);
  // Not literals: Deno would load a literally named module at startup.
  const [http, https] = ["node:http", "node:https"];
  const send: typeof import("node:http").request = url.protocol === "https:"
    ? (await import(https)).request
    : (await import(http)).request;
  return await new Promise<Response>((resolve, reject) => {
    const signal = req.signal;
    if (signal?.aborted) return reject(signal.reason);
    const r = send(url, { method: req.method, headers }, (res) => {
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          res.on("data", (chunk: Uint8Array) => controller.enqueue(new Uint8Array(chunk)));
          res.on("end", () => controller.close());
          res.on("error", (err: Error) => controller.error(err));
        },
        cancel() {
          res.destroy();
        },
      });
      const out = new Headers();
      for (const [k, v] of Object.entries(res.headers)) {
        if (Array.isArray(v)) v.forEach((x) => out.append(k, x));
        else if (v !== undefined) out.set(k, String(v));
      }
      const status = res.statusCode ?? 502;
      const nullBody = status === 204 || status === 304;
      resolve(
        new Response(nullBody ? null : stream, { status, statusText: res.statusMessage ?? "", headers: out }),
      );
    });
    r.on("error", reject);
    signal?.addEventListener("abort", () => {
      r.destroy(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
      reject(signal.reason);
    }, { once: true });
    if (body) r.write(body);
    r.end();
  });
}
