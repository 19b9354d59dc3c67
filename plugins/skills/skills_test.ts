/**
 * Skills: frontmatter subset, discovery roots and limits, config enable/disable, the instructions block,
 * `$name` mentions through the real hook bus and `/skills` (the run through the real CLI is in
 * tests/e2e/skills_test.ts).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { definePlugin } from "../../src/kernel/plugin.ts";
import { Registry } from "../../src/kernel/registry.ts";
import {
  createSkillsPlugin,
  discoverSkills,
  FrontmatterError,
  parseFrontmatter,
  renderSkillsInstructions,
} from "./mod.ts";
import { validateLayer } from "../../src/config/validate.ts";
import { assert, assertEquals, assertIncludes, assertThrowsMatching } from "../../tests/helpers/assert.ts";
import { FakeSession } from "../../tests/helpers/command_context.ts";

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function skill(name: string, description: string, body = `# ${name}\nDo the ${name} thing.\n`): string {
  return `---\nname: ${name}\ndescription: ${description}\n---\n${body}`;
}

/** A project (git marker) with cwd two levels down, a CODEX_HOME, a HOME and an admin dir. */
function layout() {
  const root = Deno.makeTempDirSync({ prefix: "codex-skills-" });
  const project = join(root, "project");
  const cwd = join(project, "pkg", "app");
  const codexHome = join(root, "codex-home");
  const home = join(root, "home");
  const admin = join(root, "admin-skills");
  mkdirSync(join(project, ".git"), { recursive: true });
  mkdirSync(cwd, { recursive: true });
  mkdirSync(codexHome, { recursive: true });
  const env = (k: string) => ({ HOME: home, CODEX_SYSTEM_SKILLS_DIR: admin } as Record<string, string>)[k];
  return { root, project, cwd, codexHome, home, admin, env };
}

Deno.test("frontmatter: plain, quoted and block values, nested metadata, comments", () => {
  const fm = parseFrontmatter(
    [
      "---",
      "# a comment",
      "name: deploy-app",
      'description: "Deploy: \\"staging\\" or prod" # ignored? no, inside quotes',
      "title: 'it''s here'",
      "plain: value # trailing comment",
      "metadata:",
      "  short-description: Ship it",
      "  tags:",
      "    - a",
      "long: >",
      "  folded line one",
      "  line two",
      "",
      "  new paragraph",
      "lit: |",
      "  keep",
      "    indent",
      "---",
      "Body line",
    ].join("\n"),
  );
  assertEquals(fm.values, {
    name: "deploy-app",
    description: 'Deploy: "staging" or prod',
    title: "it's here",
    plain: "value",
    metadata: { "short-description": "Ship it" },
    long: "folded line one line two\nnew paragraph",
    lit: "keep\n  indent",
  });
  assertEquals(fm.body, "Body line");
});

Deno.test("frontmatter: missing or broken frontmatter says what was expected", () => {
  assertThrowsMatching(
    () => parseFrontmatter("# no frontmatter\n"),
    /expected the file to start with a '---'/,
  );
  assertThrowsMatching(() => parseFrontmatter("---\nname: x\n"), /expected a closing '---' line/);
  assertThrowsMatching(
    () => parseFrontmatter("---\njust words\n---\n"),
    /line 2: expected 'key: value', found "just words"/,
  );
  assertThrowsMatching(() => parseFrontmatter('---\nname: "open\n---\n'), /line 2: expected a closing '"'/);
  assertThrowsMatching(() => parseFrontmatter("---\n  indented: x\n---\n"), /line 2: expected a top-level/);
  assert.ok(new FrontmatterError("x") instanceof Error);
});

