/**
 * Every tool call in history gets an output on every path (abort while running, abort before running, an
 * approval answered "abort", a failing session file), and a saved history with dangling calls is repaired
 * before it is sent. Each request is checked with the fake server's pairing rule (the real API's).
 */
import { z } from "zod";
import type { ThreadEvent } from "../kernel/events.ts";
import type { ModelClient, ModelEvent, ResponseItem } from "../kernel/model.ts";
import { definePlugin } from "../plugin_api/define.ts";
import { HostRegistry } from "./registry.ts";
import { type HostRecorder as ThreadRecorder, HostThread as Thread } from "./thread.ts";
import { repairToolPairs, TURN_ABORTED_TEXT } from "./tool_pairs.ts";
import { pairingError } from "../../tests/e2e/fake_server.ts";
import { assert, assertEquals } from "../../tests/helpers/assert.ts";
import { passThroughSandbox, say, scriptedModel } from "../../tests/helpers/scripted_model.ts";

const usage = {
  input_tokens: 1,
  cached_input_tokens: 0,
  cache_write_input_tokens: 0,
  output_tokens: 1,
  reasoning_output_tokens: 0,
};

/** A model answering with scripted steps; every request must pass the real API's pairing check. */
const scripted = (steps: ModelEvent[][]) => scriptedModel(steps, (req) => pairingError({ input: req.input }));

const call = (name: string, id: string): ResponseItem => ({
  type: "function_call",
  name,
  arguments: "{}",
  call_id: id,
});
const done = (...items: ResponseItem[]): ModelEvent[] => [
  { type: "created" },
  ...items.map((item) => ({ type: "item_done" as const, item })),
  { type: "completed", responseId: "r", usage },
];

const sandbox = passThroughSandbox;

/** Records what a session file would get; `failOn` makes a write throw like a full disk. */
class MemoryRecorder implements ThreadRecorder {
  items: ResponseItem[] = [];
  events: { type: string; [k: string]: unknown }[] = [];
  failOn?: (item: ResponseItem) => boolean;
  responseItem(item: ResponseItem): void {
    if (this.failOn?.(item)) {
      throw new Error("cannot write session file /x/rollout.jsonl: No space left on device");
    }
    this.items.push(item);
  }
  turnContext(): void {}
  event(payload: { type: string; [k: string]: unknown }): void {
    this.events.push(payload);
  }
  compacted(): void {}
}

interface Started {
  /** Resolves when the named tool has started running. */
  started: Record<string, Promise<void>>;
}

async function setup(client: ModelClient, opts: { history?: ResponseItem[]; approver?: "abort" } = {}) {
  const marks: Record<string, () => void> = {};
  const started: Started["started"] = {};
  for (const n of ["waits", "reports", "asks"]) started[n] = new Promise((r) => (marks[n] = r));
  const registry = new HostRegistry();
  await registry.load([
    definePlugin({
      name: "t",
      api: 1,
      setup(ctx) {
        // Runs until the turn is aborted, then returns ordinary output (the router replaces it).
        ctx.tool({
          name: "waits",
          description: "waits",
          parallel: true,
          parameters: z.object({}),
          execute: (_a, t) =>
            new Promise((resolve) => {
              marks.waits();
              t.signal.addEventListener("abort", () => resolve("finished normally"), { once: true });
            }),
        });
        // Runs until aborted and reports the abort in its own words.
        ctx.tool({
          name: "reports",
          description: "reports",
          parallel: true,
          parameters: z.object({}),
          execute: (_a, t) =>
            new Promise((resolve) => {
              marks.reports();
              t.signal.addEventListener(
                "abort",
                () =>
                  resolve({
                    output: "Wall time: 0.1 seconds\naborted by user",
                    success: false,
                    aborted: true,
                  }),
                { once: true },
              );
            }),
        });
        ctx.tool({
          name: "asks",
          description: "asks",
          parameters: z.object({}),
          execute: async (_a, t) => {
            marks.asks();
            const answer = await t.approve({
              kind: "exec",
              tool_name: "asks",
              summary: "rm -rf /",
              cwd: "/",
            });
            return `answer: ${answer.decision}`;
          },
        });
        ctx.tool({
          name: "quick",
          description: "quick",
          parameters: z.object({}),
          execute: () => Promise.resolve("quick done"),
        });
      },
    }),
  ], {});
  const events: ThreadEvent[] = [];
  const recorder = new MemoryRecorder();
  const thread = new Thread({
    registry,
    client,
    config: {},
    model: "m",
    cwd: "/tmp",
    sandbox,
    approvalPolicy: "untrusted",
    initialContext: [],
    emit: (e) => events.push(e),
    recorder,
    history: opts.history,
    approver: opts.approver ? { ask: () => Promise.resolve({ decision: opts.approver! }) } : undefined,
  });
  return { thread, events, recorder, started };
}

