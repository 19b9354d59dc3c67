/**
 * Read-only views: `/status`, `/config` (`/mcp` belongs to the mcp plugin).
 * @module
 */
import type { SlashCommand } from "../../mod.ts";
import { columns, thousands } from "./format.ts";

/** Config keys whose values are never shown. */
const SECRET_KEY = /(token|secret|password|api_key|apikey|bearer)/i;

/** A config value as one line of TOML-like text. */
export function showValue(key: string, value: unknown): string {
  const last = key.split(".").at(-1) ?? key;
  if (SECRET_KEY.test(last) && !/_env_var$|env_key$/.test(last) && value !== undefined) return "********";
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === "object" && Object.keys(value).length === 0) {
    return Array.isArray(value) ? "[]" : "{}";
  }
  return JSON.stringify(value) ?? String(value);
}

/** `/status`. */
export const statusCommand: SlashCommand = {
  name: "status",
  description: "show session settings and token usage",
  run(_args, c) {
    const s = c.session;
    const u = s.usage;
    const rows = [
      ["Model:", `${s.model}${s.reasoningEffort ? ` (reasoning effort: ${s.reasoningEffort})` : ""}`],
      ["Directory:", s.cwd],
      ["Approval:", s.approvalPolicy],
      ["Sandbox:", s.sandboxMode],
      ["Session:", s.threadId],
      [
        "Token usage:",
        `${thousands(u.input_tokens + u.output_tokens)} total (${thousands(u.input_tokens)} input, ` +
        `${thousands(u.cached_input_tokens)} cached; ${thousands(u.output_tokens)} output, ` +
        `${thousands(u.reasoning_output_tokens)} reasoning)`,
      ],
    ];
    for (const line of columns(rows)) c.print(line);
  },
};

/** `/config`: effective values and the layer each came from. */
export const configCommand: SlashCommand = {
  name: "config",
  description: "show effective config values and where each comes from",
  run(args, c) {
    const filter = args.trim();
    const entries = c.session.effectiveConfig().filter((e) => !filter || e.key.includes(filter));
    if (entries.length === 0) {
      c.print(filter ? `No config key contains '${filter}'.` : "No config values.");
      return;
    }
    const rows = [
      ["key", "value", "source"],
      ...entries.map((e) => [e.key, showValue(e.key, e.value), e.source]),
    ];
    for (const line of columns(rows)) c.print(line);
  },
};
