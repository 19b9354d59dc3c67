import { assertEquals } from "../../tests/helpers/assert.ts";
import { readSse } from "./sse.ts";

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
