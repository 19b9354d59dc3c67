/**
 * `/diff`: the working tree's changes (`git diff` for tracked files, staged and unstaged, plus untracked
 * files as new-file diffs), run through the session's shell in cwd.
 * @module
 */
import type { CommandContext, SlashCommand } from "../../mod.ts";
import { shellQuote } from "./format.ts";

/** Untracked paths from `git status --porcelain -z` output. */
export function untrackedFiles(porcelainZ: string): string[] {
  return porcelainZ.split("\0").filter((e) => e.startsWith("?? ")).map((e) => e.slice(3));
}

async function git(c: CommandContext, args: string): Promise<{ code: number; output: string }> {
  return await c.session.shell(`git -c core.quotepath=off ${args}`);
}

/** `/diff`. */
export const diffCommand: SlashCommand = {
  name: "diff",
  description: "show git diff, including untracked files",
  async run(_args, c) {
    const inside = await git(c, "rev-parse --is-inside-work-tree");
    if (inside.code !== 0 || inside.output.trim() !== "true") {
      c.print(
        `not a git repository: ${c.session.cwd} is not inside a git working tree, so there is no diff.`,
      );
      return;
    }
    const parts: string[] = [];
    const staged = await git(c, "diff --no-color --no-ext-diff --cached");
    if (staged.code === 0 && staged.output.trim()) parts.push(staged.output);
    const unstaged = await git(c, "diff --no-color --no-ext-diff");
    if (unstaged.code !== 0) {
      c.print(`git diff failed (exit ${unstaged.code}): ${unstaged.output.trim()}`);
      return;
    }
    if (unstaged.output.trim()) parts.push(unstaged.output);
    const status = await git(c, "status --porcelain=v1 -z --untracked-files=all");
    for (const file of status.code === 0 ? untrackedFiles(status.output) : []) {
      // Exit code 1 means "there are differences", which is always the case for a new file.
      const diff = await git(c, `diff --no-color --no-ext-diff --no-index -- /dev/null ${shellQuote(file)}`);
      if (diff.output.trim()) parts.push(diff.output);
    }
    if (parts.length === 0) {
      c.print("No changes.");
      return;
    }
    c.print(parts.map((p) => p.replace(/\n$/, "")).join("\n"));
  },
};
