/**
 * Session setup stage 4: the sandbox policy of the settled config and the backend that enforces it.
 * @module
 */
import { applyShellEnvironmentPolicy } from "../../plugins/shell/env.ts";
import { chooseSandbox, probeSandboxes, type SandboxProbe } from "../../sandbox/mod.ts";
export { backendProtections, type Protection } from "../../sandbox/protections.ts";
export { killSession } from "../../plugins/shell/process.ts";
import { type Config, resolveSandboxPolicy } from "../config/mod.ts";
import type { HostRegistry } from "./registry.ts";
import type { SandboxPolicy, SandboxRuntime } from "../plugin_api/sandbox.ts";
import type { Env } from "./config_stage.ts";

/** The policy `config` asks for in `cwd` (plus `--add-dir` roots). */
export function sandboxPolicy(config: Config, cwd: string, addDirs: string[], env: Env): SandboxPolicy {
  return resolveSandboxPolicy(config, { cwd, addDirs, env });
}

/**
 * Picks the backend: `sandbox_backend` when set, else the first available by priority (see
 * sandbox/choose.ts); danger-full-access always runs unwrapped. `only` restricts the candidates.
 */
export function chooseBackend(
  registry: HostRegistry,
  policy: SandboxPolicy,
  forced: string | undefined,
  only?: string[],
): Promise<SandboxRuntime> {
  return chooseSandbox(registry.sandboxes.values(), policy, { forced, only });
}

/** Every registered backend in probe order, with whether it works here and why (for `codex doctor`). */
export function probeBackends(registry: HostRegistry): Promise<SandboxProbe[]> {
  return probeSandboxes(registry.sandboxes.values());
}

/** One line describing a policy, e.g. `workspace-write, network off, writable: /w, /tmp; read-only: /w/.git`. */
export function describePolicy(policy: SandboxPolicy): string {
  const parts: string[] = [policy.mode, `network ${policy.networkAccess ? "on" : "off"}`];
  if (policy.mode === "workspace-write") {
    parts.push(`writable: ${policy.writableRoots.join(", ") || "(none)"}`);
    if (policy.readOnlyPaths.length) parts.push(`read-only inside: ${policy.readOnlyPaths.join(", ")}`);
  }
  return parts.join("; ");
}

/**
 * The environment of a command the user runs in the sandbox (`codex sandbox`): this process's, filtered
 * by `shell_environment_policy`, with `CODEX_SANDBOX_NETWORK_DISABLED=1` when the policy has no network.
 */
export function commandEnv(config: Config, policy: SandboxPolicy): Record<string, string> {
  const env = applyShellEnvironmentPolicy(Deno.env.toObject(), config.shell_environment_policy);
  if (!policy.networkAccess && policy.mode !== "danger-full-access") env.CODEX_SANDBOX_NETWORK_DISABLED = "1";
  return env;
}
