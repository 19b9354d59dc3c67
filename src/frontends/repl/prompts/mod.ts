/**
 * Approval prompters for the CLI front ends. `createPrompter` picks rich terminal menus when stdin and
 * stdout are both terminals, `line_mode` is not set and `TERM` is not `dumb`; else plain line prompts on
 * stderr/stdin.
 * @module
 */
import process from "node:process";
import type { Readable } from "node:stream";
import type { Approver } from "../../../kernel/approval.ts";
import type { Config } from "../../../config/schema.ts";
import { LinePrompter } from "./line_prompter.ts";
import { RichPrompter } from "./rich_prompter.ts";

export { LinePrompter, type LinePrompterOptions, parseAnswer } from "./line_prompter.ts";
export { RichPrompter } from "./rich_prompter.ts";
export { APPROVAL_CHOICES, approvalQuestion } from "./describe.ts";

/** An approver that may hold the terminal or stdin open. */
export interface Prompter extends Approver {
  /** Which kind was chosen. */
  readonly mode: "rich" | "line";
  /** Releases stdin. */
  close(): void;
}

/** Inputs of `createPrompter` (tests override the terminal checks). */
export interface PrompterOptions {
  config: Pick<Config, "line_mode">;
  stdinIsTerminal?: boolean;
  stdoutIsTerminal?: boolean;
  /** `$TERM` (a `dumb` terminal gets line mode). */
  term?: string;
}

const encoder = new TextEncoder();

/** The approver for this process's terminal (or lack of one). */
export function createPrompter(o: PrompterOptions): Prompter {
  const stdinTty = o.stdinIsTerminal ?? Deno.stdin.isTerminal();
  const stdoutTty = o.stdoutIsTerminal ?? Deno.stdout.isTerminal();
  const term = "term" in o ? o.term : Deno.env.get("TERM");
  if (stdinTty && stdoutTty && o.config.line_mode !== true && term !== "dumb") {
    const rich = new RichPrompter();
    return { mode: "rich", ask: (r, s) => rich.ask(r, s), close: () => {} };
  }
  const line = new LinePrompter({
    input: () => process.stdin as unknown as Readable,
    write: (text) => void Deno.stderr.writeSync(encoder.encode(text)),
  });
  return { mode: "line", ask: (r, s) => line.ask(r, s), close: () => line.close() };
}
