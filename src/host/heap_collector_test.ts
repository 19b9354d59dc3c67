import assert from "node:assert/strict";
import { collectGarbageIfGrown, GROWTH_BYTES, growthThreshold } from "./heap_collector.ts";

Deno.test("collectGarbageIfGrown does nothing without --expose-gc", () => {
  assert.equal(typeof (globalThis as { gc?: unknown }).gc, "undefined");
  assert.equal(collectGarbageIfGrown(), false);
});

Deno.test("collectGarbageIfGrown collects once the heap grew GROWTH_BYTES, and frees the garbage", async () => {
  const script = `
    import { collectGarbageIfGrown } from ${
    JSON.stringify(new URL("./heap_collector.ts", import.meta.url).href)
  };
    const out = [collectGarbageIfGrown()]; // sets the floor
    let keep = [];
    for (let i = 0; i < 10; i++) keep.push(new Array(1000).fill(i)); // ~40 KB: below the threshold
    out.push(collectGarbageIfGrown());
    keep = [];
    const start = Deno.memoryUsage().heapUsed;
    while (Deno.memoryUsage().heapUsed - start < ${
    GROWTH_BYTES * 1.5
  }) keep.push(new Array(1000).fill(keep.length));
    keep = null; // garbage now
    const before = Deno.memoryUsage().heapUsed;
    out.push(collectGarbageIfGrown());
    out.push(before - Deno.memoryUsage().heapUsed > ${GROWTH_BYTES});
    out.push(collectGarbageIfGrown()); // nothing grew since
    console.log(JSON.stringify(out));
  `;
  const { stdout, success } = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--v8-flags=--expose-gc,--optimize-for-size", script],
    stdout: "piped",
  }).output();
  assert.ok(success);
  assert.deepEqual(JSON.parse(new TextDecoder().decode(stdout)), [false, false, true, true, false]);
});

Deno.test("growthThreshold: 2 MiB for a small heap, a tenth of a large one", () => {
  assert.equal(growthThreshold(15 * 2 ** 20), GROWTH_BYTES);
  assert.equal(growthThreshold(300 * 2 ** 20), 30 * 2 ** 20);
});
