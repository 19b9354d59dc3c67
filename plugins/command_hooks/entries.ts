/**
 * Normalizes the two config shapes of command hooks into one list.
 * @module
 */
import {
  HOOK_MODES,
  type HookEvent,
  type HostConfig as Config,
  PluginError,
  resolveHookEvent,
} from "../../mod.ts";

/** One command to run for one event. */
export interface CommandHookEntry {
  event: HookEvent;
  command: string;
  /** Tool-name matcher (tool events): exact names joined by `|`, `*`, or a regular expression. */
  matcher?: string;
  timeoutMs: number;
}

/** Default seconds before a hook command is killed. */
export const DEFAULT_HOOK_TIMEOUT_SEC = 60;

/** Codex 0.171 events this CLI never fires (no subagents; interrupts end the turn): accepted, never run. */
export const CODEX_ONLY_EVENTS: readonly string[] = ["SubagentStart", "SubagentStop", "Interrupt"];

function event(name: string): HookEvent | undefined {
  const e = resolveHookEvent(name);
  if (!e && !CODEX_ONLY_EVENTS.includes(name)) {
    throw new PluginError(
      `hooks: expected an event name (${
        [...Object.keys(HOOK_MODES), ...CODEX_ONLY_EVENTS].join(", ")
      }, AfterAgent, AfterToolUse), found '${name}'`,
    );
  }
  return e;
}

/** The command hooks configured in `hooks`. Throws PluginError for an unknown event name. */
export function hookEntries(config: Config): CommandHookEntry[] {
  const hooks = config.hooks;
  if (!hooks) return [];
  if (Array.isArray(hooks)) {
    return hooks.flatMap((h) => {
      const e = event(h.event);
      return e
        ? [{
          event: e,
          command: h.command,
          matcher: h.matcher,
          timeoutMs: (h.timeout ?? DEFAULT_HOOK_TIMEOUT_SEC) * 1000,
        }]
        : [];
    });
  }
  const { state: _state, ...events } = hooks;
  return Object.entries(events).flatMap(([name, groups]) => {
    const e = event(name);
    if (!e || !Array.isArray(groups)) return [];
    return groups.flatMap((g) =>
      g.hooks.map((h) => ({
        event: e,
        command: h.command,
        matcher: g.matcher ?? undefined,
        timeoutMs: (h.timeout ?? DEFAULT_HOOK_TIMEOUT_SEC) * 1000,
      }))
    );
  });
}
