/**
 * `[prompts]`: how the CLI asks a person for approvals, for daily use and for headless boxes (servers,
 * CI runners, tmux sessions nobody watches).
 *
 * ```toml
 * [prompts]
 * mode = "line"                       # auto (menu on a terminal, lines otherwise) | line | rich
 * approval_timeout_secs = 300         # no answer within 5 minutes ...
 * timeout_answer = "deny"             # ... means deny (the default; or "approve", "abort")
 * notify_command = ["notify-send", "codex"]   # run when a prompt waits; gets a JSON payload as last arg
 * answer_pipe = "/run/codex/answers"  # a FIFO: `echo y > /run/codex/answers` answers from elsewhere
 * ```
 * @module
 */
import { z } from "zod";

/** The `[prompts]` table. */
export const PromptsSchema = z.object({
  /** `auto`: an arrow-key menu on a terminal, plain lines otherwise; `line`: always plain lines. */
  mode: z.enum(["auto", "line", "rich"]).default("auto"),
  /** Seconds an approval prompt waits before `timeout_answer` is taken (unset: wait forever). */
  approval_timeout_secs: z.number().positive().optional(),
  /** The answer taken when an approval prompt times out. */
  timeout_answer: z.enum(["deny", "approve", "abort"]).default("deny"),
  /** A command (argv) run when a prompt starts waiting; a JSON payload is appended as its last argument. */
  notify_command: z.array(z.string()).min(1).optional(),
  /** A named pipe (created when missing) from which answer lines (`y`, `appr_3 n`, …) are read. */
  answer_pipe: z.string().min(1).optional(),
}).strict();

/** The parsed `[prompts]` table. */
export type PromptsConfig = z.output<typeof PromptsSchema>;
