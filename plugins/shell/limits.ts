/**
 * Numeric limits of unified exec (values from shared/spec/codex-formats.md §4.2) and the clamps that
 * apply them to the model's arguments.
 * @module
 */

/** Shortest wait before a call returns while the process keeps running. */
export const MIN_YIELD_MS = 250;
/** Longest wait of `exec_command` and of a non-empty `write_stdin`. */
export const MAX_YIELD_MS = 30_000;
/** Default wait of `exec_command`. */
export const DEFAULT_EXEC_YIELD_MS = 10_000;
/** Default wait of a `write_stdin` that sends characters. */
export const DEFAULT_WRITE_YIELD_MS = 250;
/** Shortest (and default) wait of an empty `write_stdin` poll. */
export const MIN_EMPTY_YIELD_MS = 5_000;
/** Longest wait of an empty poll unless `background_terminal_max_timeout` says otherwise. */
export const DEFAULT_MAX_BACKGROUND_WAIT_MS = 300_000;
/** Default `max_output_tokens`. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 10_000;
/** Bytes of output kept in memory per buffer. */
export const OUTPUT_BUFFER_BYTES = 1024 * 1024;
/** Live processes kept per thread; the least recently used one is killed beyond this. */
export const MAX_LIVE_PROCESSES = 64;
/** How long to keep reading pipes after the shell exited (a background child may hold them open). */
export const EXIT_DRAIN_GRACE_MS = 200;
/** Exit code reported for a process killed by `timeout_ms` (the `timeout(1)` convention). */
export const TIMEOUT_EXIT_CODE = 124;
/** Exit code reported for a command that could not be started. */
export const SPAWN_FAILURE_EXIT_CODE = -1;

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** The wait of `exec_command`. */
export function execYieldMs(requested: number | undefined): number {
  return clamp(requested ?? DEFAULT_EXEC_YIELD_MS, MIN_YIELD_MS, MAX_YIELD_MS);
}

/** The wait of `write_stdin`: short after a write, long for an empty poll (which still ends at exit). */
export function writeYieldMs(
  requested: number | undefined,
  empty: boolean,
  maxBackgroundMs?: number,
): number {
  if (!empty) return clamp(requested ?? DEFAULT_WRITE_YIELD_MS, MIN_YIELD_MS, MAX_YIELD_MS);
  const max = Math.max(MIN_EMPTY_YIELD_MS, maxBackgroundMs ?? DEFAULT_MAX_BACKGROUND_WAIT_MS);
  return clamp(requested ?? MIN_EMPTY_YIELD_MS, MIN_EMPTY_YIELD_MS, max);
}

/** A usable `max_output_tokens` (non-negative integer), capped by config `tool_output_token_limit`. */
export function maxOutputTokens(requested: number | undefined, configLimit?: number): number {
  const wanted = Math.max(0, Math.floor(requested ?? DEFAULT_MAX_OUTPUT_TOKENS));
  return configLimit === undefined ? wanted : Math.min(wanted, configLimit);
}
