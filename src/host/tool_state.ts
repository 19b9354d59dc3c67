/**
 * Session-scoped tool state with cleanup.
 * @module
 */
import type { ToolSessionState } from "../plugin_api/tools.ts";

/** A `ToolSessionState` per plugin, disposed together when the thread ends. */
export class ToolStates {
  #values = new Map<string, Map<string, unknown>>();
  #disposers: (() => void | Promise<void>)[] = [];

  /** The state object of one plugin (`owner`). */
  for(owner: string): ToolSessionState {
    const values = this.#values.get(owner) ?? new Map<string, unknown>();
    this.#values.set(owner, values);
    return {
      get: <T>(key: string, init: () => T): T => {
        if (!values.has(key)) values.set(key, init());
        return values.get(key) as T;
      },
      onDispose: (fn) => {
        this.#disposers.push(fn);
      },
    };
  }

  /** Cleanups registered and not yet run. */
  get pendingDisposers(): number {
    return this.#disposers.length;
  }

  /** Runs every disposer once. Never throws (cleanup must not fail the exit); returns what they threw. */
  async dispose(): Promise<unknown[]> {
    const fns = this.#disposers.splice(0);
    const results = await Promise.allSettled(fns.map(async (fn) => await fn()));
    return results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
  }
}
