/**
 * The V8 flags the release binary is compiled with (`deno compile --v8-flags=...`) and `deno task codex`
 * runs with. `--optimize-for-size` keeps V8's young generation and heap growth small: a CLI's heap holds
 * little that lives long (the history), while every request re-serialises that history, and with
 * V8's defaults the heap grew with the number of tool calls (see `deno task bench:long`).
 * `--no-turbofan` leaves Maglev as the top tier: a CLI run is too short for Turbofan's code to pay back
 * its compile memory (about 4 MiB of peak RSS on `deno task bench:apply_patch`, where the hot loops are
 * as fast under Maglev), and the long-session and exec benches measured no CPU or RSS cost.
 * `--expose-gc` lets the host collect between tool batches once the heap has grown
 * (src/host/heap_collector.ts): the long-session bench's peak RSS at 2,000 calls went from 1.15x to
 * 1.08x of the 20-call figure, at no measured CPU cost (the incremental collections V8 would have run
 * are saved). It adds the global `gc` function, nothing else.
 * @module
 */

/** Flags for `--v8-flags=`. */
export const V8_FLAGS = "--optimize-for-size,--no-turbofan,--expose-gc";

/** The Deno CLI argument carrying them. */
export const V8_FLAGS_ARG = `--v8-flags=${V8_FLAGS}`;
