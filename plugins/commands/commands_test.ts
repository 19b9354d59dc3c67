/**
 * The built-in slash commands, run through a real registry against a recording session.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../../src/config/schema.ts";
import { definePlugin } from "../../src/kernel/plugin.ts";
import { Registry } from "../../src/kernel/registry.ts";
import builtinCommands, { INIT_PROMPT, planPrompt, reviewPrompt, thousands } from "./mod.ts";
import { assert, assertEquals, assertIncludes } from "../../tests/helpers/assert.ts";
import { FakeSession, type FakeSessionOptions } from "../../tests/helpers/command_context.ts";

async function registryWith(config: Config = {}): Promise<Registry> {
  const registry = new Registry();
  await registry.load([builtinCommands], config);
  return registry;
}

async function run(line: string, options: FakeSessionOptions = {}): Promise<FakeSession> {
  const fake = new FakeSession(options);
  await fake.run(await registryWith(options.config), line);
  return fake;
}

function git(cwd: string, ...args: string[]): void {
  const out = new Deno.Command("git", {
    args: ["-c", "user.email=t@example.com", "-c", "user.name=T", ...args],
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  if (!out.success) throw new Error(`git ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`);
}

Deno.test("/help lists every command sorted, with aliases", async () => {
  const extra = definePlugin({
    name: "extra",
    api: 1,
    setup: (ctx) => ctx.command({ name: "aaa", aliases: ["a"], description: "first", run: () => {} }),
  });
  const registry = new Registry();
  await registry.load([builtinCommands, extra], {});
  const fake = new FakeSession();
  await fake.run(registry, "/help");
  assertEquals(fake.printed[0], "Slash commands:");
  assertEquals(fake.printed[1], "  /aaa (/a)      first");
  assertEquals(fake.printed.at(-1), "Also: !<command> runs a shell command, @<path> attaches a file.");
  const names = fake.printed.slice(1, -1).map((l) => l.trim().split(" ")[0]);
  assertEquals(names, [
    "/aaa",
    "/compact",
    "/config",
    "/diff",
    "/fork",
    "/help",
    "/init",
    "/logout",
    "/model",
    "/new",
    "/permissions",
    "/personality",
    "/plan",
    "/quit",
    "/resume",
    "/review",
    "/status",
  ]);
  assertIncludes(fake.printed.join("\n"), "  /quit (/exit)  end the session");
});

Deno.test("/new, /fork, /compact, /quit and /exit call the session", async () => {
  const registry = await registryWith();
  const fake = new FakeSession({ compactResult: false });
  for (const line of ["/new", "/fork", "/compact", "/quit", "/exit"]) await fake.run(registry, line);
  assertEquals(fake.calls, [["newThread"], ["fork"], ["compact"], ["quit"], ["quit"]]);
  assertEquals(fake.printed, ["Conversation not compacted."]);
  assertEquals((await run("/compact")).printed, ["Conversation compacted."]);
});

Deno.test("/resume lists sessions, resumes by number, id or --last", async () => {
  const sessions = [
    { id: "id-new", cwd: "/w", path: "/p1", startedAt: "2026-01-02T10:20:30.000Z", preview: "fix the build" },
    { id: "id-old", cwd: "/elsewhere", path: "/p2", startedAt: "2026-01-01T09:00:00.000Z", preview: "" },
  ];
  const registry = await registryWith();
  const fake = new FakeSession({ cwd: "/w", sessions });
  await fake.run(registry, "/resume");
  assertEquals(fake.printed, [
    "Recent sessions (newest first):",
    "  1.  2026-01-02 10:20  id-new  fix the build",
    "  2.  2026-01-01 09:00  id-old  [/elsewhere] (no message)",
    "Resume one with /resume <n> or /resume <id>; /resume --last picks the newest in this directory.",
  ]);
  fake.printed.length = 0;
  await fake.run(registry, "/resume 2");
  await fake.run(registry, "/resume --last");
  await fake.run(registry, "/resume 0194a1b2-aaaa-7000-8000-000000000000");
  await fake.run(registry, "/resume 5");
  assertEquals(fake.calls, [["resume", "id-old"], ["resume", undefined], [
    "resume",
    "0194a1b2-aaaa-7000-8000-000000000000",
  ]]);
  assertEquals(fake.printed, ["No session 5: expected a number from 1 to 2, a session id, or --last."]);
  assertEquals((await run("/resume")).printed, ["No saved sessions."]);
});

Deno.test("/diff outside a git repository says so", async () => {
  const cwd = Deno.makeTempDirSync({ prefix: "codex-nogit-" });
  const fake = await run("/diff", { cwd });
  assertEquals(fake.printed, [
    `not a git repository: ${cwd} is not inside a git working tree, so there is no diff.`,
  ]);
});

Deno.test("/diff shows staged, unstaged and untracked changes", async () => {
  const cwd = Deno.makeTempDirSync({ prefix: "codex-git-" });
  git(cwd, "init", "-q");
  writeFileSync(join(cwd, "a.txt"), "one\n");
  writeFileSync(join(cwd, "b.txt"), "bee\n");
  git(cwd, "add", ".");
  git(cwd, "commit", "-q", "-m", "init");
  assertEquals((await run("/diff", { cwd })).printed, ["No changes."]);
  writeFileSync(join(cwd, "a.txt"), "one\ntwo\n");
  writeFileSync(join(cwd, "b.txt"), "bee staged\n");
  git(cwd, "add", "b.txt");
  writeFileSync(join(cwd, "new file.txt"), "fresh\n");
  const out = (await run("/diff", { cwd })).output();
  assertIncludes(out, "diff --git a/b.txt b/b.txt");
  assertIncludes(out, "-bee\n+bee staged");
  assertIncludes(out, "diff --git a/a.txt b/a.txt");
  assertIncludes(out, " one\n+two");
  assertIncludes(out, "diff --git a/new file.txt b/new file.txt\nnew file mode 100644");
  assertIncludes(out, "+fresh");
  assert.ok(out.indexOf("b.txt") < out.indexOf("a/a.txt"), "staged changes come first");
});

Deno.test("/review, /plan and /init submit their prompts", async () => {
  assertEquals((await run("/review")).submitted, [reviewPrompt()]);
  const focused = await run("/review  error handling ");
  assertEquals(focused.submitted, [reviewPrompt("error handling")]);
  assert.ok(focused.submitted[0].endsWith("\n\nFocus the review on: error handling"));
  assertIncludes(reviewPrompt(), "Do not modify any files.");
  assertEquals((await run("/plan")).printed, [
    "Usage: /plan <what to plan>. The model proposes a plan and changes no files.",
  ]);
  const plan = await run("/plan add a cache");
  assertEquals(plan.submitted, [planPrompt("add a cache")]);
  assert.ok(plan.submitted[0].startsWith("Planning only: propose a plan, do not change files."));
  assert.ok(plan.submitted[0].endsWith("\n\nTask: add a cache"));

  const cwd = Deno.makeTempDirSync({ prefix: "codex-init-" });
  assertEquals((await run("/init", { cwd })).submitted, [INIT_PROMPT]);
  writeFileSync(join(cwd, "AGENTS.md"), "# existing\n");
  const refused = await run("/init", { cwd });
  assertEquals(refused.submitted, []);
  assertEquals(refused.printed, [
    `${
      join(cwd, "AGENTS.md")
    } already exists; /init only creates a new one. Edit it, or remove it and run /init again.`,
  ]);
});

Deno.test("/model shows, switches and validates the effort", async () => {
  assertEquals((await run("/model", { model: "gpt-5", reasoningEffort: "high" })).printed, [
    "Model: gpt-5",
    "Reasoning effort: high",
    "Switch with /model <name> [none|minimal|low|medium|high|xhigh].",
  ]);
  const set = await run("/model gpt-5.5 low");
  assertEquals(set.calls, [["setModel", "gpt-5.5", "low"]]);
  assertEquals(set.printed, ["Model set to gpt-5.5 with low reasoning effort for the next turns."]);
  assertEquals((await run("/model o3")).calls, [["setModel", "o3", undefined]]);
  const bad = await run("/model gpt-5 turbo");
  assertEquals(bad.calls, []);
  assertEquals(bad.printed, [
    "Reasoning effort: expected one of none, minimal, low, medium, high, xhigh, found 'turbo'.",
  ]);
});

Deno.test("/status shows settings and thousands-separated usage", async () => {
  const fake = await run("/status", {
    cwd: "/work/repo",
    threadId: "0194-thread",
    model: "gpt-5",
    reasoningEffort: "medium",
    approvalPolicy: "never",
    sandboxMode: "read-only",
    usage: {
      input_tokens: 1234567,
      cached_input_tokens: 1000,
      output_tokens: 8901,
      reasoning_output_tokens: 12,
    },
  });
  assertEquals(fake.printed, [
    "Model:        gpt-5 (reasoning effort: medium)",
    "Directory:    /work/repo",
    "Approval:     never",
    "Sandbox:      read-only",
    "Session:      0194-thread",
    "Token usage:  1,243,468 total (1,234,567 input, 1,000 cached; 8,901 output, 12 reasoning)",
  ]);
  assertEquals([thousands(0), thousands(999), thousands(1000), thousands(12345678)], [
    "0",
    "999",
    "1,000",
    "12,345,678",
  ]);
});

Deno.test("/config prints aligned key, value and source; secrets are masked; a filter narrows", async () => {
  const configEntries = [
    { key: "approval_policy", value: "on-request", source: "default" },
    { key: "model", value: "gpt-5", source: "/home/me/.codex/config.toml" },
    { key: "model_providers.gw.experimental_bearer_token", value: "abc", source: "-c flags" },
    { key: "model_providers.gw.env_key", value: "GW_KEY", source: "-c flags" },
    { key: "project_doc_fallback_filenames", value: ["CLAUDE.md"], source: "/repo/.codex/config.toml" },
  ];
  assertEquals((await run("/config", { configEntries })).printed, [
    "key                                           value          source",
    'approval_policy                               "on-request"   default',
    'model                                         "gpt-5"        /home/me/.codex/config.toml',
    "model_providers.gw.experimental_bearer_token  ********       -c flags",
    'model_providers.gw.env_key                    "GW_KEY"       -c flags',
    'project_doc_fallback_filenames                ["CLAUDE.md"]  /repo/.codex/config.toml',
  ]);
  assertEquals((await run("/config model", { configEntries: configEntries.slice(0, 2) })).printed, [
    "key    value    source",
    'model  "gpt-5"  /home/me/.codex/config.toml',
  ]);
  assertEquals((await run("/config nothing", { configEntries })).printed, [
    "No config key contains 'nothing'.",
  ]);
});

Deno.test("/permissions shows, sets in either order, applies presets and rejects unknown values", async () => {
  assertEquals((await run("/permissions")).printed, [
    "Approval policy: on-request",
    "Sandbox mode: workspace-write",
    "Change with /permissions [untrusted|on-failure|on-request|never] [read-only|workspace-write|danger-full-access], or a preset: auto, full-access.",
  ]);
  const both = await run("/permissions read-only never");
  assertEquals(both.calls, [["setPermissions", { sandboxMode: "read-only", approvalPolicy: "never" }]]);
  assertEquals(both.printed, ["Approval policy: never; sandbox mode: read-only."]);
  assertEquals((await run("/permissions full-access")).calls, [[
    "setPermissions",
    { approvalPolicy: "never", sandboxMode: "danger-full-access" },
  ]]);
  const bad = await run("/permissions yolo");
  assertEquals(bad.calls, []);
  assertEquals(bad.printed, [
    "Expected an approval policy (untrusted, on-failure, on-request, never), a sandbox mode (read-only, workspace-write, danger-full-access) or a preset (auto, full-access), found 'yolo'.",
  ]);
  const conflict = await run("/permissions never untrusted");
  assertEquals(conflict.calls, []);
  assertEquals(conflict.printed, ["Conflicting values for approval policy: 'never' and 'untrusted'."]);
});

Deno.test("/personality shows the personality and switches it for the session", async () => {
  assertEquals((await run("/personality")).printed, [
    "Personality: not set (the model's default style)",
    'Switch with /personality <friendly|pragmatic|none>, or set personality = "…" in config.toml.',
  ]);
  const switched = await run("/personality friendly", { config: { personality: "pragmatic" } });
  assertEquals(switched.calls, [["setPersonality", "friendly"]]);
  assertEquals(switched.personality, "friendly");
  assertEquals(switched.printed, ["Personality set to friendly for the rest of this session."]);
  const bad = await run("/personality grumpy").then(() => "no error", (err) => (err as Error).message);
  assertEquals(bad, "personality: expected one of friendly, pragmatic, none, found 'grumpy'");
});
