import { assertEquals } from "../../tests/helpers/assert.ts";
import { readSse, SseParser } from "./sse.ts";

const frames = (n: number) =>
  Array.from({ length: n }, (_, i) => `data: {"type":"response.output_text.delta","delta":"${i}"}\n\n`);

Deno.test("SSE reader reads byte streams (fetch bodies) into one reused buffer through a BYOB reader", async () => {
  const enc = new TextEncoder();
  const pending = frames(200).map((f) => enc.encode(f));
  let byobReads = 0;
  let plainReads = 0;
  const body = new ReadableStream({
    type: "bytes",
    pull(controller) {
      const next = pending.shift();
      if (!next) {
        controller.close();
        controller.byobRequest?.respond(0);
        return;
      }
      const request = controller.byobRequest;
      if (request?.view) {
        byobReads++;
        new Uint8Array(request.view.buffer, request.view.byteOffset, next.length).set(next);
        request.respond(next.length);
      } else {
        plainReads++;
        controller.enqueue(next);
      }
    },
  });
  const deltas: string[] = [];
  for await (const event of readSse(body, { idleTimeoutMs: 5_000 })) deltas.push(String(event.delta));
  assertEquals(deltas.length, 200);
  assertEquals(deltas.at(-1), "199");
  assertEquals(plainReads, 0);
  assertEquals(byobReads, 200);
});

Deno.test("SSE reader still reads plain (non-byte) streams", async () => {
  const body = ReadableStream.from(frames(3).map((f) => new TextEncoder().encode(f)));
  const deltas: string[] = [];
  for await (const event of readSse(body, { idleTimeoutMs: 5_000 })) deltas.push(String(event.delta));
  assertEquals(deltas, ["0", "1", "2"]);
});

Deno.test("SSE parser joins a large event split over many chunks, with CR, LF and CRLF line ends", () => {
  const big = JSON.stringify({ type: "response.output_item.done", input: "x\\n".repeat(300_000) });
  const text = `event: a\r\ndata: ${big}\r\n\r\ndata: one\rdata:two\r\rdata\n\n: comment\ndata: tail`;
  for (const size of [3, 4096, 65_536, text.length]) {
    const parser = new SseParser();
    const out: string[] = [];
    for (let at = 0; at < text.length; at += size) out.push(...parser.push(text.slice(at, at + size)));
    out.push(...parser.finish());
    assertEquals(out.length, 4, `chunks of ${size}`);
    assertEquals(out[0] === big, true, `chunks of ${size}`);
    assertEquals(out.slice(1), ["one\ntwo", "", "tail"], `chunks of ${size}`);
  }
});
