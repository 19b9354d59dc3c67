/**
 * Tab completion at the interactive prompt: slash command names at the start of the line, then the
 * words each command declares for its arguments (`SlashCommand.args`), and `@path` mentions anywhere.
 * @module
 */
import type { SlashCommand } from "../../plugin_api/commands.ts";
import type { Completer } from "./line_editor.ts";
import { mentionCompleter } from "./attachments.ts";

/** What the completer may offer. */
export interface CompleterSources {
  files(): string[];
  commands(): readonly SlashCommand[];
  /** How many recent sessions `/resume <n>` may pick from. */
  sessions(): number;
}

/** The prompt's completer. */
export function replCompleter(sources: CompleterSources): Completer {
  const mentions = mentionCompleter(sources.files);
  return (before) => {
    const slash = before.match(/^\/(\S*)$/);
    if (slash) {
      const names = sources.commands().flatMap((c) => [c.name, ...(c.aliases ?? [])]);
      const hits = [...new Set(names)].filter((n) => n.startsWith(slash[1])).sort().map((n) => `/${n} `);
      return [hits.length === 1 ? hits : hits.map((h) => h.trimEnd()), before];
    }
    const arg = before.match(/^\/(\S+)\s+(?:.*\s)?(\S*)$/);
    if (arg && !arg[2].startsWith("@")) {
      const command = sources.commands().find((c) => c.name === arg[1] || c.aliases?.includes(arg[1]));
      const words = [...(command?.args ?? [])];
      if (command?.name === "resume") {
        for (let i = 1; i <= sources.sessions(); i++) words.push(String(i));
      }
      const hits = words.filter((w) => w.startsWith(arg[2]));
      return [hits, arg[2]];
    }
    return mentions(before);
  };
}
