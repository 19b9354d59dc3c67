/**
 * Commands that send a prepared prompt to the model: `/review [focus]`, `/plan <task>` and `/init`.
 * @module
 */
import { existsSync } from "../../lib/fs.ts";
import { join } from "../../lib/path.ts";
import type { SlashCommand } from "../../mod.ts";
import { parseReviewArgs, REVIEW_TEXT_GUIDELINES, reviewRequest } from "../../lib/review.ts";

/**
 * The `/review` prompt for its arguments: the same presets as `codex review` (`--uncommitted`,
 * `--base BRANCH`, `--commit SHA`, words after a preset are extra instructions), else custom instructions
 * (`/review error handling`). The answer comes back as text, findings most important first.
 */
export function reviewPrompt(args = ""): string {
  const target = parseReviewArgs(args);
  const request = target.kind === "custom"
    ? `${reviewRequest({ kind: "uncommitted" })}\n\nFocus the review on: ${target.instructions}`
    : reviewRequest(target);
  return `${REVIEW_TEXT_GUIDELINES}\n\n${request}`;
}

/** The `/plan` prompt for `task`. */
export function planPrompt(task: string): string {
  return [
    "Planning only: propose a plan, do not change files. You may read files and run read-only commands " +
    "to understand the code, but do not edit, create or delete anything and do not run commands that " +
    "change state.",
    "",
    "Answer with: the goal in one sentence, the relevant parts of the code you found, numbered steps " +
    "(which files change and how), how to test it, and open questions or risks. Wait for my approval " +
    "before implementing.",
    "",
    `Task: ${task}`,
  ].join("\n");
}

/** The `/init` prompt. */
export const INIT_PROMPT = [
  "Create an AGENTS.md file at the root of this repository with instructions for coding agents working in it.",
  "",
  "First explore the repository: its layout, languages, build and package files, test setup, CI " +
  "configuration, lint and format settings, and existing docs. Then write a concise AGENTS.md (aim for " +
  "under 300 lines) with these sections where they apply:",
  "- Project overview: what it is and how the code is organized (main folders and what lives where).",
  "- Build, run and test: the exact commands, including how to run a single test.",
  "- Code style and conventions actually used here (formatting, naming, error handling, imports).",
  "- Testing guidelines: where tests live, how they are named, what a change is expected to include.",
  "- Commit and pull request guidelines, if the history or docs show any.",
  "- Anything an agent must not do (generated files, secrets, slow or destructive commands).",
  "",
  "Only state what you verified in the repository; do not invent commands. Create only AGENTS.md.",
].join("\n");

/** `/review [focus]`. */
export const reviewCommand: SlashCommand = {
  name: "review",
  description: "review changes: /review [--uncommitted | --base BRANCH | --commit SHA] [focus]",
  async run(args, c) {
    await c.submit(reviewPrompt(args));
  },
};

/** `/plan <task>`. */
export const planCommand: SlashCommand = {
  name: "plan",
  description: "ask for a plan without changing files: /plan <task>",
  async run(args, c) {
    const task = args.trim();
    if (task === "") {
      c.print("Usage: /plan <what to plan>. The model proposes a plan and changes no files.");
      return;
    }
    await c.submit(planPrompt(task));
  },
};

/** `/init`. */
export const initCommand: SlashCommand = {
  name: "init",
  description: "create an AGENTS.md file with instructions for Codex",
  async run(_args, c) {
    const path = join(c.session.cwd, "AGENTS.md");
    if (existsSync(path)) {
      c.print(
        `${path} already exists; /init only creates a new one. Edit it, or remove it and run /init again.`,
      );
      return;
    }
    await c.submit(INIT_PROMPT);
  },
};
