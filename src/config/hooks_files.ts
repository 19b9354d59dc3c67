/**
 * Codex's `hooks.json` files: `$CODEX_HOME/hooks.json` and, in a trusted project, `.codex/hooks.json`
 * of each folder from the project root down to cwd. Their groups are added to the `hooks` config after
 * those of config.toml, and `[hooks.state."<key>"] enabled = false` (user config) turns one handler off.
 * A handler's key is `<file>:<event_label>:<group index>:<handler index>`, e.g.
 * `/home/me/.codex/hooks.json:pre_tool_use:0:0`; inline config.toml hooks use the user config.toml path.
 * @module
 */
import { existsSync, readFileSync } from "../../lib/fs.ts";
import { join } from "../../lib/path.ts";
import { z } from "zod";
import { ConfigError } from "../kernel/errors.ts";
import { type Config, HookGroupSchema } from "./schema.ts";

/** The root of a hooks.json file (Codex refuses unknown root fields). */
export const HooksFileSchema = z.strictObject({
  description: z.string().nullable().optional(),
  hooks: z.record(z.string(), z.array(HookGroupSchema)).default({}),
});

type Group = z.output<typeof HookGroupSchema>;

/** `PreToolUse` → `pre_tool_use`. */
export function eventLabel(event: string): string {
  return event.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/** The state key of one handler. */
export function hookKey(source: string, event: string, group: number, handler: number): string {
  return `${source}:${eventLabel(event)}:${group}:${handler}`;
}

/** Reads and validates one hooks.json; undefined when absent. Errors name the file and field. */
export function readHooksFile(path: string): Record<string, Group[]> | undefined {
  if (!existsSync(path)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new ConfigError(`${path}: expected JSON, found: ${(err as Error).message}`);
  }
  const parsed = HooksFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${path}: field '${issue.path.join(".") || "(root)"}': ${issue.message}`);
  }
  return parsed.data.hooks;
}

/** The hooks.json files that apply: the user's, then the trusted project's from root to cwd. */
export function hooksFilePaths(codexHome: string, projectDirs: string[], trusted: boolean): string[] {
  const paths = [join(codexHome, "hooks.json")];
  if (trusted) paths.push(...projectDirs.map((d) => join(d, ".codex", "hooks.json")));
  return paths;
}

/**
 * Rewrites `config.hooks` into Codex's per-event form with the hooks.json groups appended and the
 * handlers disabled in `[hooks.state]` removed. `userConfigPath` keys the inline config.toml hooks.
 */
export function applyHooksFiles(config: Config, files: string[], userConfigPath: string): void {
  const hooks = config.hooks;
  const state: Record<string, { enabled?: boolean }> = {};
  const sources: [string, Record<string, Group[]>][] = [];
  if (Array.isArray(hooks)) {
    const inline: Record<string, Group[]> = {};
    for (const h of hooks) {
      (inline[h.event] ??= []).push({
        matcher: h.matcher,
        hooks: [{ type: "command", command: h.command, timeout: h.timeout }],
      });
    }
    sources.push([userConfigPath, inline]);
  } else if (hooks) {
    const { state: s, ...events } = hooks;
    Object.assign(state, s ?? {});
    sources.push([userConfigPath, events as Record<string, Group[]>]);
  }
  for (const path of files) {
    const fromFile = readHooksFile(path);
    if (fromFile) sources.push([path, fromFile]);
  }
  if (sources.length === 0) return;
  const out: Record<string, Group[]> = {};
  for (const [source, events] of sources) {
    for (const [event, groups] of Object.entries(events)) {
      groups.forEach((g, gi) => {
        const kept = g.hooks.filter((_, hi) => state[hookKey(source, event, gi, hi)]?.enabled !== false);
        if (kept.length > 0) (out[event] ??= []).push({ ...g, hooks: kept });
      });
    }
  }
  config.hooks = out as Config["hooks"];
}
