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

function event(name: string): HookEvent {
  const e = resolveHookEvent(name);
  if (!e) {
    throw new PluginError(
      `hooks: expected an event name (${
        Object.keys(HOOK_MODES).join(", ")
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
    return hooks.map((h) => ({
      event: event(h.event),
      command: h.command,
      matcher: h.matcher,
      timeoutMs: (h.timeout ?? DEFAULT_HOOK_TIMEOUT_SEC) * 1000,
    }));
  }
  return Object.entries(hooks).flatMap(([name, groups]) =>
    groups.flatMap((g) =>
      g.hooks.map((h) => ({
        event: event(name),
        command: h.command,
        matcher: g.matcher,
        timeoutMs: (h.timeout ?? DEFAULT_HOOK_TIMEOUT_SEC) * 1000,
      }))
    )
  );
}
