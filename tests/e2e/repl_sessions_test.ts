/**
 * Interactive sessions and their rollouts, over a pipe: no file for a session without a message, the
 * resume picker with previews, `--last` skipping empty sessions, the recap, settings that survive
 * /new, /compact and /resume, and `/config` showing live values with their source. A missing `@path`
 * is reported.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { functionCallResponse, startFakeServer, textResponse } from "./fake_server.ts";
import { assert, assertEquals, assertIncludes } from "../helpers/assert.ts";
import { runCli, workspace } from "../helpers/cli.ts";
import { listRollouts } from "../../src/session/list.ts";

type Input = { type: string; role?: string; content?: { text?: string }[] }[];
const lastUserText = (body: unknown) => {
  const input = (body as { input: Input }).input.filter((i) => i.type === "message" && i.role === "user");
  return input.at(-1)?.content?.map((c) => c.text).join("|");
};
const developerTexts = (body: unknown) =>
  (body as { input: Input }).input.filter((m) => m.type === "message" && m.role === "developer")
    .flatMap((m) => m.content?.map((c) => c.text ?? "") ?? []);

Deno.test("sessions: quitting without a message leaves no rollout and prints no resume hint", async () => {
  const server = startFakeServer([textResponse("hi")]);
  try {
    const ws = workspace(server.url);
    const r = await runCli([], { cwd: ws.cwd, env: ws.env, stdin: "/status\n" });
    assertEquals(r.code, 0, r.stderr);
    assertEquals(listRollouts(ws.home), []);
    assert.ok(!r.stdout.includes("codex resume"), r.stdout);
    const r2 = await runCli([], { cwd: ws.cwd, env: ws.env, stdin: "hello\n" });
    assertEquals(listRollouts(ws.home).length, 1);
    assert.match(r2.stdout, /To continue this session, run codex resume [0-9a-f-]{36}\n$/);
  } finally {
    await server.close();
  }
});

Deno.test("sessions: `codex resume` lists recent sessions with previews, takes a number and shows a recap", async () => {
  const server = startFakeServer([
    textResponse("answer about apples"),
    textResponse("answer about pears"),
    textResponse("continuing apples"),
  ]);
  try {
    const ws = workspace(server.url);
    await runCli([], { cwd: ws.cwd, env: ws.env, stdin: "tell me about apples\n" });
    await runCli([], { cwd: ws.cwd, env: ws.env, stdin: "tell me about pears\n" });
    // An empty rollout left by an older version is neither listed nor picked by --last.
    const day = join(ws.home, "sessions", "2099", "01", "01");
    mkdirSync(day, { recursive: true });
    writeFileSync(
      join(day, "rollout-2099-01-01T00-00-00-00000000-0000-7000-8000-000000000000.jsonl"),
      JSON.stringify({
        timestamp: "2099-01-01T00:00:00Z",
        type: "session_meta",
        payload: { id: "00000000-0000-7000-8000-000000000000", cwd: ws.cwd },
      }) + "\n",
    );
    const r = await runCli(["resume"], { cwd: ws.cwd, env: ws.env, stdin: "2\nmore apples\n" });
    assertEquals(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /Recent sessions \(newest first\):\n +1\. .* tell me about pears\n +2\. .* tell me about apples\n/,
    );
    assertIncludes(r.stdout, "Resume which session? [1-2");
    assertIncludes(
      r.stdout,
      "Recap: 1 message so far.\n  you: tell me about apples\n  codex: answer about apples\n",
    );
    const texts = (server.requests[2].body as { input: Input }).input
      .filter((i) => i.type === "message" && i.role !== "developer").map((i) => i.content?.[0]?.text);
    assertEquals(texts.slice(-3), ["tell me about apples", "answer about apples", "more apples"]);
    const last = await runCli(["resume", "--last"], { cwd: ws.cwd, env: ws.env, stdin: "" });
    // The newest session started here with a message (the empty 2099 one is skipped).
    assertIncludes(last.stdout, "you: tell me about pears");
    const none = await runCli(["resume"], { cwd: ws.cwd, env: ws.env, stdin: "" });
    assertEquals(none.code, 0, none.stderr);
    assertIncludes(none.stdout, "No session resumed.");
  } finally {
    await server.close();
  }
});

Deno.test("sessions: /model, /permissions and /personality survive /new, /compact and /resume; /config shows them live", async () => {
  const server = startFakeServer([
    textResponse("one"),
    textResponse("two"),
    textResponse("summary of it all"),
    textResponse("three"),
    textResponse("four"),
  ]);
  try {
    const ws = workspace(server.url);
    const r = await runCli([], {
      cwd: ws.cwd,
      env: ws.env,
      stdin: [
        "first",
        "/model other-model high",
        "/permissions never workspace-write",
        "/personality pragmatic",
        "/config model",
        "/config approval_policy",
        "/new",
        "second",
        "/compact",
        "third",
        "/resume 1",
        "fourth",
        "",
      ].join("\n"),
    });
    assertEquals(r.code, 0, r.stderr);
    assert.match(r.stdout, /\nmodel +"?other-model"? +session \(\/model\)\n/);
    assert.match(r.stdout, /\napproval_policy +"?never"? +session \(\/permissions\)\n/);
    const [first, second, compaction, third, fourth] = server.requests.map((q) =>
      q.body as Record<string, unknown>
    );
    assertEquals(first.model, "gpt-5.5");
    for (const body of [second, compaction, third, fourth]) assertEquals(body.model, "other-model");
    assertIncludes(r.stdout, "Recap: 2 messages so far.\n  you: third\n  codex: three\n");
    assertEquals(lastUserText(second), "second");
    for (const body of [second, third, fourth]) {
      const dev = developerTexts(body);
      const perms = dev.filter((t) => t.startsWith("<permissions instructions>")).at(-1) ?? "";
      assertIncludes(perms, "Approval policy: never.");
      assertIncludes(perms, "Filesystem sandboxing: workspace-write.");
      const personality = dev.filter((t) => t.startsWith("Personality:")).at(-1) ?? "";
      assert.ok(personality.startsWith("Personality: pragmatic."), dev.join("|"));
    }
    assertEquals(lastUserText(third), "third");
    assertEquals(lastUserText(fourth), "fourth");
  } finally {
    await server.close();
  }
});

Deno.test("sessions: a missing @path is reported, a quoted one with spaces is attached", async () => {
  const server = startFakeServer([textResponse("ok")]);
  try {
    const ws = workspace(server.url);
    mkdirSync(join(ws.cwd, "my dir"));
    writeFileSync(join(ws.cwd, "my dir", "a b.txt"), "BODY\n");
    const r = await runCli([], {
      cwd: ws.cwd,
      env: ws.env,
      stdin: 'see @missing.txt and @"my dir/a b.txt"\n',
    });
    assertEquals(r.code, 0, r.stderr);
    assertIncludes(r.stdout, "@missing.txt: no such file under");
    assertEquals(
      lastUserText(server.requests[0].body),
      'see @missing.txt and @"my dir/a b.txt"|<file path="my dir/a b.txt">\nBODY\n\n</file>',
    );
  } finally {
    await server.close();
  }
});

Deno.test("sessions: the plan view marks done, in-progress and pending steps and shows the explanation", async () => {
  const server = startFakeServer([
    functionCallResponse([{
      name: "update_plan",
      arguments: {
        explanation: "tests first",
        plan: [
          { step: "write the test", status: "completed" },
          { step: "fix the bug", status: "in_progress" },
          { step: "ship", status: "pending" },
        ],
      },
      call_id: "p1",
    }]),
    textResponse("planned"),
  ]);
  try {
    const ws = workspace(server.url);
    const r = await runCli([], { cwd: ws.cwd, env: ws.env, stdin: "plan it\n" });
    assertEquals(r.code, 0, r.stderr);
    assertIncludes(
      r.stdout,
      "Plan update\n  tests first\n  ✔ write the test\n  ◐ fix the bug\n  □ ship\n",
    );
  } finally {
    await server.close();
  }
});
