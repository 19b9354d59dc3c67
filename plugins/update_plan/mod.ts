/**
 * The update-plan plugin: the `update_plan` tool and the `todo_list` item it drives.
 * @module
 */
import { definePlugin, type Plugin } from "../../mod.ts";
import { updatePlanTool } from "./plan_tool.ts";
import { TurnPlans } from "./turn_plans.ts";

/** Registers `update_plan` and completes each turn's plan item on `Stop`. */
export const updatePlanPlugin: Plugin = definePlugin({
  name: "update-plan",
  version: "0.1.0",
  api: 1,
  setup(ctx) {
    const plans = new TurnPlans();
    ctx.tool(updatePlanTool(plans));
    ctx.on("Stop", (input) => {
      plans.finish(input.session_id, input.turn_id);
    });
  },
});

export default updatePlanPlugin;
export { todoEntries, UpdatePlanParams, updatePlanTool } from "./plan_tool.ts";
export { TurnPlans } from "./turn_plans.ts";
