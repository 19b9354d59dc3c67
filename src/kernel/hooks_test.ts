import { HookBus, type HookInput, matchesTool, resolveHookEvent } from "./hooks.ts";
import { assertEquals } from "../../tests/helpers/assert.ts";

const common = { session_id: "s", cwd: "/", model: "m" };
const pre = (tool_input: unknown): HookInput<"PreToolUse"> => ({
  ...common,
  hook_event_name: "PreToolUse",
  tool_name: "exec_command",
  tool_input,
  tool_use_id: "c1",
});

Deno.test("decision hooks: strongest wins (deny > ask > allow), deny stops the chain", async () => {
  const bus = new HookBus();
  const seen: string[] = [];
  bus.on("PreToolUse", () => (seen.push("a"), { decision: "allow", reason: "fine" }));
  bus.on("PreToolUse", () => (seen.push("b"), { decision: "ask", reason: "check" }));
  bus.on("PreToolUse", () => (seen.push("c"), { decision: "deny", reason: "no" }));
  bus.on("PreToolUse", () => void seen.push("d"));
  const r = await bus.decide("PreToolUse", pre({}), "exec_command");
  assertEquals([r.decision, r.reason, seen], ["deny", "no", ["a", "b", "c"]]);
});

Deno.test("decision hooks: the first reason among equal decisions is kept", async () => {
  const bus = new HookBus();
  bus.on("PreToolUse", () => ({ decision: "ask", reason: "first" }));
  bus.on("PreToolUse", () => ({ decision: "ask", reason: "second" }));
  const r = await bus.decide("PreToolUse", pre({}), "exec_command");
  assertEquals([r.decision, r.reason], ["ask", "first"]);
});

Deno.test("input rewrites thread through handlers in order", async () => {
  const bus = new HookBus();
  bus.on(
    "PreToolUse",
    (i) => ({ input: { tool_input: { cmd: (i.tool_input as { cmd: string }).cmd + " -a" } } }),
  );
  bus.on(
    "PreToolUse",
    (i) => ({ input: { tool_input: { cmd: (i.tool_input as { cmd: string }).cmd + " -b" } } }),
  );
  const r = await bus.decide("PreToolUse", pre({ cmd: "ls" }), "exec_command");
  assertEquals(r.input.tool_input, { cmd: "ls -a -b" });
});

Deno.test("observers run concurrently; failures and timeouts are reported, not thrown", async () => {
  const errors: string[] = [];
  const bus = new HookBus((m) => errors.push(m));
  let running = 0, peak = 0;
  const slow = async () => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, 20));
    running--;
  };
  bus.on("PostToolUseFailure", slow);
  bus.on("PostToolUseFailure", slow);
  bus.on(
    "PostToolUseFailure",
    () => {
      throw new Error("boom");
    },
    {},
    "bad-plugin",
  );
  bus.on("PostToolUseFailure", () => new Promise(() => {}), { timeoutMs: 30 }, "stuck-plugin");
  await bus.observe(
    "PostToolUseFailure",
    { ...pre({}), hook_event_name: "PostToolUseFailure", error: "exit 1" },
    "exec_command",
  );
  assertEquals(peak, 2);
  assertEquals(errors.sort(), [
    "PostToolUseFailure hook of plugin 'bad-plugin' failed: boom",
    "PostToolUseFailure hook of plugin 'stuck-plugin' timed out after 30 ms",
  ]);
});

Deno.test("matchers and aliases", async () => {
  assertEquals(matchesTool("exec_command|apply_patch", "apply_patch"), true);
  assertEquals(matchesTool("exec_command", "exec_command_x"), false);
  assertEquals(matchesTool("^exec", "exec_command"), true);
  assertEquals(matchesTool("*", "anything"), true);
  assertEquals(resolveHookEvent("AfterAgent"), "Stop");
  assertEquals(resolveHookEvent("AfterToolUse"), "PostToolUse");
  assertEquals(resolveHookEvent("Nope"), undefined);
  const bus = new HookBus();
  let calls = 0;
  bus.on("PreToolUse", () => void calls++, { match: "apply_patch" });
  await bus.decide("PreToolUse", pre({}), "exec_command");
  assertEquals(calls, 0);
});

Deno.test("transform hooks: each sees the previous rewrite; context accumulates; decisions are not read", async () => {
  const bus = new HookBus();
  const base = { ...common, hook_event_name: "BeforeModel" as const, input_items: 3 };
  bus.on("BeforeModel", (i) => ({ input: { model: `${i.model}-a` }, additionalContext: "one" }));
  bus.on("BeforeModel", (i) => ({ input: { model: `${i.model}-b` }, additionalContext: "two" }));
  const r = await bus.transform("BeforeModel", { ...base, model: "m" });
  assertEquals([r.input.model, r.additionalContext], ["m-a-b", ["one", "two"]]);
});

Deno.test("hook spec: the bus method of each mode accepts only that mode's events", () => {
  const bus = new HookBus();
  // Compile-time contract: running a decision or transform event with `observe` (which has no result)
  // is a type error, so a caller cannot drop a hook's output by picking the wrong method.
  // @ts-expect-error BeforeModel is a transform event
  void (() => bus.observe("BeforeModel", {} as HookInput<"BeforeModel">));
  // @ts-expect-error PostToolUse is a decision event
  void (() => bus.observe("PostToolUse", {} as HookInput<"PostToolUse">));
  // @ts-expect-error SessionEnd is an observe event: it has no decision
  void (() => bus.decide("SessionEnd", {} as HookInput<"SessionEnd">));
  // @ts-expect-error observers return nothing
  bus.on("Notification", () => ({ decision: "deny" as const }));
  assertEquals(bus.count("Notification"), 1);
});
