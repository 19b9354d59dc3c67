/**
 * `exec --json`: one JSON object per line on stdout, exactly the thread events (as Codex prints them:
 * plan items without the step status and explanation, file changes without the patch text the
 * interactive view shows).
 * @module
 */
import type { ThreadEvent } from "../../kernel/events.ts";

/** The event as Codex's schema has it. */
function codexShape(event: ThreadEvent): ThreadEvent {
  if (!("item" in event)) return event;
  if (event.item.type === "file_change") {
    const { patch: _, ...item } = event.item;
    return { ...event, item };
  }
  if (event.item.type !== "todo_list") return event;
  const { explanation: _, ...item } = event.item;
  return {
    ...event,
    item: { ...item, items: item.items.map((t) => ({ text: t.text, completed: t.completed })) },
  };
}

const encoder = new TextEncoder();

/**
 * One event as Codex writes it (in Codex's shape, see {@link codexShape}). A web search item carries the provider's id as a second `id` key right
 * after `type` (`{"id":"item_1","type":"web_search","id":"ws_1",…}`), which a plain object cannot hold.
 */
export function serializeEvent(thread_event: ThreadEvent): string {
  const event = codexShape(thread_event);
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
