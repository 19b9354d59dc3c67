/**
 * Startup trace for measuring where time goes before the first request: with `CODEX_STARTUP_TRACE=1`,
 * `mark(label)` writes `[startup] <epoch ms> <label>` to stderr; otherwise it does nothing.
 * @module
 */
let on: boolean | undefined;

/** Writes a timestamped mark to stderr when `CODEX_STARTUP_TRACE` is set. */
export function mark(label: string): void {
  if (on === undefined) {
    try {
      on = Deno.env.get("CODEX_STARTUP_TRACE") !== undefined;
    } catch {
      on = false;
    }
  }
  if (on) Deno.stderr.writeSync(new TextEncoder().encode(`[startup] ${Date.now()} ${label}\n`));
}