Deno.test("discovery: every root, precedence, depth limit, hidden folders, malformed files as warnings", () => {
  const l = layout();
  write(join(l.project, ".agents/skills/root-skill/SKILL.md"), skill("root-skill", "From the project root."));
  write(join(l.cwd, ".codex/skills/group/nested/SKILL.md"), skill("nested", "Two levels down."));
  write(
    join(l.project, "pkg/.codex/skills/dir-named/SKILL.md"),
    "---\ndescription: Named after its folder.\n---\n",
  );
  write(join(l.codexHome, "skills/user-skill/SKILL.md"), skill("user-skill", "In CODEX_HOME."));
  write(join(l.codexHome, "skills/.system/sys/SKILL.md"), skill("sys", "Bundled."));
  write(join(l.home, ".agents/skills/home-skill/SKILL.md"), skill("home-skill", "In HOME."));
  write(join(l.admin, "admin-skill/SKILL.md"), skill("admin-skill", "From the admin folder."));
  // Depth 6 below the root is scanned, depth 7 is not.
  write(join(l.codexHome, "skills/1/2/3/4/5/6/SKILL.md"), skill("deep6", "Depth six."));
  write(join(l.codexHome, "skills/1/2/3/4/5/6/7/SKILL.md"), skill("deep7", "Depth seven."));
  write(join(l.codexHome, "skills/.hidden/h/SKILL.md"), skill("hidden", "Never found."));
  // Problems: no frontmatter, long name, no description, and a shadowed duplicate name.
  write(join(l.codexHome, "skills/bad/SKILL.md"), "# just markdown\n");
  write(join(l.codexHome, "skills/long/SKILL.md"), skill("x".repeat(65), "Too long a name."));
  write(join(l.codexHome, "skills/nodesc/SKILL.md"), "---\nname: nodesc\n---\n");
  write(join(l.home, ".agents/skills/dupe/SKILL.md"), skill("user-skill", "Shadowed."));

  const d = discoverSkills({ cwd: l.cwd, codexHome: l.codexHome, config: {}, env: l.env });
  assertEquals(d.skills.map((s) => [s.name, s.scope]), [
    ["root-skill", "repo"],
    ["dir-named", "repo"],
    ["nested", "repo"],
    ["user-skill", "user"],
    ["deep6", "user"],
    ["home-skill", "user"],
    ["sys", "system"],
    ["admin-skill", "admin"],
  ]);
  assertEquals(d.roots.map((r) => r.path), [
    join(l.project, ".agents/skills"),
    join(l.project, "pkg/.codex/skills"),
    join(l.cwd, ".codex/skills"),
    join(l.codexHome, "skills"),
    join(l.home, ".agents/skills"),
    join(l.codexHome, "skills/.system"),
    l.admin,
  ]);
  assertEquals(d.skills[1].description, "Named after its folder.");
  assertEquals(d.warnings, [
    `skipped skill ${
      join(l.codexHome, "skills/bad/SKILL.md")
    }: expected the file to start with a '---' frontmatter line, found "# just markdown"`,
    `skipped skill ${
      join(l.codexHome, "skills/long/SKILL.md")
    }: name: expected at most 64 characters, found 65`,
    `skipped skill ${join(l.codexHome, "skills/nodesc/SKILL.md")}: description: expected text, found nothing`,
    `skill 'user-skill' at ${join(l.home, ".agents/skills/dupe/SKILL.md")} is shadowed by the one at ${
      join(l.codexHome, "skills/user-skill/SKILL.md")
    }`,
  ]);
});

Deno.test("discovery: [[skills.config]] disables by name or by path; later entries win", () => {
  const l = layout();
  write(join(l.codexHome, "skills/a/SKILL.md"), skill("a", "Skill a."));
  write(join(l.codexHome, "skills/b/SKILL.md"), skill("b", "Skill b."));
  write(join(l.codexHome, "skills/c/SKILL.md"), skill("c", "Skill c."));
  const { config } = validateLayer({
    skills: {
      config: [
        { name: "a", enabled: false },
        { path: join(l.codexHome, "skills/b/SKILL.md"), enabled: false },
        { path: "skills/c", enabled: false },
        { name: "c", enabled: true },
      ],
      other_key: 1,
    },
  }, "test");
  const d = discoverSkills({ cwd: l.cwd, codexHome: l.codexHome, config, env: l.env });
  assertEquals(d.skills.map((s) => [s.name, s.enabled]), [["a", false], ["b", false], ["c", true]]);
  assertThrowsMatching(
    () => validateLayer({ skills: { config: [{ enabled: false }] } }, "file.toml"),
    /expected a `path` or a `name`/,
  );
});

