/**
 * Pieces the in-process thread tests share: a model that answers each request with the next scripted
 * list of events, an assistant message, and a sandbox runtime that runs commands as they are.
 * @module
 */
import type { ModelClient, ModelEvent, ModelRequest, ResponseItem } from "../../src/kernel/model.ts";
import type { SandboxRuntime } from "../../src/plugin_api/sandbox.ts";

/**
 * A model answering each request with the next step (a step that is an Error is thrown). `check` may
 * reject a request the way the real API would (its message becomes an `HTTP 400: ...` error).
 * Every request is kept, cloned, in `requests`.
 */
export function scriptedModel(
  steps: (ModelEvent[] | Error)[],
  check?: (request: ModelRequest) => string | undefined,
): ModelClient & { requests: ModelRequest[] } {
  const requests: ModelRequest[] = [];
  return {
    requests,
    async *stream(req) {
      requests.push(structuredClone(req));
      const invalid = check?.(req);
      if (invalid) throw new Error(`HTTP 400: ${invalid}`);
      const step = steps.shift();
      if (!step) throw new Error("script exhausted");
      if (step instanceof Error) throw step;
      for (const ev of step) {
        await Promise.resolve();
        yield ev;
      }
    },
  };
}

/** An assistant message saying `text`. */
export const say = (text: string): ResponseItem => ({
  type: "message",
  role: "assistant",
  content: [{ type: "output_text", text }],
});

/** A sandbox runtime (read-only policy, backend "none") that leaves every command as it is. */
export const passThroughSandbox: SandboxRuntime = {
  backend: {
    id: "none",
    available: () => Promise.resolve({ ok: true, reason: "" }),
    wrap: (s) => Promise.resolve(s),
  },
  policy: { mode: "read-only", writableRoots: [], readOnlyPaths: [], networkAccess: false },
  reason: "test",
  wrap: (s) => Promise.resolve(s),
};
