/**
 * An example organization plugin: a tool, a slash command and a PreToolUse guard, in under 40 lines.
 * Load it with `[plugins_ts] paths = ["/abs/path/to/acme_guard.ts"]` or compile it in with
 * `deno task build --with plugins/examples/acme_guard.ts`.
 * @module
 */
import { z } from "zod";
import { definePlugin } from "../../mod.ts";

export default definePlugin({
  name: "acme-guard",
  version: "1.0.0",
  api: 1,
  setup(ctx) {
    ctx.tool({
      name: "acme_ticket",
      description: "Looks up an ACME ticket by id and returns its title.",
      parameters: z.object({ id: z.string().regex(/^ACME-\d+$/).describe("ticket id, e.g. ACME-42") }),
      execute: ({ id }) => Promise.resolve(`${id}: Fix the flaky deploy step (status: open)`),
    });
    ctx.command({
      name: "acme",
      description: "show ACME's on-call policy",
      run: (_args, c) => c.print("ACME on-call: page #ops for production changes."),
    });
    ctx.on("PreToolUse", (input) => {
      const cmd = String((input.tool_input as { cmd?: string }).cmd ?? "");
      if (/\b(curl|wget)\b/.test(cmd)) {
        return { decision: "deny", reason: "ACME policy: no downloads from the agent" };
      }
    }, { match: "exec_command" });
  },
});
