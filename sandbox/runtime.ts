/**
 * Binding a backend to a policy: the `SandboxRuntime` tools receive as `ctx.sandbox`.
 * @module
 */
import type { SandboxBackend, SandboxPolicy, SandboxRuntime } from "../src/plugin_api/sandbox.ts";

/** Binds `backend` to `policy`: what tools receive as `ctx.sandbox`. */
export function createSandboxRuntime(
  backend: SandboxBackend,
  policy: SandboxPolicy,
  reason: string,
): SandboxRuntime {
  return {
    backend,
    policy,
    reason,
    wrap: (spec) => backend.wrap(spec, policy),
  };
}
