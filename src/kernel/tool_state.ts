/**
 * Session-scoped tool state with cleanup.
 * @module
 */
import type { ToolSessionState } from "./tool.ts";

/** A `ToolSessionState` per tool name, disposed together when the thread ends. */
export class ToolStates {
  #values = new Map<string, Map<string, unknown>>();
  #disposers: (() => void | Promise<void>)[] = [];

  /** The state object for one tool. */
  for(tool: string): ToolSessionState {
    const values = this.#values.get(tool) ?? new Map<string, unknown>();
    this.#values.set(tool, values);
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

  /** Runs every disposer once (errors are swallowed: cleanup must not fail the exit). */
  async dispose(): Promise<void> {
    const fns = this.#disposers.splice(0);
    await Promise.allSettled(fns.map(async (fn) => await fn()));
  }
}
