/**
 * The open `todo_list` item of each turn, keyed by thread and turn id.
 * @module
 */
import type { ItemHandle, TodoEntry, TodoListItem, ToolContext } from "../../mod.ts";

type TodoPayload = Omit<TodoListItem, "id">;

function key(threadId: string, turnId: string): string {
  return `${threadId}\u0000${turnId}`;
}

/** Open plan items. */
export class TurnPlans {
  readonly #open = new Map<string, ItemHandle<TodoPayload>>();

  /** Starts the turn's item, or updates it when the turn already has one. */
  show(ctx: ToolContext, items: TodoEntry[], explanation?: string): void {
    const k = key(ctx.threadId, ctx.turnId);
    const handle = this.#open.get(k);
    const extra = explanation?.trim() ? { explanation: explanation.trim() } : {};
    if (handle) {
      // Each update says why it changed the plan, or nothing: an older explanation is not carried on.
      handle.update({ items, explanation: extra.explanation });
      return;
    }
    // A turn that ends without Stop (it failed) still gets its item completed when the thread ends.
    ctx.session.get(`dispose:${ctx.threadId}`, () => {
      ctx.session.onDispose(() => this.finish(ctx.threadId));
      return true;
    });
    this.#open.set(k, ctx.items.start<TodoPayload>({ type: "todo_list", items, ...extra }));
  }

  /** Completes the open item of `turnId` (every open item of the thread when `turnId` is undefined). */
  finish(threadId: string, turnId?: string): void {
    for (const [k, handle] of this.#open) {
      const [t, u] = k.split("\u0000");
      if (t !== threadId || (turnId !== undefined && u !== turnId)) continue;
      handle.complete();
      this.#open.delete(k);
    }
  }

  /** Number of open items (for tests and diagnostics). */
  get size(): number {
    return this.#open.size;
  }
}
