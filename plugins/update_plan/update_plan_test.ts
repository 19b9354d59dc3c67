import assert from "node:assert/strict";
import updatePlanPlugin from "./mod.ts";
import { ToolHarness } from "../../tests/helpers/tool_context.ts";
import type { Config } from "../../src/config/schema.ts";

async function harness(config: Config = {}): Promise<ToolHarness> {
  const h = new ToolHarness({ config, threadId: "thread-1", turnId: "turn-1" });
  await h.load(updatePlanPlugin);
  return h;
}

const plan1 = [
  { step: "Read the code", status: "completed" },
  { step: "Write the fix", status: "in_progress" },
  { step: "Run the tests", status: "pending" },
];
const plan2 = [
  { step: "Read the code", status: "completed" },
  { step: "Write the fix", status: "completed" },
  { step: "Run the tests", status: "in_progress" },
];
const items1 = [
  { text: "Read the code", completed: true, status: "completed" },
  { text: "Write the fix", completed: false, status: "in_progress" },
  { text: "Run the tests", completed: false, status: "pending" },
];
const items2 = [
  { text: "Read the code", completed: true, status: "completed" },
  { text: "Write the fix", completed: true, status: "completed" },
  { text: "Run the tests", completed: false, status: "in_progress" },
];

Deno.test("update_plan: spec and enablement", async () => {
  const h = await harness();
  const tool = h.registry.tools.get("update_plan")!;
  const spec = tool.spec as { description: string; parameters: Record<string, unknown> };
  assert.equal(
    spec.description,
    "Updates the task plan. Provide an optional explanation and a list of plan items, each with a step and status. At most one step can be in_progress at a time.",
  );
  assert.deepEqual(spec.parameters.required, ["plan"]);
  assert.equal(spec.parameters.additionalProperties, false);
  const plan = (spec.parameters.properties as Record<string, { items: Record<string, unknown> }>).plan;
  assert.deepEqual(plan.items.required, ["step", "status"]);
  assert.deepEqual((plan.items.properties as Record<string, { enum?: string[] }>).status.enum, [
    "pending",
    "in_progress",
    "completed",
  ]);
  assert.equal(tool.enabled({}), true);
  assert.equal(tool.enabled({ tools: { update_plan: { enabled: true } } }), true);
  assert.equal(tool.enabled({ tools: { update_plan: { enabled: false } } }), false);
});

Deno.test("update_plan: first call starts a todo_list, later calls update it, Stop completes it", async () => {
  const h = await harness();
  try {
    const r1 = await h.call("update_plan", { explanation: "starting", plan: plan1 });
    assert.deepEqual(r1, { output: "Plan updated", success: true });
    const r2 = await h.call("update_plan", { plan: plan2 });
    assert.deepEqual(r2, { output: "Plan updated", success: true });
    assert.deepEqual(h.itemEvents(), [
      {
        type: "item.started",
        item: { id: "item_0", type: "todo_list", items: items1, explanation: "starting" },
      },
      {
        type: "item.updated",
        item: { id: "item_0", type: "todo_list", items: items2, explanation: undefined },
      },
    ]);

    // A Stop for another turn leaves this turn's item open.
    await h.stop("turn-other");
    assert.equal(h.events.length, 2);

    const stop = await h.stop();
    assert.equal(stop.decision, undefined);
    assert.deepEqual(h.itemEvents()[2], {
      type: "item.completed",
      item: { id: "item_0", type: "todo_list", items: items2, explanation: undefined },
    });

    // The next turn gets a new item.
    h.turnId = "turn-2";
    await h.call("update_plan", { plan: [{ step: "Ship", status: "pending" }] });
    assert.deepEqual(h.itemEvents()[3], {
      type: "item.started",
      item: {
        id: "item_1",
        type: "todo_list",
        items: [{ text: "Ship", completed: false, status: "pending" }],
      },
    });
    await h.stop();
    assert.deepEqual(h.events.map((e) => e.type), [
      "item.started",
      "item.updated",
      "item.completed",
      "item.started",
      "item.completed",
    ]);
    // A second Stop does not complete anything again.
    await h.stop();
    assert.equal(h.events.length, 5);
  } finally {
    await h.dispose();
  }
});

Deno.test("update_plan: at most one step may be in_progress", async () => {
  const h = await harness();
  try {
    const r = await h.call("update_plan", {
      plan: [{ step: "a", status: "in_progress" }, { step: "b", status: "in_progress" }],
    });
    assert.deepEqual(r, {
      output: "failed to update plan: at most one step can be in_progress at a time (got 2)",
      success: false,
    });
    assert.equal(h.events.length, 0);
  } finally {
    await h.dispose();
  }
});

Deno.test("update_plan: argument validation through the registry", async () => {
  const h = await harness();
  try {
    const bad = await h.call("update_plan", { plan: [{ step: "a", status: "done" }] });
    assert.equal(bad.success, false);
    assert.match(bad.output as string, /^failed to parse function arguments: plan\.0\.status: /);
    const missing = await h.call("update_plan", { explanation: "x" });
    assert.match(missing.output as string, /^failed to parse function arguments: plan: /);
    assert.equal(h.events.length, 0);
  } finally {
    await h.dispose();
  }
});

Deno.test("update_plan: an item left open by a turn without Stop is completed when the session ends", async () => {
  const h = await harness();
  await h.call("update_plan", { plan: [{ step: "a", status: "in_progress" }] });
  await h.dispose();
  assert.deepEqual(h.itemEvents(), [
    {
      type: "item.started",
      item: {
        id: "item_0",
        type: "todo_list",
        items: [{ text: "a", completed: false, status: "in_progress" }],
      },
    },
    {
      type: "item.completed",
      item: {
        id: "item_0",
        type: "todo_list",
        items: [{ text: "a", completed: false, status: "in_progress" }],
      },
    },
  ]);
});