Deno.test("instructions: roots as aliases, enabled skills only, nothing when there are none", () => {
  const l = layout();
  write(join(l.cwd, ".codex/skills/x/SKILL.md"), skill("x", "Does x."));
  write(join(l.codexHome, "skills/tools/y/SKILL.md"), skill("y", "Does\n  y."));
  write(join(l.codexHome, "skills/z/SKILL.md"), skill("z", "Disabled."));
  const config = { skills: { config: [{ name: "z", enabled: false }] } };
  const text = renderSkillsInstructions(
    discoverSkills({ cwd: l.cwd, codexHome: l.codexHome, config, env: l.env }),
  )!;
  const lines = text.split("\n");
  assertEquals(lines[0], "<skills_instructions>");
  assertEquals(lines.at(-1), "</skills_instructions>");
  const roots = lines.slice(lines.indexOf("### Skill roots") + 1, lines.indexOf("### Available skills"));
  assertEquals(roots, [
    `- \`r0\` = \`${join(l.cwd, ".codex/skills")}\``,
    `- \`r1\` = \`${join(l.codexHome, "skills")}\``,
  ]);
  const listed = lines.slice(
    lines.indexOf("### Available skills") + 1,
    lines.indexOf("### How to use skills"),
  );
  assertEquals(listed, ["- x: Does x. (file: r0/x/SKILL.md)", "- y: Does y. (file: r1/tools/y/SKILL.md)"]);
  assertEquals(
    renderSkillsInstructions({ roots: [], skills: [], warnings: [] }),
    undefined,
  );
});

Deno.test("plugin: instructions, $mention context through the hook bus, plugin roots, /skills", async () => {
  const l = layout();
  write(join(l.cwd, ".agents/skills/lint/SKILL.md"), skill("lint", "Run the linters.", "Run `make lint`.\n"));
  write(join(l.codexHome, "skills/off/SKILL.md"), skill("off", "Disabled one."));
  const pluginRoot = join(l.root, "org-plugin/skills");
  write(join(pluginRoot, "org-deploy/SKILL.md"), skill("org-deploy", "Deploy the org way."));
  write(join(l.codexHome, "skills/broken/SKILL.md"), "no frontmatter");
  const org = definePlugin({
    name: "org",
    api: 1,
    setup: (ctx) => ctx.contribute("skills", pathToFileURL(pluginRoot + "/")),
  });
  const config = { skills: { config: [{ name: "off", enabled: false }] } };
  const registry = new Registry();
  await registry.load([createSkillsPlugin(l.env), org], config);

  const [contributor] = registry.instructionContributors;
  assertEquals(contributor.owner, "skills");
  const text = String(await contributor.contribute({ cwd: l.cwd, codexHome: l.codexHome, config }));
  assertIncludes(text, "- lint: Run the linters. (file: r0/lint/SKILL.md)\n");
  assertIncludes(text, "- org-deploy: Deploy the org way. (file: r1/org-deploy/SKILL.md)\n");
  assert.ok(!text.includes("- off:"), "disabled skills are not listed");

  const run = (prompt: string) =>
    registry.hooks.decide("UserPromptSubmit", {
      session_id: "s",
      cwd: l.cwd,
      model: "m",
      hook_event_name: "UserPromptSubmit",
      prompt,
    });
  assertEquals((await run("please run $lint, then $off and $nothing")).additionalContext, [
    `<skill name="lint" path="${join(l.cwd, ".agents/skills/lint/SKILL.md")}">\n` +
    "The user mentioned this skill. Follow its instructions:\n\nRun `make lint`.\n</skill>",
  ]);
  assertEquals((await run("cost is $5 and lint is a word, $linting is not a skill")).additionalContext, []);
  const both = (await run("$org-deploy after $lint.")).additionalContext;
  assertEquals(both.length, 1);
  assert.match(both[0], /^<skill name="lint"[\s\S]*<\/skill>\n\n<skill name="org-deploy"[\s\S]*<\/skill>$/);

  const fake = new FakeSession({ cwd: l.cwd, codexHome: l.codexHome, config });
  await fake.run(registry, "/skills");
  assertEquals(fake.printed, [
    "Skills (3):",
    "  lint        enabled   Run the linters.",
    `                        ${join(l.cwd, ".agents/skills/lint/SKILL.md")}`,
    "  off         disabled  Disabled one.",
    `                        ${join(l.codexHome, "skills/off/SKILL.md")}`,
    "  org-deploy  enabled   Deploy the org way.",
    `                        ${join(pluginRoot, "org-deploy/SKILL.md")}`,
    `warning: skipped skill ${
      join(l.codexHome, "skills/broken/SKILL.md")
    }: expected the file to start with a '---' frontmatter line, found "no frontmatter"`,
  ]);
});
