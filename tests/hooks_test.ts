import { HookBus, type HookInput, matchesTool, resolveHookEvent } from "../src/kernel/hooks.ts";
import { assertEquals } from "./helpers/assert.ts";

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
  const r = await bus.run("PreToolUse", pre({}), "exec_command");
  assertEquals([r.decision, r.reason, seen], ["deny", "no", ["a", "b", "c"]]);
});

Deno.test("decision hooks: the first reason among equal decisions is kept", async () => {
  const bus = new HookBus();
  bus.on("PreToolUse", () => ({ decision: "ask", reason: "first" }));
  bus.on("PreToolUse", () => ({ decision: "ask", reason: "second" }));
  const r = await bus.run("PreToolUse", pre({}), "exec_command");
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
  const r = await bus.run("PreToolUse", pre({ cmd: "ls" }), "exec_command");
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
  bus.on("PostToolUse", slow);
  bus.on("PostToolUse", slow);
  bus.on(
    "PostToolUse",
    () => {
      throw new Error("boom");
    },
    {},
    "bad-plugin",
  );
  bus.on("PostToolUse", () => new Promise(() => {}), { timeoutMs: 30 }, "stuck-plugin");
  await bus.run(
    "PostToolUse",
    { ...pre({}), hook_event_name: "PostToolUse", tool_response: "ok" },
    "exec_command",
  );
  assertEquals(peak, 2);
  assertEquals(errors.sort(), [
    "PostToolUse hook from bad-plugin failed: boom",
    "PostToolUse hook from stuck-plugin timed out after 30 ms",
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
  await bus.run("PreToolUse", pre({}), "exec_command");
  assertEquals(calls, 0);
});
