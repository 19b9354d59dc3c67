/**
 * The agent loop in-process: a scripted ModelClient, real registry, hooks and tool router.
 */
import { z } from "zod";
import { ModelError } from "./errors.ts";
import type { ThreadEvent } from "./events.ts";
import type { ModelClient, ModelEvent, ResponseItem } from "./model.ts";
import { definePlugin } from "./plugin.ts";
import { Registry } from "./registry.ts";
import { Thread } from "./thread.ts";
import type { Config } from "../config/schema.ts";
import { DEFAULT_COMPACT_PROMPT, SUMMARY_PREFIX } from "./compaction.ts";
import { assert, assertEquals } from "../../tests/helpers/assert.ts";
import { passThroughSandbox, say, scriptedModel } from "../../tests/helpers/scripted_model.ts";

const usage = {
  input_tokens: 3,
  cached_input_tokens: 1,
  cache_write_input_tokens: 0,
  output_tokens: 2,
  reasoning_output_tokens: 1,
};

const scripted = scriptedModel;

const call = (name: string, args: unknown, id: string): ResponseItem => ({
  type: "function_call",
  name,
  arguments: JSON.stringify(args),
  call_id: id,
});
const done = (...items: ResponseItem[]): ModelEvent[] => [
  { type: "created" },
  ...items.map((item) => ({ type: "item_done" as const, item })),
  { type: "completed", responseId: "r", usage },
];

const sandbox = passThroughSandbox;

async function setup(client: ModelClient, extra: (r: Registry) => void = () => {}, config: Config = {}) {
  const log: string[] = [];
  const registry = new Registry();
  await registry.load([
    definePlugin({
      name: "test-tools",
      api: 1,
      setup(ctx) {
        for (const [name, ms] of [["slow", 30], ["fast", 1]] as const) {
          ctx.tool({
            name,
            description: name,
            parallel: true,
            parameters: z.object({ v: z.string() }),
            execute: async ({ v }) => {
              log.push(`start ${name}`);
              await new Promise((r) => setTimeout(r, ms));
              log.push(`end ${name}`);
              return `${name}:${v}`;
            },
          });
        }
        ctx.tool({
          name: "fails",
          description: "throws",
          parameters: z.object({}),
          execute: () => Promise.reject(new Error("kaput")),
        });
      },
    }),
  ], {});
  extra(registry);
  const events: ThreadEvent[] = [];
  const thread = new Thread({
    registry,
    client,
    config,
    model: "m",
    cwd: "/tmp",
    sandbox,
    approvalPolicy: "never",
    initialContext: [{ type: "message", role: "developer", content: [{ type: "input_text", text: "base" }] }],
    emit: (e) => events.push(e),
  });
  return { thread, events, log, registry };
}

Deno.test("loop: parallel tool calls run concurrently, outputs keep call order, usage accumulates", async () => {
  const client = scripted([
    done(call("slow", { v: "a" }, "c1"), call("fast", { v: "b" }, "c2")),
    done(say("finished")),
  ]);
  const { thread, events, log } = await setup(client);
  const outcome = await thread.runTurn("go");
  assertEquals(outcome, { status: "completed", lastMessage: "finished" });
  assertEquals(log, ["start slow", "start fast", "end fast", "end slow"]);
  const second = client.requests[1].input;
  assertEquals(second.slice(-2), [
    { type: "function_call_output", call_id: "c1", output: "slow:a" },
    { type: "function_call_output", call_id: "c2", output: "fast:b" },
  ]);
  assertEquals(events.at(-1), {
    type: "turn.completed",
    usage: {
      input_tokens: 6,
      cached_input_tokens: 2,
      cache_write_input_tokens: 0,
      output_tokens: 4,
      reasoning_output_tokens: 2,
    },
  });
  assertEquals(client.requests[0].tools.map((t) => "name" in t ? t.name : t.type), ["slow", "fast", "fails"]);
});

