/**
 * `exec --json`: one JSON object per line on stdout, exactly the thread events.
 * @module
 */
import type { ThreadEvent } from "../../kernel/events.ts";

const encoder = new TextEncoder();

/** Writes each event as a JSON line to `out` (stdout by default). */
export function jsonlRenderer(
  out: { writeSync(p: Uint8Array): number } = Deno.stdout,
): (e: ThreadEvent) => void {
  return (event) => {
    const bytes = encoder.encode(JSON.stringify(event) + "\n");
    let written = 0;
    while (written < bytes.length) written += out.writeSync(bytes.subarray(written));
  };
}
