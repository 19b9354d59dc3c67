/**
 * The configuration and sandbox policy `codex sandbox` and `codex doctor` work with: config layers with
 * `-c`/`-p`/`-s`/`--full-auto`, the resolved policy, and a registry holding only sandbox backends.
 * @module
 */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { SANDBOX_PLUGINS } from "../../sandbox/mod.ts";
import { defaultCodexHome, loadConfig, type LoadedConfig, resolveSandboxPolicy } from "../config/mod.ts";
import { ConfigError } from "../kernel/errors.ts";
import type { Plugin } from "../kernel/plugin.ts";
import { Registry } from "../kernel/registry.ts";
import type { SandboxPolicy } from "../kernel/sandbox.ts";
import { CommonOptionsSchema, flagValues } from "../cli/options.ts";

/** What `sandbox`/`doctor` resolved. */
export interface PolicySetup {
  codexHome: string;
  cwd: string;
  loaded: LoadedConfig;
  policy: SandboxPolicy;
  registry: Registry;
}

/** Loads config and the sandbox backends from parsed `sandbox`/`doctor` options. */
export async function loadPolicySetup(
  opts: Record<string, unknown>,
  plugins: Plugin[],
): Promise<PolicySetup> {
  const common = CommonOptionsSchema.parse({
    config: opts.config ?? [],
    profile: opts.profile,
    sandbox: opts.fullAuto ? "workspace-write" : opts.sandbox,
    cd: opts.cd,
    addDir: opts.addDir ?? [],
  });
  const cwd = resolve(common.cd ?? Deno.cwd());
  let isDir = false;
  try {
    isDir = statSync(cwd).isDirectory();
  } catch { /* reported below */ }
  if (!isDir) throw new ConfigError(`--cd: expected an existing directory, found '${cwd}'`);
  const codexHome = defaultCodexHome();
  const loaded = loadConfig({
    codexHome,
    cwd,
    profile: common.profile,
    overrides: common.config,
    flagValues: flagValues(common),
  });
  const policy = resolveSandboxPolicy(loaded.config, { cwd, addDirs: common.addDir });
  const registry = new Registry();
  await registry.load([...SANDBOX_PLUGINS, ...plugins], loaded.config);
  return { codexHome, cwd, loaded, policy, registry };
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
