/**
 * `codex review` / `codex exec review` through the real CLI against the fake server: the presets'
 * requests (Codex 0.171's wording), `review_model`, the guidelines, findings rendered as Codex prints
 * them, and the structured `review.completed` event under --json (`/review`'s presets:
 * plugins/commands/agent_prompts_test.ts).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startFakeServer, textResponse } from "./fake_server.ts";
import { assert, assertEquals, assertIncludes } from "../helpers/assert.ts";
import { jsonLines, runCli, workspace } from "../helpers/cli.ts";

const FINDINGS = {
  findings: [
    {
      title: "Guard against empty input",
      body: "`parse` indexes `[0]` without a length check.",
      confidence_score: 0.8,
      priority: 1,
      code_location: { absolute_file_path: "/repo/a.ts", line_range: { start: 3, end: 4 } },
    },
    {
      title: "[P3] Close the file",
      body: "The handle leaks.",
      priority: 3,
      code_location: { absolute_file_path: "/repo/b.ts", line_range: { start: 9, end: 9 } },
    },
  ],
  overall_correctness: "patch is incorrect",
  overall_explanation: "One bug and a leak.",
  overall_confidence_score: 0.7,
};

type Input = { role?: string; content?: { text: string }[] }[];
const lastUser = (body: unknown) => {
  const input = (body as { input: Input }).input.filter((i) => i.role === "user");
  return input.at(-1)!.content![0].text;
};

function git(cwd: string, ...args: string[]): string {
  const out = new Deno.Command("git", {
    args: ["-c", "user.email=t@t", "-c", "user.name=t", ...args],
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout).trim();
}

Deno.test("codex review presets send Codex's requests; review_model and guidelines are used; output is rendered", async () => {
  const server = startFakeServer(() => textResponse(JSON.stringify(FINDINGS)));
  try {
    const ws = workspace(server.url, 'review_model = "review-model-x"');
    writeFileSync(join(ws.cwd, "a.ts"), "one\n");
    git(ws.cwd, "add", "a.ts");
    git(ws.cwd, "commit", "-qm", "first");
    git(ws.cwd, "branch", "-M", "main");
    git(ws.cwd, "checkout", "-qb", "feature");
    writeFileSync(join(ws.cwd, "a.ts"), "two\n");
    git(ws.cwd, "commit", "-qam", "second");
    const mergeBase = git(ws.cwd, "merge-base", "HEAD", "main");

    const r = await runCli(["review", "--uncommitted"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    assertEquals(
      r.stdout,
      "One bug and a leak.\n\nFull review comments:\n\n" +
        "- [P1] Guard against empty input — /repo/a.ts:3-4\n  `parse` indexes `[0]` without a length check.\n" +
        "- [P3] Close the file — /repo/b.ts:9\n  The handle leaks.\n",
    );
    const body = server.requests[0].body as { model: string; input: Input };
    assertEquals(body.model, "review-model-x");
    assertEquals(
      lastUser(body),
      "Review the current code changes (staged, unstaged, and untracked files) and provide prioritized findings.",
    );
    assert(
      body.input.some((i) => i.role === "developer" && i.content![0].text.includes('"overall_correctness"')),
    );

    await runCli(["exec", "review", "--base", "main"], { cwd: ws.cwd, env: ws.env });
    assertEquals(
      lastUser(server.requests[1].body),
      `Review the code changes against the base branch 'main'. The merge base commit for this comparison is ${mergeBase}. Run \`git diff ${mergeBase}\` to inspect the changes relative to main. Provide prioritized, actionable findings.`,
    );
    await runCli(["review", "--commit", "HEAD", "--title", "second"], { cwd: ws.cwd, env: ws.env });
    assertEquals(
      lastUser(server.requests[2].body),
      'Review the code changes introduced by commit HEAD ("second"). Provide prioritized, actionable findings.',
    );
    await runCli(["review", "look for races"], { cwd: ws.cwd, env: ws.env });
    assertEquals(lastUser(server.requests[3].body), "look for races");

    const bad = await runCli(["review", "--commit", "nope"], { cwd: ws.cwd, env: ws.env });
    assertEquals(bad.code, 2);
    const both = await runCli(["review", "--uncommitted", "--base", "main"], { cwd: ws.cwd, env: ws.env });
    assertEquals(both.code, 2);
    assertEquals(server.requests.length, 4);
  } finally {
    await server.close();
  }
});

Deno.test("exec review --json: a review.completed event with file, lines, priority, title and body", async () => {
  const server = startFakeServer(() => textResponse("```json\n" + JSON.stringify(FINDINGS) + "\n```"));
  try {
    const ws = workspace(server.url);
    const r = await runCli(["exec", "review", "--json"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    const events = jsonLines(r.stdout);
    const review = events.find((e) => e.type === "review.completed") as Record<string, unknown>;
    assertEquals(review.findings, [
      {
        file: "/repo/a.ts",
        line_start: 3,
        line_end: 4,
        priority: 1,
        title: "Guard against empty input",
        body: "`parse` indexes `[0]` without a length check.",
        confidence: 0.8,
      },
      {
        file: "/repo/b.ts",
        line_start: 9,
        line_end: 9,
        priority: 3,
        title: "[P3] Close the file",
        body: "The handle leaks.",
        confidence: null,
      },
    ]);
    assertEquals(review.overall_correctness, "patch is incorrect");
    const message = events.find((e) => e.type === "item.completed") as { item: { text: string } };
    assertIncludes(message.item.text, "- [P1] Guard against empty input — /repo/a.ts:3-4");
  } finally {
    await server.close();
  }
});
