/**
 * The `update_plan` tool. Each turn's plan is one `todo_list` item: started by the first call of the
 * turn, updated by later calls, completed by the `Stop` hook just before the turn completes.
 * @module
 */
import { z } from "zod";
import type { FunctionToolDefinition, TodoEntry, ToolContext, ToolResult } from "../../mod.ts";
import type { TurnPlans } from "./turn_plans.ts";

/** One plan step. */
export const PlanStep = z.object({
  step: z.string(),
  status: z.enum(["pending", "in_progress", "completed"]).describe("One of: pending, in_progress, completed"),
}).meta({ additionalProperties: false });

/** Arguments of `update_plan`. */
export const UpdatePlanParams = z.object({
  explanation: z.string().optional(),
  plan: z.array(PlanStep).describe("The list of steps"),
}).meta({ additionalProperties: false });

/** Parsed `update_plan` arguments. */
export type UpdatePlanArgs = z.output<typeof UpdatePlanParams>;

/** The todo entries shown for a plan (`completed` only for completed steps). */
export function todoEntries(plan: UpdatePlanArgs["plan"]): TodoEntry[] {
  return plan.map((s) => ({ text: s.step, completed: s.status === "completed", status: s.status }));
}

function run(args: UpdatePlanArgs, ctx: ToolContext, plans: TurnPlans): ToolResult {
  const inProgress = args.plan.filter((s) => s.status === "in_progress").length;
  if (inProgress > 1) {
    return {
      output: `failed to update plan: at most one step can be in_progress at a time (got ${inProgress})`,
      success: false,
    };
  }
  plans.show(ctx, todoEntries(args.plan), args.explanation);
  return { output: "Plan updated", success: true };
}

/** The `update_plan` tool definition. */
export function updatePlanTool(plans: TurnPlans): FunctionToolDefinition<typeof UpdatePlanParams> {
  return {
    name: "update_plan",
    description:
      "Updates the task plan. Provide an optional explanation and a list of plan items, each with a step and status. At most one step can be in_progress at a time.",
    parameters: UpdatePlanParams,
    enabled: (config) => config.tools?.update_plan?.enabled !== false,
    execute: (args, ctx) => Promise.resolve(run(args, ctx, plans)),
  };
}
