/**
 * Code review in Codex's format, shared by `codex review`, `codex exec review` and `/review`: the
 * presets (uncommitted changes, against a base branch, one commit, custom instructions), the review
 * guidelines given to the model, the JSON findings it answers with, and their rendering.
 * @module
 */
import { z } from "zod";

/** What to review. */
export type ReviewTarget =
  | { kind: "uncommitted"; extra?: string }
  | { kind: "base"; branch: string; mergeBase?: string; extra?: string }
  | { kind: "commit"; sha: string; title?: string; extra?: string }
  | { kind: "custom"; instructions: string };

/** One finding, as the model reports it (Codex's review output schema). */
export const ReviewFindingSchema = z.object({
  title: z.string(),
  body: z.string().default(""),
  confidence_score: z.number().optional(),
  priority: z.number().int().min(0).max(3).nullable().optional(),
  code_location: z.object({
    absolute_file_path: z.string(),
    line_range: z.object({ start: z.number().int(), end: z.number().int() }),
  }),
});

/** The model's whole answer. */
export const ReviewOutputSchema = z.object({
  findings: z.array(ReviewFindingSchema).default([]),
  overall_correctness: z.string().optional(),
  overall_explanation: z.string().default(""),
  overall_confidence_score: z.number().optional(),
});

/** A parsed review. */
export type ReviewOutput = z.output<typeof ReviewOutputSchema>;

/** A finding as this CLI reports it (human output and `--json`). */
export interface ReviewFinding {
  file: string;
  line_start: number;
  line_end: number;
  /** 0 (P0, blocking) to 3 (P3, nice to have); null when the model gave none. */
  priority: number | null;
  title: string;
  body: string;
  confidence: number | null;
}

/** The user message for a preset (Codex's wording). */
export function reviewRequest(target: ReviewTarget): string {
  const preset = presetRequest(target);
  return target.kind !== "custom" && target.extra ? `${preset}\n\nAlso: ${target.extra}` : preset;
}

function presetRequest(target: ReviewTarget): string {
  switch (target.kind) {
    case "uncommitted":
      return "Review the current code changes (staged, unstaged, and untracked files) and provide prioritized findings.";
    case "base":
      return target.mergeBase
        ? `Review the code changes against the base branch '${target.branch}'. The merge base commit for this comparison is ${target.mergeBase}. Run \`git diff ${target.mergeBase}\` to inspect the changes relative to ${target.branch}. Provide prioritized, actionable findings.`
        : `Review the code changes against the base branch '${target.branch}'. Find the merge base with \`git merge-base HEAD ${target.branch}\` and inspect \`git diff <merge-base>\`. Provide prioritized, actionable findings.`;
    case "commit":
      return `Review the code changes introduced by commit ${target.sha}${
        target.title ? ` ("${target.title}")` : ""
      }. Provide prioritized, actionable findings.`;
    case "custom":
      return target.instructions;
  }
}

/** The short label shown as the user's message (`current changes`, `changes against 'main'`, …). */
export function reviewLabel(target: ReviewTarget): string {
  switch (target.kind) {
    case "uncommitted":
      return "current changes";
    case "base":
      return `changes against '${target.branch}'`;
    case "commit":
      return `commit ${target.sha}${target.title ? `: ${target.title}` : ""}`;
    case "custom":
      return target.instructions;
  }
}

/** What to look for and how to judge it (shared by the JSON and the text answer formats). */
const REVIEW_RULES = `# Code review

You are reviewing a change someone else wrote. Inspect it with read-only commands (git diff, git show,
reading files). Do not modify any files.

Report only problems the author would want to fix before merging:
- a real defect in behaviour, security, performance, data handling or maintainability that this change
  introduces (not one that was already there);
- one discrete, actionable problem per finding, provable from the code, without guessing at intentions;
- not style, formatting, naming or documentation nits, and nothing the rest of the codebase does not
  hold itself to.
If nothing qualifies, report no findings; an empty list is a good answer for a good change.

For each finding give a short imperative title, a one-paragraph body in Markdown saying why it is a
problem and when it happens, the file (absolute path) and the shortest line range (a few lines) inside the
change that shows it, your confidence from 0 to 1, and a priority: 0 blocks a release, 1 should be fixed
next, 2 eventually, 3 is nice to have. Start the title with the tag [P0]..[P3] matching the priority.

Then give an overall verdict: "patch is correct" when existing code and tests keep working and nothing
blocking is wrong, else "patch is incorrect", with a one to three sentence explanation.`;

