/**
 * Whether the `shell` argument of a shell tool call names a real shell: rules and approvals judge `cmd`
 * only when it does (otherwise they must judge the whole argv, `./evil.sh -lc 'git status'`).
 * @module
 */

const SHELL_NAMES = new Set(["sh", "bash", "dash", "zsh", "ksh", "mksh", "fish", "ash"]);
const SHELL_DIRS = new Set(["/bin", "/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"]);

/**
 * Whether the model's `shell` argument is absent or a well-known shell (a bare name such as `bash`, or
 * one in a system bin directory). Anything else (`./evil.sh`) is an arbitrary program, and approvals
 * must judge it, not just `cmd`.
 */
export function isKnownShell(shell: string | undefined): boolean {
  if (shell === undefined || shell.trim() === "") return true;
  const slash = shell.lastIndexOf("/");
  const name = shell.slice(slash + 1);
  if (!SHELL_NAMES.has(name)) return false;
  return slash === -1 || SHELL_DIRS.has(shell.slice(0, slash));
}
