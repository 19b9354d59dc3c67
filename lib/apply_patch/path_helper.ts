/**
 * Makes `apply_patch` (and `applypatch`) runnable from the shell tool: once per process, a temporary
 * directory gets small executable scripts that re-invoke this CLI in standalone mode. The shell
 * plugin puts the directory first on its commands' PATH. The directory is removed when the process
 * exits.
 * @module
 */
import { existsSync } from "../fs.ts";
import { basename, dirname, fileURLToPath, join } from "../path.ts";
import { privateDir } from "../private_dir.ts";

/** Names the helper answers to, as Codex's arg0 dispatch does. */
export const HELPER_NAMES: readonly string[] = ["apply_patch", "applypatch"];

let helperDir: string | null | undefined;

/** File name of the BASH_ENV script inside the helper directory. */
const BASH_ENV_SCRIPT = "bash_env.sh";

/**
 * The BASH_ENV script: non-interactive bash sources it after its login profile, which may have reset
 * PATH (Debian's /etc/profile does), so the helper directory goes back in front. An inherited BASH_ENV
 * (moved to CODEX_INHERITED_BASH_ENV by the shell plugin) is sourced first.
 */
export function bashEnvScript(dir: string): string {
  const q = shellQuote(dir);
  return `# Keeps codex's apply_patch helper on PATH in bash started by the shell tool.
if [ -n "\${CODEX_INHERITED_BASH_ENV:-}" ] && [ -r "\$CODEX_INHERITED_BASH_ENV" ]; then . "\$CODEX_INHERITED_BASH_ENV"; fi
case ":\${PATH:-}:" in *:${q}:*) ;; *) PATH=${q}"\${PATH:+:\$PATH}"; export PATH ;; esac
`;
}

function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** Whether this process is a `deno compile` binary rather than `deno run`. */
export function isCompiledBinary(execPath: string = Deno.execPath()): boolean {
  const name = basename(execPath).replace(/\.exe$/i, "");
  return name !== "deno";
}

/** The module `deno run` should execute to reach this CLI's command tree (mod.ts or a bundle). */
export function cliEntryModule(): string | undefined {
  const own = new URL("../../mod.ts", import.meta.url);
  if (own.protocol === "file:" && existsSync(fileURLToPath(own))) return fileURLToPath(own);
  const main = new URL(Deno.mainModule);
  return main.protocol === "file:" ? fileURLToPath(main) : undefined;
}

/** The shell command line a helper script runs (before `"$@"`). */
export function helperCommand(): string | undefined {
  const exe = Deno.execPath();
  if (isCompiledBinary(exe)) return `exec ${shellQuote(exe)} apply_patch`;
  const entry = cliEntryModule();
  if (entry === undefined) return undefined;
  const config = join(dirname(entry), "deno.json");
  const configFlag = existsSync(config) ? ` --config ${shellQuote(config)}` : "";
  return `exec ${shellQuote(exe)} run -A --quiet${configFlag} ${shellQuote(entry)} apply_patch`;
}

/** The helper's BASH_ENV script (see `bashEnvScript`), or undefined without a helper directory. */
export function applyPatchBashEnv(): string | undefined {
  const dir = applyPatchHelperDir();
  return dir === undefined ? undefined : join(dir, BASH_ENV_SCRIPT);
}

/**
 * The directory holding the `apply_patch` helper scripts, created on first call; undefined when it
 * cannot be made (no writable temp dir, or no entry module to re-invoke).
 */
export function applyPatchHelperDir(): string | undefined {
  if (helperDir !== undefined) return helperDir ?? undefined;
  helperDir = null;
  const command = helperCommand();
  if (command === undefined || Deno.build.os === "windows") return undefined;
  try {
    // Outside every writable root: unsandboxed commands run these scripts and source BASH_ENV.
    const dir = privateDir("apply-patch");
    for (const name of HELPER_NAMES) {
      const path = join(dir, name);
      Deno.writeTextFileSync(path, `#!/bin/sh\n${command} "$@"\n`, { mode: 0o755 });
      Deno.chmodSync(path, 0o755);
    }
    Deno.writeTextFileSync(join(dir, BASH_ENV_SCRIPT), bashEnvScript(dir));
    helperDir = dir;
    return dir;
  } catch {
    return undefined;
  }
}
