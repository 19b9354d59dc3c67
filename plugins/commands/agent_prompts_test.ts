/**
 * `/review`'s presets and the rendering of a review answer (`codex review` end to end:
 * tests/e2e/review_test.ts).
 */
import { reviewPrompt } from "./agent_prompts.ts";
import { parseReview, renderReview } from "../../lib/review.ts";
import { assertEquals, assertIncludes } from "../../tests/helpers/assert.ts";

Deno.test("/review takes the same presets; a non-JSON answer is shown as it is", () => {
  assertIncludes(reviewPrompt("--base main"), "against the base branch 'main'");
  assertIncludes(reviewPrompt("--commit abc123"), "introduced by commit abc123");
  assertIncludes(reviewPrompt(), "Review the current code changes (staged, unstaged, and untracked files)");
  assertIncludes(reviewPrompt("--uncommitted only tests"), "Also: only tests");
  assertIncludes(reviewPrompt("error handling"), "Focus the review on: error handling");
  assertEquals(parseReview("looks fine to me"), undefined);
  assertEquals(renderReview(parseReview('{"findings":[],"overall_explanation":"Fine."}')!), "Fine.");
});
