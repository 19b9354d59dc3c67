/**
 * `/logout`: removes the API key saved by `codex login --with-api-key` ($CODEX_HOME/auth.json).
 * @module
 */
import type { SlashCommand } from "../../mod.ts";
import { removeAuth } from "../../lib/auth.ts";

/** `/logout`. */
export const logoutCommand: SlashCommand = {
  name: "logout",
  description: "remove the saved API key ($CODEX_HOME/auth.json)",
  run(_args, c) {
    const removed = removeAuth(c.session.codexHome);
    c.print(
      removed
        ? "Logged out: removed the saved API key. This session keeps the key it started with."
        : "Not logged in: no saved API key.",
    );
  },
};
