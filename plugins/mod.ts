/**
 * The one registry of built-in plugins. Imported lazily by commands that run the agent, so `--help`
 * and `--version` stay fast.
 * @module
 */
import type { Plugin } from "../src/kernel/plugin.ts";
import openaiResponses from "./openai_responses/mod.ts";
import shell from "./shell/mod.ts";
import updatePlan from "./update_plan/mod.ts";
import sandboxNone from "../sandbox/none/mod.ts";

/** Built-in plugins, in setup order. */
export const BUILTIN_PLUGINS: readonly Plugin[] = [openaiResponses, shell, updatePlan, sandboxNone];
