/**
 * The one registry of built-in plugins. Imported lazily by commands that run the agent, so `--help`
 * and `--version` stay fast.
 * @module
 */
import type { Plugin } from "../src/kernel/plugin.ts";
import openaiResponses from "./openai_responses/mod.ts";
import shell from "./shell/mod.ts";
import updatePlan from "./update_plan/mod.ts";
import applyPatch from "./apply_patch/mod.ts";
import commandHooks from "./command_hooks/mod.ts";
import { SANDBOX_PLUGINS } from "../sandbox/builtin.ts";

/** Built-in plugins, in setup order. */
export const BUILTIN_PLUGINS: readonly Plugin[] = [
  openaiResponses,
  shell,
  updatePlan,
  applyPatch,
  commandHooks,
  ...SANDBOX_PLUGINS,
];
