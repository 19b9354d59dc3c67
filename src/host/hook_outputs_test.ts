/**
 * Every hook output acts: BeforeModel's transform, SessionStart context, PreToolUse ask/allow and
 * PostToolUse block, through a real registry, hook bus, tool router and thread with a scripted model.
 */
import { z } from "zod";
import type { ApprovalRequest } from "../plugin_api/approval.ts";
import type { ModelClient, ModelEvent, ModelRequest, ResponseItem } from "../kernel/model.ts";
import { definePlugin } from "../plugin_api/define.ts";
import { HostRegistry as Registry } from "./registry.ts";
import { HostThread as Thread } from "./thread.ts";
import { assertEquals } from "../../tests/helpers/assert.ts";
import { passThroughSandbox, say, scriptedModel } from "../../tests/helpers/scripted_model.ts";

const scripted = scriptedModel;

const done = (...items: ResponseItem[]): ModelEvent[] => [
  ...items.map((item) => ({ type: "item_done" as const, item })),
  { type: "completed", responseId: "r", usage: null },
];
const call = (name: string, id: string): ResponseItem => ({
  type: "function_call",
  name,
  arguments: "{}",
  call_id: id,
});

const sandbox = passThroughSandbox;

/** A thread whose one tool, `guarded`, asks for approval and reports the answer; `plain` never asks. */
async function setup(
  client: ModelClient,
  hooks: (r: Registry) => void,
  answer: "approved" | "denied" = "approved",
) {
  const registry = new Registry();
  await registry.load([
    definePlugin({
      name: "tools",
      api: 1,
      setup(ctx) {
        ctx.tool({
          name: "guarded",
          description: "asks first",
          parameters: z.object({}),
          execute: async (_args, tctx) => {
            const a = await tctx.approve({
              kind: "exec",
              tool_name: "guarded",
              summary: "rm -rf build",
              cwd: "/",
            });
            return `ran after ${a.decision}`;
          },
        });
        ctx.tool({
          name: "plain",
          description: "never asks",
          parameters: z.object({}),
          execute: () => Promise.resolve("plain ran"),
        });
      },
    }),
  ], {});
  hooks(registry);
  const asked: ApprovalRequest[] = [];
  const thread = new Thread({
    registry,
    client,
    config: {},
    model: "m",
    cwd: "/",
    sandbox,
    approvalPolicy: "on-request",
    initialContext: [],
    emit: () => {},
    approver: {
      ask: (request) => {
        asked.push(request);
        return Promise.resolve({ decision: answer });
      },
    },
  });
  return { thread, asked };
}

const lastOutput = (req: ModelRequest) => (req.input.at(-1) as { output: string }).output;
const texts = (req: ModelRequest) =>
  req.input.flatMap((
    i,
  ) => (i.type === "message" ? i.content.map((p) => `${i.role}: ${"text" in p ? p.text : ""}`) : []));

Deno.test("BeforeModel: the transform's model and context reach the request", async () => {
  const client = scripted([done(say("hi"))]);
  const { thread } = await setup(client, (r) => {
    r.hooks.on(
      "BeforeModel",
      (i) => ({ input: { model: `${i.model}-mini` }, additionalContext: "be brief" }),
    );
  });
  await thread.runTurn("go");
  assertEquals(client.requests[0].model, "m-mini");
  assertEquals(texts(client.requests[0]), ["user: go", "developer: be brief"]);
  // Request-only context: not stored in history.
  assertEquals(texts({ ...client.requests[0], input: thread.history }), ["user: go", "assistant: hi"]);
});

Deno.test("SessionStart: context a hook returns is developer context the model sees", async () => {
  const client = scripted([done(say("hi"))]);
  const { thread } = await setup(client, (r) => {
    r.hooks.on("SessionStart", (i) => ({ additionalContext: `session source: ${i.source}` }));
  });
  await thread.sessionStart("startup");
  await thread.runTurn("go");
  assertEquals(texts(client.requests[0]), ["developer: session source: startup", "user: go"]);
});

Deno.test("PreToolUse ask: a person is asked before a tool that would not ask, and a no blocks it", async () => {
  const client = scripted([done(call("plain", "c1")), done(say("ok"))]);
  const { thread, asked } = await setup(
    client,
    (r) => r.hooks.on("PreToolUse", () => ({ decision: "ask", reason: "double-check" }), { match: "plain" }),
    "denied",
  );
  await thread.runTurn("go");
  assertEquals(asked.map((a) => [a.tool_name, a.reason]), [["plain", "double-check"]]);
  assertEquals(lastOutput(client.requests[1]), "The plain call was not approved");
});

Deno.test("PreToolUse ask: once approved, the tool's own approval is not asked again", async () => {
  const client = scripted([done(call("guarded", "c1")), done(say("ok"))]);
  const { thread, asked } = await setup(client, (r) => r.hooks.on("PreToolUse", () => ({ decision: "ask" })));
  await thread.runTurn("go");
  assertEquals(asked.length, 1);
  assertEquals(lastOutput(client.requests[1]), "ran after approved");
});

Deno.test("PreToolUse allow: the tool's approval is granted without asking", async () => {
  const client = scripted([done(call("guarded", "c1")), done(say("ok"))]);
  const { thread, asked } = await setup(
    client,
    (r) => r.hooks.on("PreToolUse", () => ({ decision: "allow" })),
    "denied",
  );
  await thread.runTurn("go");
  assertEquals(asked.length, 0);
  assertEquals(lastOutput(client.requests[1]), "ran after approved");
});

Deno.test("PostToolUse block: the reason replaces the output the model sees; context is appended", async () => {
  const client = scripted([done(call("plain", "c1"), call("guarded", "c2")), done(say("ok"))]);
  const { thread } = await setup(client, (r) => {
    r.hooks.on("PostToolUse", () => ({ decision: "deny", reason: "output leaks a secret" }), {
      match: "plain",
    });
    r.hooks.on("PostToolUse", () => ({ additionalContext: "note: checked" }), { match: "guarded" });
  });
  await thread.runTurn("go");
  const outputs = client.requests[1].input.slice(-2).map((i) => (i as { output: string }).output);
  assertEquals(outputs, [
    "The plain output was blocked by a PostToolUse hook: output leaks a secret",
    "ran after approved\n\nnote: checked",
  ]);
});
