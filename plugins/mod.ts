/**
 * The one registry of built-in plugins. Imported lazily by commands that run the agent, so `--help`
 * and `--version` stay fast.
 * @module
 */
import type { Plugin } from "../src/kernel/plugin.ts";
import openaiResponses from "./openai_responses/mod.ts";
import openaiChat from "./openai_chat/mod.ts";
import shell from "./shell/mod.ts";
import updatePlan from "./update_plan/mod.ts";
import applyPatch from "./apply_patch/mod.ts";
import commandHooks from "./command_hooks/mod.ts";
import mcp from "./mcp/mod.ts";
import otel from "./otel/mod.ts";
import skills from "./skills/mod.ts";
import memory from "./memory/mod.ts";
import builtinCommands from "./commands/mod.ts";
import customPrompts from "./prompts/mod.ts";
import { SANDBOX_PLUGINS } from "../sandbox/builtin.ts";

/** Built-in plugins, in setup order. */
export const BUILTIN_PLUGINS: readonly Plugin[] = [
  openaiResponses,
  openaiChat,
  shell,
  updatePlan,
  applyPatch,
  commandHooks,
  mcp,
  otel,
  skills,
  memory,
  builtinCommands,
  customPrompts,
  ...SANDBOX_PLUGINS,
];
