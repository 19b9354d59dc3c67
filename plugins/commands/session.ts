/**
 * Thread commands: `/new`, `/resume`, `/fork`, `/compact`, `/quit` (alias `/exit`).
 * @module
 */
import type { SlashCommand } from "../../mod.ts";
import { columns } from "./format.ts";

/** How many saved sessions `/resume` lists. */
export const RESUME_LIST_LIMIT = 10;

/** `/new`. */
export const newCommand: SlashCommand = {
  name: "new",
  description: "start a new conversation (same settings)",
  async run(_args, c) {
    await c.session.newThread();
  },
};

/** `/resume [id|n|--last]`. */
export const resumeCommand: SlashCommand = {
  name: "resume",
  description: "resume a saved session: /resume lists them, /resume <id|n> or /resume --last",
  args: ["--last"],
  async run(args, c) {
    const arg = args.trim();
    if (arg === "--last") {
      await c.session.resume();
      return;
    }
    if (arg === "") {
      const sessions = c.session.listSessions(RESUME_LIST_LIMIT);
      if (sessions.length === 0) {
        c.print("No saved sessions.");
        return;
      }
      c.print("Recent sessions (newest first):");
      const rows = sessions.map((s, i) => [
        `${i + 1}.`,
        s.startedAt.replace("T", " ").slice(0, 16),
        s.id,
        (s.cwd === c.session.cwd ? "" : `[${s.cwd}] `) + (s.preview || "(no message)"),
      ]);
      for (const line of columns(rows, "  ")) c.print(line);
      c.print(
        "Resume one with /resume <n> or /resume <id>; /resume --last picks the newest in this directory.",
      );
      return;
    }
    if (/^\d+$/.test(arg) && arg.length < 4) {
      const sessions = c.session.listSessions(RESUME_LIST_LIMIT);
      const chosen = sessions[Number(arg) - 1];
      if (!chosen) {
        c.print(
          `No session ${arg}: expected a number from 1 to ${sessions.length}, a session id, or --last.`,
        );
        return;
      }
      await c.session.resume(chosen.id);
      return;
    }
    await c.session.resume(arg);
  },
};

/** `/fork`. */
export const forkCommand: SlashCommand = {
  name: "fork",
  description: "continue in a new session that starts from a copy of this one",
  async run(_args, c) {
    await c.session.fork();
  },
};

/** `/compact`. */
export const compactCommand: SlashCommand = {
  name: "compact",
  description: "summarize the conversation to free context",
  async run(_args, c) {
    if (await c.session.compact()) c.print("Conversation compacted.");
    else c.print("Conversation not compacted.");
  },
};

/** `/quit` (alias `/exit`). */
export const quitCommand: SlashCommand = {
  name: "quit",
  aliases: ["exit"],
  description: "end the session",
  run(_args, c) {
    c.session.quit();
  },
};
