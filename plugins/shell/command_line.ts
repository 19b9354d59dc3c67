/**
 * Turning the model's `cmd` into an argv (`[shell, "-lc" | "-c", cmd]`) and into the display string of
 * the `command_execution` item (POSIX shell quoting, e.g. `/bin/bash -lc 'echo hi'`).
 * @module
 */
import { isAbsolute, resolve } from "../../lib/path.ts";

export { isKnownShell } from "../../lib/approval_policy/mod.ts";

/** The shell used when the model names none: `$SHELL` when it exists, else `/bin/bash`. */
export function resolveShell(
  requested: string | undefined,
  getEnv: (key: string) => string | undefined = (k) => Deno.env.get(k),
  exists: (path: string) => boolean = fileExists,
): string {
  if (requested && requested.trim() !== "") return requested;
  const user = getEnv("SHELL");
  if (user && exists(user)) return user;
  return "/bin/bash";
}

function fileExists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** The argv that runs `cmd` through `shell`. */
export function shellArgv(shell: string, login: boolean, cmd: string): string[] {
  return [shell, login ? "-lc" : "-c", cmd];
}

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes one word for a POSIX shell (single quotes; a `'` becomes `'\''`). */
export function shellQuote(word: string): string {
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The display form of an argv. */
export function displayCommand(argv: string[]): string {
  return argv.map(shellQuote).join(" ");
}

/** Resolves `workdir` against the turn's cwd (absolute paths are kept). */
export function resolveWorkdir(cwd: string, workdir: string | undefined): string {
  if (!workdir) return cwd;
  return isAbsolute(workdir) ? resolve(workdir) : resolve(cwd, workdir);
}
