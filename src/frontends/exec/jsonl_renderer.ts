/**
 * `exec --json`: one JSON object per line on stdout, exactly the thread events.
 * @module
 */
import type { ThreadEvent } from "../../kernel/events.ts";

const encoder = new TextEncoder();

/**
 * One event as Codex writes it. A web search item carries the provider's id as a second `id` key right
 * after `type` (`{"id":"item_1","type":"web_search","id":"ws_1",…}`), which a plain object cannot hold.
 */
export function serializeEvent(event: ThreadEvent): string {
  if (!("item" in event) || event.item.type !== "web_search" || event.item.provider_id === undefined) {
    return JSON.stringify(event);
  }
  const { id, type, provider_id, ...rest } = event.item;
  const head = `{"id":${JSON.stringify(id)},"type":${JSON.stringify(type)},"id":${
    JSON.stringify(provider_id)
  }`;
  const tail = JSON.stringify(rest).slice(1);
  const item = tail === "}" ? `${head}}` : `${head},${tail}`;
  return `{"type":${JSON.stringify(event.type)},"item":${item}}`;
}

/** Writes each event as a JSON line to `out` (stdout by default). */
export function jsonlRenderer(
  out: { writeSync(p: Uint8Array): number } = Deno.stdout,
): (e: ThreadEvent) => void {
  return (event) => {
    const bytes = encoder.encode(serializeEvent(event) + "\n");
    let written = 0;
    while (written < bytes.length) written += out.writeSync(bytes.subarray(written));
  };
}
