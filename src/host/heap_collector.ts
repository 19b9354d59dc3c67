/**
 * A full garbage collection between tool batches, once the JS heap has grown `GROWTH_BYTES` past what
 * the last one left. V8 lets the old generation grow to about 1.5x its live size before it collects,
 * and a long session's live heap grows with its history, so its peak RSS grew by several MB more than
 * the history between 20 and 2,000 tool calls (`deno task bench:long`). Collecting here, while the
 * session waits on nothing, keeps the heap near its live size; each collection costs a few ms (a
 * ~15 MB heap), roughly every 30 tool calls of the bench, and the incremental collections V8 would
 * have run instead are saved. A large heap waits for a tenth of its size to be allocated, so the cost per
 * allocated byte stays flat however much history a session holds.
 *
 * It needs V8's `--expose-gc` (one of the release flags, scripts/v8_flags.ts); without it this does
 * nothing.
 * @module
 */

/** Heap growth (used bytes) since the last collection that triggers the next, at least. */
export const GROWTH_BYTES = 2 * 1024 * 1024;

/** The growth that triggers a collection after one that left `floor` bytes in use. */
export function growthThreshold(floor: number): number {
  return Math.max(GROWTH_BYTES, floor / 10);
}

let floor: number | undefined;

/**
 * Collects when the heap grew `growthThreshold` since the last collection here (the first call only
 * takes the measure). Returns whether it collected.
 */
export function collectGarbageIfGrown(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== "function") return false;
  const used = Deno.memoryUsage().heapUsed;
  if (floor === undefined) {
    floor = used;
    return false;
  }
  if (used - floor < growthThreshold(floor)) return false;
  gc();
  floor = Deno.memoryUsage().heapUsed;
  return true;
}
