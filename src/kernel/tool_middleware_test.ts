/** Tool middleware: order, rewriting, short-circuiting, and errors that name the plugin. */
import type { ToolContext, ToolResult } from "./tool.ts";
import { composeTool, type ToolCallRequest, type ToolWrapper, wrappersFor } from "./tool_middleware.ts";
import { assert, assertEquals } from "../../tests/helpers/assert.ts";

const call: ToolCallRequest = { tool: "exec_command", callId: "c1", raw: "{}", ctx: {} as ToolContext };
const tool = (c: ToolCallRequest): Promise<ToolResult> => Promise.resolve({ output: `tool saw ${c.raw}` });

Deno.test("wrappers run outermost first around the tool and may rewrite the call and the result", async () => {
  const log: string[] = [];
  const wrappers: ToolWrapper[] = ["a", "b"].map((name) => ({
    match: "*",
    owner: name,
    wrap: async (c, next) => {
      log.push(`${name} in`);
      const r = await next({ ...c, raw: `${c.raw}+${name}` });
      log.push(`${name} out`);
      return { ...r, output: `${r.output} <${name}>` };
    },
  }));
  const result = await composeTool(wrappers, tool)(call);
  assertEquals(result.output, "tool saw {}+a+b <b> <a>");
  assertEquals(log, ["a in", "b in", "b out", "a out"]);
});

Deno.test("a wrapper may answer without calling next; the tool then never runs", async () => {
  let ran = false;
  const answer: ToolWrapper = {
    match: "exec_command",
    owner: "p",
    wrap: () => Promise.resolve({ output: "intercepted" }),
  };
  const result = await composeTool([answer], (c) => (ran = true, tool(c)))(call);
  assertEquals([result.output, ran], ["intercepted", false]);
});

Deno.test("calling next twice, or throwing, fails with the plugin's name", async () => {
  const twice: ToolWrapper = {
    match: "*",
    owner: "greedy",
    wrap: async (c, next) => {
      await next(c);
      return await next(c);
    },
  };
  await assert.rejects(
    () => composeTool([twice], tool)(call),
    /: tool wrapper of plugin 'greedy' called next\(\) more than once for exec_command$/,
  );
  const thrower: ToolWrapper = { match: "*", owner: "buggy", wrap: () => Promise.reject(new Error("oops")) };
  await assert.rejects(
    () => composeTool([thrower], tool)(call),
    /: tool wrapper of plugin 'buggy' failed: oops$/,
  );
});

Deno.test("wrappersFor selects by tool-name matcher", () => {
  const w = (match: string | RegExp): ToolWrapper => ({ match, owner: "p", wrap: (c, next) => next(c) });
  const all = [w("*"), w("exec_command|write_stdin"), w("apply_patch"), w(/^exec/)];
  assertEquals(wrappersFor(all, "exec_command").map((x) => x.match), [
    "*",
    "exec_command|write_stdin",
    /^exec/,
  ]);
});
