/**
 * Choosing the sandbox backend of a session: every registered backend is probed in priority order and
 * the first available one wins, unless `sandbox_backend` names one. `danger-full-access` always runs
 * unwrapped through `none`.
 * @module
 */
import { PluginError } from "../src/kernel/errors.ts";
import type {
  SandboxAvailability,
  SandboxBackend,
  SandboxPolicy,
  SandboxRuntime,
} from "../src/plugin_api/sandbox.ts";
import { createSandboxRuntime } from "./runtime.ts";

/** One backend and what its probe said. */
export interface SandboxProbe {
  backend: SandboxBackend;
  availability: SandboxAvailability;
}

/** Backends sorted by priority (lower first; unset counts as 500), ties by id. */
export function byPriority(backends: Iterable<SandboxBackend>): SandboxBackend[] {
  return [...backends].sort((a, b) => (a.priority ?? 500) - (b.priority ?? 500) || a.id.localeCompare(b.id));
}

/** Probes every backend, in priority order. */
export async function probeSandboxes(backends: Iterable<SandboxBackend>): Promise<SandboxProbe[]> {
  const out: SandboxProbe[] = [];
  for (const backend of byPriority(backends)) {
    let availability: SandboxAvailability;
    try {
      availability = await backend.available();
    } catch (err) {
      availability = { ok: false, reason: `probe failed: ${(err as Error).message}` };
    }
    out.push({ backend, availability });
  }
  return out;
}

/** Options of `chooseSandbox`. */
export interface ChooseOptions {
  /** `sandbox_backend`: a backend id, or `auto` / undefined to probe. */
  forced?: string;
  /** Only consider these backend ids (e.g. `codex sandbox linux`); they are still probed by priority. */
  only?: string[];
}

/** Picks the backend for `policy`. Throws PluginError naming the backend and why it cannot be used. */
export async function chooseSandbox(
  backends: Iterable<SandboxBackend>,
  policy: SandboxPolicy,
  options: ChooseOptions = {},
): Promise<SandboxRuntime> {
  const all = byPriority(backends);
  const ids = all.map((b) => b.id);
  const none = all.find((b) => b.id === "none");
  if (policy.mode === "danger-full-access" && none) {
    return createSandboxRuntime(none, policy, "danger-full-access: no sandbox requested");
  }
  const forced = options.forced && options.forced !== "auto" ? options.forced : undefined;
  if (forced) {
    const backend = all.find((b) => b.id === forced);
    if (!backend) {
      throw new PluginError(
        `sandbox_backend: expected "auto" or one of ${
          ids.map((i) => `"${i}"`).join(", ")
        }, found "${forced}"`,
      );
    }
    const a = await backend.available();
    if (!a.ok) throw new PluginError(`sandbox_backend = "${forced}" is not available here: ${a.reason}`);
    return createSandboxRuntime(backend, policy, `${a.reason}; forced by sandbox_backend`);
  }
  const candidates = options.only
    ? options.only.map((id) => all.find((b) => b.id === id)).filter((b): b is SandboxBackend => !!b)
    : all;
  const skipped: string[] = [];
  for (const { backend, availability: a } of await probeSandboxes(candidates)) {
    if (a.ok) {
      const why = skipped.length ? `${a.reason} (skipped: ${skipped.join("; ")})` : a.reason;
      return createSandboxRuntime(backend, policy, why);
    }
    skipped.push(`${backend.id}: ${a.reason}`);
  }
  const wanted = options.only ? options.only.join(" or ") : "any";
  throw new PluginError(
    `no sandbox backend is available (${wanted}): ${skipped.join("; ") || "none registered"}`,
  );
}
