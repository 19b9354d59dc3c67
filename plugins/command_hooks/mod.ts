/**
 * Command hooks from config (`hooks`) and the legacy `notify` program, as one plugin over the hook bus.
 * Each hook command gets the event's JSON payload on stdin; exit 2 blocks with stderr as the reason;
 * JSON on stdout can decide, add context or rewrite a tool call's input; a timeout kills it and is
 * reported without failing the turn.
 * @module
 */
import {
  definePlugin,
  type HookEvent,
  type HookHandler,
  type HookInput,
  type HookOutput,
  matchesTool,
  type Plugin,
} from "../../mod.ts";
import { hookEntries } from "./entries.ts";
import { runHookCommand } from "./run_command.ts";
import { translateRun } from "./translate.ts";
import { externalResponse, externalTool, internalInput, toolNames } from "./tool_names.ts";
import { notifyPayload, runNotify } from "./notify.ts";

/** The payload as Codex 0.171 shapes it: Stop has no `input_messages`; SessionEnd has no turn or model fields. */
function codexPayload(input: HookInput<HookEvent>): Record<string, unknown> {
  const payload: Record<string, unknown> = { transcript_path: null, ...input };
  if (input.hook_event_name === "Stop") delete payload.input_messages;
  if (input.hook_event_name === "SessionEnd") {
    for (const k of ["model", "permission_mode", "turn_id"]) delete payload[k];
  }
  return payload;
}

/** Extra time the bus allows beyond a command's own timeout before abandoning it. */
const BUS_GRACE_MS = 5_000;

/** Registers every configured command hook and `notify`. */
export const commandHooksPlugin: Plugin = definePlugin({
  name: "command-hooks",
  version: "0.1.0",
  api: 1,
  setup(ctx) {
    for (const entry of hookEntries(ctx.config)) {
      const handler: HookHandler<HookEvent> = async (input) => {
        const tool = "tool_name" in input ? input.tool_name : undefined;
        if (tool !== undefined && !toolNames(tool).some((n) => matchesTool(entry.matcher, n))) return;
        const payload = codexPayload(input);
        if (tool !== undefined) {
          const ext = externalTool(tool, (input as { tool_input?: unknown }).tool_input);
          payload.tool_name = ext.name;
          payload.tool_input = ext.input;
          const response = (input as { tool_response?: unknown }).tool_response;
          if (typeof response === "string") payload.tool_response = externalResponse(tool, response);
        }
        const run = await runHookCommand(entry.command, payload, input.cwd, entry.timeoutMs);
        const out = translateRun(entry.event, entry.command, run, entry.timeoutMs);
        const rewritten = (out?.input as { tool_input?: unknown } | undefined)?.tool_input;
        if (out && tool !== undefined && rewritten !== undefined) {
          out.input = { tool_input: internalInput(tool, rewritten) } as typeof out.input;
        }
        return out as HookOutput<HookEvent> | undefined;
      };
      ctx.on(entry.event, handler, { timeoutMs: entry.timeoutMs + BUS_GRACE_MS });
    }
    const notify = ctx.config.notify;
    if (notify && notify.length > 0) {
      ctx.on("Stop", (input) => runNotify(notify, notifyPayload(input, "codex-deno"), input.cwd));
    }
  },
});

export default commandHooksPlugin;
