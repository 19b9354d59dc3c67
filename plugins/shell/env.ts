/**
 * The environment of spawned commands: the CLI's own environment plus the variables Codex forces
 * (spec §4.2). Filtering by `shell_environment_policy` will extend `buildCommandEnv`.
 * @module
 */
import type { SandboxPolicy } from "../../src/kernel/sandbox.ts";

/** Variables set on every command so tools print plain, non-interactive output. */
export const FORCED_ENV: Readonly<Record<string, string>> = {
  NO_COLOR: "1",
  TERM: "dumb",
  LANG: "C.UTF-8",
  LC_CTYPE: "C.UTF-8",
  LC_ALL: "C.UTF-8",
  COLORTERM: "",
  PAGER: "cat",
  GIT_PAGER: "cat",
  GH_PAGER: "cat",
  CODEX_CI: "1",
};

/** Inputs of `buildCommandEnv`. */
export interface CommandEnvOptions {
  /** The sandbox policy the command runs under. */
  policy: SandboxPolicy;
  /** The inherited environment (default: this process's). */
  base?: Record<string, string>;
}

/** Whether commands run with outbound network blocked. */
export function networkDisabled(policy: SandboxPolicy): boolean {
  return !policy.networkAccess && policy.mode !== "danger-full-access";
}

/** The full environment map of a command. */
export function buildCommandEnv(options: CommandEnvOptions): Record<string, string> {
  const env: Record<string, string> = { ...(options.base ?? Deno.env.toObject()), ...FORCED_ENV };
  if (networkDisabled(options.policy)) env.CODEX_SANDBOX_NETWORK_DISABLED = "1";
  return env;
}