Deno.test("loop: unknown tools, bad arguments and throwing tools become outputs for the model", async () => {
  const client = scripted([
    done(call("nope", {}, "c1"), call("slow", { v: 1 }, "c2"), call("fails", {}, "c3")),
    done(say("ok")),
  ]);
  const { thread } = await setup(client);
  assertEquals((await thread.runTurn("go")).status, "completed");
  const outs = client.requests[1].input.slice(-3).map((i) => (i as { output: string }).output);
  assertEquals(outs[0], "unsupported call: nope");
  assert.match(outs[1], /^failed to parse function arguments: v: /);
  assertEquals(outs[2], "tool fails failed: kaput");
});

Deno.test("hooks: PreToolUse denies and rewrites, PostToolUse and Stop fire with typed input", async () => {
  const client = scripted([
    done(call("fast", { v: "x" }, "c1"), call("slow", { v: "y" }, "c2")),
    done(say("first answer")),
    done(say("second answer")),
  ]);
  const seen: string[] = [];
  const { thread } = await setup(client, (r) => {
    r.hooks.on("PreToolUse", () => ({ decision: "deny", reason: "not today" }), { match: "slow" });
    r.hooks.on("PreToolUse", () => ({ input: { tool_input: { v: "rewritten" } } }), { match: "fast" });
    r.hooks.on("PostToolUse", (i) => void seen.push(`post ${i.tool_name} ${i.tool_response}`));
    r.hooks.on("Stop", (i) => {
      seen.push(`stop active=${i.stop_hook_active} last=${i.last_assistant_message}`);
      if (!i.stop_hook_active) return { decision: "deny", reason: "keep going" };
    });
  });
  const outcome = await thread.runTurn("go");
  assertEquals(outcome.lastMessage, "second answer");
  const outs = client.requests[1].input.slice(-2).map((i) => (i as { output: string }).output);
  assertEquals(outs, ["fast:rewritten", "The slow call was blocked by a PreToolUse hook: not today"]);
  assertEquals(seen, [
    "post fast fast:rewritten",
    "stop active=false last=first answer",
    "stop active=true last=second answer",
  ]);
  const third = client.requests[2].input.at(-1) as { role: string; content: { text: string }[] };
  assertEquals([third.role, third.content[0].text], ["user", "keep going"]);
});

Deno.test("loop: a retried stream discards the failed attempt's items and reports Reconnecting", async () => {
  const client = scripted([
    [
      { type: "item_done", item: call("fast", { v: "lost" }, "c0") },
      { type: "retrying", attempt: 1, max: 3, reason: "stream closed" },
      ...done(say("clean")),
    ],
  ]);
  const { thread, events } = await setup(client);
  assertEquals((await thread.runTurn("go")).status, "completed");
  assert.ok(!thread.history.some((i) => i.type === "function_call"));
  assert.ok(events.some((e) => e.type === "error" && e.message === "Reconnecting... 1/3 (stream closed)"));
});

Deno.test("loop: a model failure ends the turn with error + turn.failed", async () => {
  const client = scripted([new ModelError("exceeded retry limit, last status: 500")]);
  const { thread, events } = await setup(client);
  const outcome = await thread.runTurn("go");
  assertEquals(outcome.status, "failed");
  assertEquals(events.slice(-2), [
    { type: "error", message: "exceeded retry limit, last status: 500" },
    { type: "turn.failed", error: { message: "exceeded retry limit, last status: 500" } },
  ]);
});

Deno.test("loop: UserPromptSubmit can rewrite or block the prompt", async () => {
  const client = scripted([done(say("ok"))]);
  const { thread } = await setup(client, (r) => {
    r.hooks.on(
      "UserPromptSubmit",
      (i) =>
        i.prompt === "secret"
          ? { decision: "deny", reason: "contains a secret" }
          : { input: { prompt: i.prompt.toUpperCase() } },
    );
  });
  assertEquals((await thread.runTurn("hello")).status, "completed");
  const last = client.requests[0].input.at(-1) as { content: { text: string }[] };
  assertEquals(last.content[0].text, "HELLO");
  const blocked = await thread.runTurn("secret");
  assertEquals([blocked.status, blocked.error], [
    "failed",
    "prompt blocked by a UserPromptSubmit hook: contains a secret",
  ]);
  assertEquals(client.requests.length, 1);
});

