/**
 * The shell plugin: Codex's unified exec tools, `exec_command` and `write_stdin`.
 * @module
 */
import { definePlugin, type Plugin } from "../../src/kernel/plugin.ts";
import { execCommandTool } from "./exec_command.ts";
import { ProcessStores } from "./sessions.ts";
import { writeStdinTool } from "./write_stdin.ts";

/** Registers `exec_command` and `write_stdin`. */
export const shellPlugin: Plugin = definePlugin({
  name: "shell",
  version: "0.1.0",
  api: 1,
  setup(ctx) {
    const stores = new ProcessStores();
    ctx.tool(execCommandTool(stores));
    ctx.tool(writeStdinTool(stores));
  },
});

export default shellPlugin;
export { ExecCommandParams, execCommandTool } from "./exec_command.ts";
export { WriteStdinParams, writeStdinTool } from "./write_stdin.ts";
export { ProcessStores } from "./sessions.ts";
