/**
 * Item ids and lifecycle. Ids are a per-process counter (`item_0`, `item_1`, …); started, updated and
 * completed events of one item share its id.
 * @module
 */
import type { EventSink, ItemPayload, ThreadItem } from "./events.ts";

/** A started item that can be updated and completed once. */
export interface ItemHandle<P extends ItemPayload> {
  /** The item id (`item_N`). */
  readonly id: string;
  /** The item as last emitted. */
  readonly current: P & { id: string };
  /** Emits `item.updated` with the patch applied. */
  update(patch: Partial<P>): void;
  /** Emits `item.completed` with the patch applied. Later calls are ignored. */
  complete(patch?: Partial<P>): void;
  /** Whether `complete` was called. */
  readonly done: boolean;
}

/** Hands out item ids and emits item events to a sink. */
export class ItemTracker {
  #next = 0;
  #emit: EventSink;

  /** Creates a tracker that emits to `emit`. */
  constructor(emit: EventSink) {
    this.#emit = emit;
  }

  #id(): string {
    return `item_${this.#next++}`;
  }

  /** Emits `item.started` and returns a handle for later updates. */
  start<P extends ItemPayload>(payload: P): ItemHandle<P> {
    const emit = this.#emit;
    let current = { id: this.#id(), ...payload } as P & { id: string };
    let done = false;
    emit({ type: "item.started", item: current as unknown as ThreadItem });
    return {
      id: current.id,
      get current() {
        return current;
      },
      get done() {
        return done;
      },
      update(patch) {
        if (done) return;
        current = { ...current, ...patch };
        emit({ type: "item.updated", item: current as unknown as ThreadItem });
      },
      complete(patch = {}) {
        if (done) return;
        done = true;
        current = { ...current, ...patch };
        emit({ type: "item.completed", item: current as unknown as ThreadItem });
      },
    };
  }

  /** Emits a single `item.completed` (agent_message, reasoning and error items are only ever completed). */
  completed<P extends ItemPayload>(payload: P): ThreadItem {
    const item = { id: this.#id(), ...payload } as unknown as ThreadItem;
    this.#emit({ type: "item.completed", item });
    return item;
  }
}
