import { z } from "zod";
import { definePlugin, PLUGIN_API } from "./plugin.ts";
import { Registry } from "./registry.ts";
import { PluginError } from "./errors.ts";
import { assert, assertEquals } from "../../tests/helpers/assert.ts";

const echo = definePlugin({
  name: "echo",
  api: PLUGIN_API,
  setup(ctx) {
    ctx.tool({
      name: "echo",
      description: "Echoes text.",
      parameters: z.object({ text: z.string().describe("what to echo"), times: z.number().int().optional() }),
      execute: ({ text, times }) => Promise.resolve(text.repeat(times ?? 1)),
    });
    ctx.on("AfterToolUse", () => {});
  },
});

Deno.test("tools get a JSON schema from zod and validate arguments", async () => {
  const reg = new Registry();
  await reg.load([echo], {});
  const tool = reg.tools.get("echo")!;
  assertEquals(tool.spec, {
    type: "function",
    name: "echo",
    description: "Echoes text.",
    strict: false,
    parameters: {
      type: "object",
      properties: { text: { type: "string", description: "what to echo" }, times: { type: "integer" } },
      required: ["text"],
      additionalProperties: false,
    },
  });
  const ctx = {} as Parameters<typeof tool.invoke>[1];
  assertEquals(await tool.invoke('{"text":"ab","times":2}', ctx), { output: "abab", success: true });
  const bad = await tool.invoke('{"text":5}', ctx);
  assertEquals(bad.success, false);
  assert.match(String(bad.output), /^failed to parse function arguments: text: /);
  assert.match(String((await tool.invoke("{not json", ctx)).output), /^failed to parse function arguments: /);
  assertEquals(reg.hooks.count("PostToolUse"), 1);
});

Deno.test("plugins: API major, requires, enforce order, duplicates", async () => {
  const order: string[] = [];
  const mk = (name: string, extra: Partial<Parameters<typeof definePlugin>[0]> = {}) =>
    definePlugin({ name, api: 1, setup: () => void order.push(name), ...extra });
  const reg = new Registry();
  await reg.load([mk("late", { enforce: "post" }), mk("mid"), mk("early", { enforce: "pre" })], {});
  assertEquals(order, ["early", "mid", "late"]);

  const future = new Registry();
  await future.load([mk("x", { api: 2 })], {}).then(
    () => assert.fail("expected rejection"),
    (err) => {
      assert.ok(err instanceof PluginError);
      assert.match(
        err.message,
        /plugin 'x' \(built-in\) was written for plugin API 2; this CLI implements API 1/,
      );
    },
  );
  await new Registry().load([mk("needs", { requires: ["ghost"] })], {}).then(
    () => assert.fail("expected rejection"),
    (err) => assert.match(err.message, /requires plugin 'ghost'/),
  );
  await new Registry().load([echo, { ...echo, name: "echo2" }], {}).then(
    () => assert.fail("expected rejection"),
    (err) => assert.match(err.message, /registers tool 'echo', which another plugin already registered/),
  );
});
