/**
 * `codex review` / `codex exec review`: turns a review preset into the exec run's prompt, model
 * (`review_model`), developer instructions (the review guidelines) and output: the model's JSON findings
 * are rendered as Codex prints them, and `--json` adds a `review.completed` event with the findings.
 * @module
 */
import {
  parseReview,
  renderReview,
  REVIEW_GUIDELINES,
  reviewFindings,
  reviewLabel,
  reviewRequest,
  type ReviewTarget,
} from "../../../lib/review.ts";
import { UsageError } from "../../plugin_api/errors.ts";
import type { ThreadEvent } from "../../kernel/events.ts";
import type { ResponseItem } from "../../kernel/model.ts";

/** What exec needs to run a review. */
export interface ReviewRun {
  prompt: string;
  label: string;
  model: string | undefined;
  /** Developer instructions added after the session's own (the review guidelines). */
  extraContext: ResponseItem[];
  /** Rewrites a final agent message (JSON findings) into the rendered review. */
  render(text: string): string;
  /** The `review.completed` event for a final message, if it parsed. */
  event(text: string): ThreadEvent | undefined;
}

/** Runs git in `cwd`; the trimmed stdout, or throws a UsageError naming the command. */
async function git(cwd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command("git", { args, cwd, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) {
    throw new UsageError(`git ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr).trim()}`);
  }
  return new TextDecoder().decode(out.stdout).trim();
}

/** Resolves `--base`'s merge base and `--title`; checks `--commit` names a commit. */
export async function resolveTarget(target: ReviewTarget, cwd: string): Promise<ReviewTarget> {
  if (target.kind === "base" && !target.mergeBase) {
    return { ...target, mergeBase: await git(cwd, ["merge-base", "HEAD", target.branch]) };
  }
  if (target.kind === "commit") await git(cwd, ["rev-parse", "--verify", `${target.sha}^{commit}`]);
  return target;
}

/** Prepares the run. */
export async function prepareReview(
  target: ReviewTarget,
  setup: { cwd: string; config: { review_model?: string } },
): Promise<ReviewRun> {
  const resolved = await resolveTarget(target, setup.cwd);
  const render = (text: string) => {
    const review = parseReview(text);
    if (!review) return text;
    return renderReview(review);
  };
  return {
    prompt: reviewRequest(resolved),
    label: reviewLabel(resolved),
    model: setup.config.review_model,
    extraContext: [{
      type: "message",
      role: "developer",
      content: [{ type: "input_text", text: REVIEW_GUIDELINES }],
    }],
    render,
    event(text) {
      const review = parseReview(text);
      if (!review) return undefined;
      return {
        type: "review.completed",
        findings: reviewFindings(review),
        overall_correctness: review.overall_correctness ?? null,
        overall_explanation: review.overall_explanation,
        overall_confidence_score: review.overall_confidence_score ?? null,
      } as unknown as ThreadEvent;
    },
  };
}

/** Rewrites completed agent messages through `run.render` before they reach a renderer. */
export function reviewEmitter(run: ReviewRun, emit: (e: ThreadEvent) => void): (e: ThreadEvent) => void {
  return (e) => {
    if (e.type === "item.completed" && e.item.type === "agent_message") {
      emit({ ...e, item: { ...e.item, text: run.render(e.item.text) } });
      return;
    }
    emit(e);
  };
}

/** `codex review`'s preset flags. */
export interface ReviewFlags {
  uncommitted?: boolean;
  base?: string;
  commit?: string;
  title?: string;
}

/** The target from the flags and the optional custom instructions (`-` was already read from stdin). */
export function reviewTargetOf(flags: ReviewFlags, instructions: string | undefined): ReviewTarget {
  const presets = [flags.uncommitted, flags.base, flags.commit].filter((v) => v !== undefined && v !== false);
  if (presets.length > 1) {
    throw new UsageError("review: expected at most one of --uncommitted, --base BRANCH and --commit SHA");
  }
  if (flags.title && !flags.commit) throw new UsageError("review: --title goes with --commit SHA");
  const extra = instructions?.trim();
  if (presets.length === 0 && extra) return { kind: "custom", instructions: extra };
  const base: ReviewTarget = flags.base
    ? { kind: "base", branch: flags.base }
    : flags.commit
    ? { kind: "commit", sha: flags.commit, title: flags.title }
    : { kind: "uncommitted" };
  return extra ? { ...base, extra } : base;
}
