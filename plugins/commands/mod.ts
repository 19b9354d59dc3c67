/**
 * The built-in slash commands: /help, /new, /resume, /fork, /compact, /diff, /review, /plan, /model,
 * /status, /config, /permissions, /personality, /init, /logout and /quit (/exit); /mcp is the mcp plugin's. Each uses only the
 * `CommandContext` and `SessionControl` contract.
 * @module
 */
import { definePlugin, type Plugin, type SlashCommand } from "../../mod.ts";
import { initCommand, planCommand, reviewCommand } from "./agent_prompts.ts";
import { diffCommand } from "./diff.ts";
import { helpCommand } from "./help.ts";
import { logoutCommand } from "./logout.ts";
import { configCommand, statusCommand } from "./info.ts";
import { compactCommand, forkCommand, newCommand, quitCommand, resumeCommand } from "./session.ts";
import { modelCommand, permissionsCommand, personalityCommand } from "./settings.ts";

/** Every built-in command. */
export const BUILTIN_COMMANDS: readonly SlashCommand[] = [
  helpCommand,
  newCommand,
  resumeCommand,
  forkCommand,
  compactCommand,
  diffCommand,
  reviewCommand,
  planCommand,
  modelCommand,
  statusCommand,
  configCommand,
  permissionsCommand,
  personalityCommand,
  initCommand,
  logoutCommand,
  quitCommand,
];

/** Registers the built-in slash commands. */
export const builtinCommands: Plugin = definePlugin({
  name: "builtin-commands",
  version: "0.1.0",
  api: 1,
  setup(ctx) {
    for (const command of BUILTIN_COMMANDS) ctx.command(command);
  },
});

export default builtinCommands;
export * from "./agent_prompts.ts";
export * from "./diff.ts";
export * from "./format.ts";
export * from "./help.ts";
export * from "./info.ts";
export * from "./logout.ts";
export * from "./session.ts";
export * from "./settings.ts";
