/**
 * Custom prompts: `$CODEX_HOME/prompts/*.md` as `/prompts:<name>` and `/<name>`, frontmatter, argument
 * expansion, name clashes with other commands.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { definePlugin } from "../../src/kernel/plugin.ts";
import { Registry } from "../../src/kernel/registry.ts";
import { customPromptsPlugin, expandPrompt, loadPrompts, PromptArgsError, splitArgs } from "./mod.ts";
import builtinCommands from "../commands/mod.ts";
import { assert, assertEquals, assertThrowsMatching } from "../../tests/helpers/assert.ts";
import { FakeSession } from "../../tests/helpers/command_context.ts";

function home(files: Record<string, string>): string {
  const codexHome = Deno.makeTempDirSync({ prefix: "codex-prompts-" });
  mkdirSync(join(codexHome, "prompts"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(codexHome, "prompts", name), text);
  return codexHome;
}

Deno.test("prompts: argument splitting and expansion", () => {
  assertEquals(splitArgs(`a "b c" 'd "e"' f\\ g "" h\\"`), ["a", "b c", 'd "e"', "f g", "", 'h"']);
  assertEquals(
    expandPrompt("Fix $1 then $2 (all: $ARGUMENTS); $3 is empty; cost $$5", 'x.ts "y z"'),
    "Fix x.ts then y z (all: x.ts y z);  is empty; cost $5",
  );
  assertEquals(
    expandPrompt("PR $PR_NUMBER by $AUTHOR: $1", "PR_NUMBER=42 $AUTHOR='Ann Lee' extra"),
    "PR 42 by Ann Lee: extra",
  );
  assertEquals(
    expandPrompt("No placeholders here.\n", "  some words "),
    "No placeholders here.\n\nsome words",
  );
  assertEquals(expandPrompt("No placeholders here.\n", ""), "No placeholders here.\n");
  const err = assertThrowsMatching(
    () => expandPrompt("Ticket $TICKET for $TEAM", "TEAM=core"),
    /^missing required argument TICKET=…$/,
  );
  assert.ok(err instanceof PromptArgsError);
  assertEquals((err as PromptArgsError).missing, ["TICKET"]);
});

Deno.test("prompts: files load with frontmatter; bad names and non-.md files are skipped", () => {
  const codexHome = home({
    "review-pr.md":
      "---\ndescription: Review a pull request\nargument-hint: PR=<number>\n---\nReview PR $PR.\n",
    "plain.md": "Just text $1\n",
    "broken.md": "---\nnot yaml at all\n---\nBody\n",
    "has space.md": "skipped",
    "notes.txt": "skipped",
  });
  assertEquals(
    loadPrompts(codexHome).map((p) => ({ ...p, path: p.path.slice(codexHome.length) })),
    [
      { name: "broken", path: "/prompts/broken.md", body: "---\nnot yaml at all\n---\nBody\n" },
      { name: "plain", path: "/prompts/plain.md", body: "Just text $1\n" },
      {
        name: "review-pr",
        path: "/prompts/review-pr.md",
        description: "Review a pull request",
        argumentHint: "PR=<number>",
        body: "Review PR $PR.\n",
      },
    ],
  );
  assertEquals(loadPrompts(join(codexHome, "missing")), []);
});

Deno.test("prompts: commands submit the expanded text; clashing short names keep only prompts:<name>", async () => {
  const codexHome = home({
    "fix.md": "---\ndescription: Fix an issue\nargument-hint: ISSUE=<id>\n---\nFix issue $ISSUE in $1.\n",
    "status.md": "Status of $ARGUMENTS\n",
    "empty.md": "",
  });
  const other = definePlugin({
    name: "other",
    api: 1,
    setup: (ctx) => ctx.command({ name: "fix", description: "someone else's /fix", run: () => {} }),
  });
  const registry = new Registry();
  await registry.load([customPromptsPlugin(codexHome), builtinCommands, other], {});
  const names = [...registry.commands.keys()].filter((n) =>
    n.startsWith("prompts:") || ["fix", "status", "empty"].includes(n)
  );
  assertEquals(names.sort(), ["empty", "fix", "prompts:empty", "prompts:fix", "prompts:status", "status"]);
  assertEquals(registry.commands.get("fix")!.description, "someone else's /fix");
  assertEquals(registry.commands.get("status")!.description, "show session settings and token usage");
  assertEquals(registry.commands.get("prompts:fix")!.description, "Fix an issue (arguments: ISSUE=<id>)");
  assertEquals(registry.commands.get("prompts:status")!.description, "send the prompt in prompts/status.md");

  const fake = new FakeSession({ codexHome });
  await fake.run(registry, "/prompts:fix ISSUE=123 src/app.ts");
  await fake.run(registry, "/prompts:fix src/app.ts");
  await fake.run(registry, "/prompts:status the build");
  await fake.run(registry, "/empty");
  // The file is read again at run time, so edits apply without restarting.
  writeFileSync(join(codexHome, "prompts", "status.md"), "Changed: $1\n");
  await fake.run(registry, "/prompts:status now");
  assertEquals(fake.submitted, ["Fix issue 123 in src/app.ts.\n", "Status of the build\n", "Changed: now\n"]);
  assertEquals(fake.printed, [
    "/prompts:fix: missing required argument ISSUE=…. Usage: /prompts:fix ISSUE=<id>",
    `/empty: ${join(codexHome, "prompts", "empty.md")} is empty; nothing to send.`,
  ]);
});
