/**
 * The environment of spawned commands: the CLI's own environment filtered by `shell_environment_policy`
 * (spec §7.2), then the variables Codex forces (spec §4.2).
 * @module
 */
import type { HostConfig as Config, SandboxPolicy } from "../../mod.ts";

/** `[shell_environment_policy]` as configured (the zod schema in src/config/schema.ts is its source). */
export type ShellEnvironmentPolicy = NonNullable<Config["shell_environment_policy"]>;

/** Variables kept by `inherit = "core"` (`LC_*` is a pattern). */
export const CORE_ENV_PATTERNS: readonly string[] = [
  "HOME",
  "LOGNAME",
  "PATH",
  "SHELL",
  "USER",
  "USERNAME",
  "TMPDIR",
  "TEMP",
  "TMP",
  "LANG",
  "LC_*",
  "TERM",
];

/**
 * Removed unless `ignore_default_excludes = true` (case-insensitive): credentials, and `SSH_AUTH_SOCK`
 * (through `*AUTH*`), which would hand the user's ssh agent to the sandbox.
 */
export const DEFAULT_EXCLUDES: readonly string[] = [
  "*KEY*",
  "*SECRET*",
  "*TOKEN*",
  "*PASSWORD*",
  "*PASSWD*",
  "*AUTH*",
  "*CRED*",
  "*COOKIE*",
  "*SESSION*",
  "DATABASE_URL",
  "*_DSN",
];

/** Kept despite `DEFAULT_EXCLUDES` (`*AUTH*` would otherwise drop git's author identity). */
export const DEFAULT_EXCLUDE_EXCEPTIONS: readonly string[] = [
  "GIT_AUTHOR_NAME",
  "GIT_AUTHOR_EMAIL",
  "GIT_AUTHOR_DATE",
];

/** Compiles a `*`/`?` glob into a case-insensitive, whole-name matcher. */
export function envPattern(glob: string): (name: string) => boolean {
  const source = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  const re = new RegExp(`^${source}$`, "i");
  return (name) => re.test(name);
}

function matchesAny(patterns: readonly string[]): (name: string) => boolean {
  const matchers = patterns.map(envPattern);
  return (name) => matchers.some((m) => m(name));
}

/**
 * Applies `shell_environment_policy` to `base`, in Codex's order: inherit (all / core / none) → default
 * excludes (`DEFAULT_EXCLUDES`: `*KEY*`, `*SECRET*`, `*TOKEN*`, passwords, credentials, `SSH_AUTH_SOCK`…; unless `ignore_default_excludes`) → `exclude` → `set` →
 * `include_only`. Unlike Codex (where `ignore_default_excludes` defaults to true), the default excludes
 * apply unless `ignore_default_excludes = true` is configured.
 */
export function applyShellEnvironmentPolicy(
  base: Record<string, string>,
  policy: ShellEnvironmentPolicy = {},
): Record<string, string> {
  const inherit = policy.inherit ?? "all";
  const core = matchesAny(CORE_ENV_PATTERNS);
  let entries = Object.entries(base).filter(([k]) => inherit === "all" || (inherit === "core" && core(k)));
  if (!(policy.ignore_default_excludes ?? false)) {
    const excluded = matchesAny(DEFAULT_EXCLUDES);
    const kept = matchesAny(DEFAULT_EXCLUDE_EXCEPTIONS);
    entries = entries.filter(([k]) => kept(k) || !excluded(k));
  }
  if (policy.exclude?.length) {
    const excluded = matchesAny(policy.exclude);
    entries = entries.filter(([k]) => !excluded(k));
  }
  const env: Record<string, string> = Object.fromEntries(entries);
  Object.assign(env, policy.set ?? {});
  if (policy.include_only?.length) {
    const included = matchesAny(policy.include_only);
    for (const k of Object.keys(env)) if (!included(k)) delete env[k];
  }
  return env;
}

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
  /** `shell_environment_policy` (default: inherit all, default excludes applied). */
  shellPolicy?: ShellEnvironmentPolicy;
  /** Directories put first on PATH (e.g. the `apply_patch` helper's). */
  extraPath?: string[];
  /**
   * A script for BASH_ENV: non-interactive bash sources it after its login profile, so it can put
   * `extraPath` back when a profile (Debian's /etc/profile) resets PATH. An inherited BASH_ENV moves to
   * CODEX_INHERITED_BASH_ENV for the script to source first.
   */
  bashEnv?: string;
}

/** Whether commands run with outbound network blocked. */
export function networkDisabled(policy: SandboxPolicy): boolean {
  return !policy.networkAccess && policy.mode !== "danger-full-access";
}

/** The full environment map of a command. */
export function buildCommandEnv(options: CommandEnvOptions): Record<string, string> {
  const inherited = applyShellEnvironmentPolicy(options.base ?? Deno.env.toObject(), options.shellPolicy);
  const env: Record<string, string> = { ...inherited, ...FORCED_ENV };
  if (networkDisabled(options.policy)) env.CODEX_SANDBOX_NETWORK_DISABLED = "1";
  if (options.extraPath?.length) {
    env.PATH = [...options.extraPath, ...(env.PATH ? [env.PATH] : [])].join(":");
  }
  if (options.bashEnv) {
    if (env.BASH_ENV) env.CODEX_INHERITED_BASH_ENV = env.BASH_ENV;
    env.BASH_ENV = options.bashEnv;
  }
  return env;
}
