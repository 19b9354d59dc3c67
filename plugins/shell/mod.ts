/**
 * The shell plugin: Codex's unified exec tools, `exec_command` and `write_stdin`.
 * @module
 */
import { definePlugin, type Plugin } from "../../mod.ts";
import { execCommandTool } from "./exec_command.ts";
import { writeStdinTool } from "./write_stdin.ts";
import { processStore } from "./sessions.ts";

/** Registers `exec_command` and `write_stdin`. */
export const shellPlugin: Plugin = definePlugin({
  name: "shell",
  version: "0.1.0",
  api: 1,
  setup(ctx) {
    ctx.tool(execCommandTool());
    ctx.tool(writeStdinTool());
    ctx.command({
      name: "ps",
      description: "list background terminals started by exec_command",
      run(_args, c) {
        const live = processStore(c.session.pluginState("shell")).list();
        if (live.length === 0) c.print("No background terminals.");
        for (const p of live) c.print(`  ${String(p.sessionId).padStart(3)}  ${p.command}`);
      },
    });
  },
});

export default shellPlugin;
export { ExecCommandParams, execCommandTool } from "./exec_command.ts";
export { WriteStdinParams, writeStdinTool } from "./write_stdin.ts";
export { processStore } from "./sessions.ts";