Deno.test("compaction: auto-compacts mid-turn at the limit and rebuilds history from the summary", async () => {
  const client = scripted([
    done(call("fast", { v: "a" }, "c1")),
    done(say("SUMMARY TEXT")),
    done(say("final")),
  ]);
  const hooks: string[] = [];
  const { thread } = await setup(client, (r) => {
    r.hooks.on("PreCompact", (i) => void hooks.push(`pre ${i.trigger}`));
    r.hooks.on("PostCompact", (i) => void hooks.push(`post ${i.trigger}`));
  }, { model_auto_compact_token_limit: 5 });
  const outcome = await thread.runTurn("do the thing");
  assertEquals(outcome.lastMessage, "final");
  const compaction = client.requests[1];
  assertEquals(compaction.tools, []);
  const last = compaction.input.at(-1) as { role: string; content: { text: string }[] };
  assertEquals([last.role, last.content[0].text], ["user", DEFAULT_COMPACT_PROMPT]);
  assert.ok(compaction.input.some((i) => i.type === "function_call_output"));
  assertEquals(client.requests[2].input, [
    { type: "message", role: "developer", content: [{ type: "input_text", text: "base" }] },
    { type: "message", role: "user", content: [{ type: "input_text", text: "do the thing" }] },
    {
      type: "message",
      role: "user",
      content: [{ type: "input_text", text: `${SUMMARY_PREFIX}\nSUMMARY TEXT` }],
    },
  ]);
  assertEquals(hooks, ["pre auto", "post auto"]);
});

Deno.test("compaction: manual compaction honours compact_prompt and a declining PreCompact hook", async () => {
  const client = scripted([done(say("one")), done(say("short summary"))]);
  let allow = false;
  const { thread } = await setup(client, (r) => {
    r.hooks.on("PreCompact", () => (allow ? undefined : { decision: "deny", reason: "not now" }));
  }, { compact_prompt: "Summarize tersely." });
  await thread.runTurn("hello");
  assertEquals(await thread.compact("manual"), false);
  assertEquals(client.requests.length, 1);
  allow = true;
  assertEquals(await thread.compact("manual"), true);
  const last = client.requests[1].input.at(-1) as { content: { text: string }[] };
  assertEquals(last.content[0].text, "Summarize tersely.");
  assertEquals(thread.history.length, 3);
});

Deno.test("tool outputs over tool_output_token_limit keep head and tail around a marker", async () => {
  const client = scripted([done(call("fast", { v: "x".repeat(400) }, "c1")), done(say("ok"))]);
  const { thread } = await setup(client, () => {}, { tool_output_token_limit: 20 });
  await thread.runTurn("go");
  const out = (client.requests[1].input.at(-1) as { output: string }).output;
  assert.match(
    out,
    /^Warning: truncated output \(original token count: 102\)\nTotal output lines: 1\n\nfast:x+…82 tokens truncated…x+$/,
  );
});

Deno.test("approvals: a tool asks, Notification fires while a person is waited for, the answer returns", async () => {
  const client = scripted([done(call("guarded", {}, "g1")), done(say("ok"))]);
  const registry = new Registry();
  await registry.load([
    definePlugin({
      name: "guard",
      api: 1,
      setup(ctx) {
        ctx.tool({
          name: "guarded",
          description: "asks first",
          parameters: z.object({}),
          execute: async (_args, tctx) => {
            const answer = await tctx.approve({
              kind: "exec",
              tool_name: "guarded",
              summary: "rm -rf build",
              cwd: "/tmp",
            });
            return `answer: ${answer.decision}`;
          },
        });
      },
    }),
  ], {});
  const notes: string[] = [];
  registry.hooks.on("Notification", (i) => void notes.push(i.message));
  const asked: string[] = [];
  const thread = new Thread({
    registry,
    client,
    config: {},
    model: "m",
    cwd: "/tmp",
    sandbox,
    approvalPolicy: "untrusted",
    initialContext: [],
    emit: () => {},
    approver: {
      ask: (request) => {
        asked.push(`${request.id} ${request.summary}`);
        return Promise.resolve({ decision: "approved" });
      },
    },
  });
  await thread.runTurn("go");
  assertEquals(asked, ["appr_1 rm -rf build"]);
  assertEquals(notes, ["Approval needed [appr_1]: rm -rf build"]);
  assertEquals((client.requests[1].input.at(-1) as { output: string }).output, "answer: approved");
});
