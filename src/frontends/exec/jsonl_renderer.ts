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

/** Writes each event as a JSON line to `out` (stdout by default). */
export function jsonlRenderer(
  out: { writeSync(p: Uint8Array): number } = Deno.stdout,
): (e: ThreadEvent) => void {
  return (event) => {
    const bytes = encoder.encode(JSON.stringify(codexShape(event)) + "\n");
    let written = 0;
    while (written < bytes.length) written += out.writeSync(bytes.subarray(written));
  };
}
