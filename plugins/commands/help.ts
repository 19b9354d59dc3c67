/**
 * `/help`: every slash command, sorted, with aliases and descriptions.
 * @module
 */
import type { SlashCommand } from "../../mod.ts";
import { columns } from "./format.ts";

/** `/help`. */
export const helpCommand: SlashCommand = {
  name: "help",
  description: "list slash commands",
  run(_args, c) {
    const commands = [...new Set(c.session.commands())].sort((a, b) => a.name.localeCompare(b.name));
    c.print("Slash commands:");
    const rows = commands.map((cmd) => {
      const aliases = (cmd.aliases ?? []).map((a) => `/${a}`).join(", ");
      return [`/${cmd.name}${aliases ? ` (${aliases})` : ""}`, cmd.description];
    });
    for (const line of columns(rows, "  ")) c.print(line);
    c.print("Also: !<command> runs a shell command, @<path> attaches a file.");
  },
};