function outputsOf(items: ResponseItem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of items) {
    if (i.type === "function_call_output" || i.type === "custom_tool_call_output") {
      out[i.call_id] = String(i.output);
    }
  }
  return out;
}

Deno.test("interrupt while tools run: each call gets Codex's aborted output, then the turn_aborted note", async () => {
  const client = scripted([done(call("waits", "c1"), call("reports", "c2")), done(say("next turn"))]);
  const { thread, recorder, started } = await setup(client);
  const controller = new AbortController();
  const turn = thread.runTurn("go", controller.signal);
  await Promise.all([started.waits, started.reports]);
  controller.abort();
  const outcome = await turn;
  assertEquals(outcome.status, "interrupted");
  const outs = outputsOf(recorder.items);
  assert.match(outs.c1, /^aborted by user after \d+\.\ds$/);
  assertEquals(outs.c2, "Wall time: 0.1 seconds\naborted by user");
  const last = recorder.items.at(-1) as { role: string; content: { text: string }[] };
  assertEquals([last.role, last.content[0].text], ["user", TURN_ABORTED_TEXT]);
  assertEquals(recorder.events.at(-1)?.type, "turn_aborted");
  assertEquals(recorder.events.at(-1)?.reason, "interrupted");
  // The next turn's request is one the real API accepts.
  assertEquals((await thread.runTurn("again")).status, "completed");
  assertEquals(client.requests.length, 2);
});

Deno.test("calls not yet started when the turn is aborted are not run and still get an output", async () => {
  // "asks" is not parallel, so the calls run one by one; the approval answer "abort" ends the turn.
  const client = scripted([done(call("asks", "a1"), call("quick", "q1")), done(say("ok"))]);
  const { thread, recorder } = await setup(client, { approver: "abort" });
  const outcome = await thread.runTurn("go");
  assertEquals(outcome.status, "interrupted");
  const outs = outputsOf(recorder.items);
  assert.match(outs.a1, /^aborted by user after \d+\.\ds$/);
  assertEquals(outs.q1, "aborted by user after 0.0s");
  assertEquals((await thread.runTurn("again")).status, "completed");
});

Deno.test("a session file that fails mid-turn ends the turn with its error; history stays paired", async () => {
  const client = scripted([done(call("quick", "q1")), done(say("ok"))]);
  const { thread, recorder, events } = await setup(client);
  recorder.failOn = (item) => item.type === "function_call_output";
  const outcome = await thread.runTurn("go");
  assertEquals(outcome.status, "failed");
  assertEquals(outcome.error, "cannot write session file /x/rollout.jsonl: No space left on device");
  assertEquals(events.at(-1), { type: "turn.failed", error: { message: outcome.error! } });
  assertEquals(pairingError({ input: thread.history }), undefined);
  recorder.failOn = undefined;
  assertEquals((await thread.runTurn("again")).status, "completed");
});

Deno.test("resume: dangling calls of a saved history (ours or Codex's) are answered before the next request", async () => {
  const user = {
    type: "message",
    role: "user",
    content: [{ type: "input_text", text: "run it" }],
  } as ResponseItem;
  const history: ResponseItem[] = [
    user,
    call("exec_command", "call_abc"),
    {
      type: "custom_tool_call",
      call_id: "p1",
      name: "apply_patch",
      input: "*** Begin Patch",
    } as ResponseItem,
    { type: "function_call_output", call_id: "ghost", output: "orphan" },
  ];
  const client = scripted([done(say("ok"))]);
  const { thread } = await setup(client, { history });
  assertEquals((await thread.runTurn("again")).status, "completed");
  assertEquals(client.requests[0].input.slice(0, 5), [
    user,
    call("exec_command", "call_abc"),
    {
      type: "custom_tool_call",
      call_id: "p1",
      name: "apply_patch",
      input: "*** Begin Patch",
    } as ResponseItem,
    { type: "function_call_output", call_id: "call_abc", output: "aborted" },
    { type: "custom_tool_call_output", call_id: "p1", output: "aborted" },
  ]);
});

Deno.test("repairToolPairs: inserts after the call group, drops orphans, leaves paired history alone", () => {
  const paired = [
    call("a", "1"),
    { type: "function_call_output", call_id: "1", output: "x" } as ResponseItem,
  ];
  assertEquals(repairToolPairs(paired), { added: 0, removed: 0 });
  const h: ResponseItem[] = [
    { type: "function_call_output", call_id: "0", output: "early" },
    call("a", "1"),
    call("b", "2"),
    { type: "function_call_output", call_id: "2", output: "y" },
    say("text"),
  ];
  assertEquals(repairToolPairs(h), { added: 1, removed: 1 });
  assertEquals(h.map((i) => `${i.type}:${"call_id" in i ? i.call_id : ""}`), [
    "function_call:1",
    "function_call:2",
    "function_call_output:2",
    "function_call_output:1",
    "message:",
  ]);
});
