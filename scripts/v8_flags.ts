/**
 * The V8 flags the release binary is compiled with (`deno compile --v8-flags=...`) and `deno task codex`
 * runs with. `--optimize-for-size` keeps V8's young generation and heap growth small: a CLI's heap holds
 * little that lives long (the history), while every request re-serialises that history, and with
 * V8's defaults the heap grew with the number of tool calls (see `deno task bench:long`).
 * `--no-turbofan` leaves Maglev as the top tier: a CLI run is too short for Turbofan's code to pay back
 * its compile memory (about 4 MiB of peak RSS on `deno task bench:apply_patch`, where the hot loops are
 * as fast under Maglev), and the long-session and exec benches measured no CPU or RSS cost.
 * @module
 */

/** Flags for `--v8-flags=`. */
export const V8_FLAGS = "--optimize-for-size,--no-turbofan";

/** The Deno CLI argument carrying them. */
export const V8_FLAGS_ARG = `--v8-flags=${V8_FLAGS}`;