/** The reviewer's guidelines and the JSON answer format, given to the model as developer instructions. */
export const REVIEW_GUIDELINES = `${REVIEW_RULES}

Answer with this JSON object only, no Markdown fences and no other text:
{
  "findings": [
    {
      "title": "<imperative, at most 80 characters>",
      "body": "<Markdown: why this is a problem>",
      "confidence_score": <0.0-1.0>,
      "priority": <0-3>,
      "code_location": {
        "absolute_file_path": "<absolute path>",
        "line_range": {"start": <line>, "end": <line>}
      }
    }
  ],
  "overall_correctness": "patch is correct" | "patch is incorrect",
  "overall_explanation": "<1-3 sentences>",
  "overall_confidence_score": <0.0-1.0>
}`;

/** Parses the model's answer: the JSON object, also when wrapped in a fence or prose. */
export function parseReview(text: string): ReviewOutput | undefined {
  const candidates = [text.trim()];
  const fenced = /```(?:json)?\s*\n([\s\S]*?)\n```/.exec(text);
  if (fenced) candidates.push(fenced[1]);
  const first = text.indexOf("{");
  const last = text.lastIndexOf("}");
  if (first >= 0 && last > first) candidates.push(text.slice(first, last + 1));
  for (const c of candidates) {
    try {
      const parsed = ReviewOutputSchema.safeParse(JSON.parse(c));
      if (parsed.success) return parsed.data;
    } catch { /* next candidate */ }
  }
  return undefined;
}

/** The findings in this CLI's report shape. */
export function reviewFindings(review: ReviewOutput): ReviewFinding[] {
  return review.findings.map((f) => ({
    file: f.code_location.absolute_file_path,
    line_start: f.code_location.line_range.start,
    line_end: f.code_location.line_range.end,
    priority: f.priority ?? null,
    title: f.title,
    body: f.body,
    confidence: f.confidence_score ?? null,
  }));
}

/** The review as Codex prints it: the explanation, then each finding (`- title — path:start-end`, body). */
export function renderReview(review: ReviewOutput): string {
  const parts: string[] = [];
  if (review.overall_explanation.trim()) parts.push(review.overall_explanation.trim());
  if (review.findings.length > 0) {
    const lines = [review.findings.length > 1 ? "Full review comments:" : "Review comment:", ""];
    for (const f of reviewFindings(review)) {
      const tag = f.priority !== null && !/^\[P\d\]/.test(f.title) ? `[P${f.priority}] ` : "";
      const range = f.line_start === f.line_end ? `${f.line_start}` : `${f.line_start}-${f.line_end}`;
      lines.push(`- ${tag}${f.title} — ${f.file}:${range}`);
      for (const l of f.body.split("\n")) lines.push(l ? `  ${l}` : "");
    }
    parts.push(lines.join("\n"));
  }
  return parts.join("\n\n") || "No findings.";
}

/** The guidelines with a plain-text answer format, for interactive sessions (`/review`). */
export const REVIEW_TEXT_GUIDELINES = `${REVIEW_RULES}

Answer in this format: first the verdict and its explanation, then "Review comments:" and one entry per
finding, most important first:
- [P<priority>] <title> — <absolute path>:<start>-<end>
  <body>
Write "No findings." when there are none.`;

/** Parses `/review` arguments: `--uncommitted`, `--base BRANCH`, `--commit SHA`, else custom instructions. */
export function parseReviewArgs(args: string): ReviewTarget {
  const words = args.trim().split(/\s+/).filter(Boolean);
  const flag = words[0];
  const rest = (n: number) => words.slice(n).join(" ") || undefined;
  if (flag === "--uncommitted") return { kind: "uncommitted", extra: rest(1) };
  if ((flag === "--base" || flag === "--commit") && words[1]) {
    return flag === "--base"
      ? { kind: "base", branch: words[1], extra: rest(2) }
      : { kind: "commit", sha: words[1], extra: rest(2) };
  }
  return words.length ? { kind: "custom", instructions: words.join(" ") } : { kind: "uncommitted" };
}
