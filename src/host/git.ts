/**
 * Git helpers used by `exec`'s repository check.
 * @module
 */

/** Whether `cwd` is inside a git work tree (false when git is missing). */
export async function isInsideGitRepo(cwd: string): Promise<boolean> {
  try {
    const out = await new Deno.Command("git", {
      args: ["rev-parse", "--is-inside-work-tree"],
      cwd,
      stdout: "piped",
      stderr: "null",
      stdin: "null",
    }).output();
    return out.success && new TextDecoder().decode(out.stdout).trim() === "true";
  } catch {
    return false;
  }
}
