/**
 * Approval prompters for the CLI front ends. `createPrompter` picks the terminal menu (the same one the
 * interactive session shows) when stdin and stdout are both terminals, `prompts.mode` (or `line_mode`)
 * does not ask for lines and `TERM` is not `dumb`; else plain line prompts on stderr/stdin. The
 * `[prompts]` extras (timeout, notify command, answer pipe) wrap either.
 * @module
 */
import type { Readable } from "node:stream";
import type { Approver } from "../../../kernel/approval.ts";
import type { Config } from "../../../config/schema.ts";
import { LinePrompter } from "./line_prompter.ts";
import { MenuPrompter } from "./menu_prompter.ts";
import { withHeadlessPrompts } from "./headless.ts";
import { processTerminal, Terminal } from "../terminal.ts";

export { LinePrompter, type LinePrompterOptions, parseAnswer } from "./line_prompter.ts";
export { MenuPrompter } from "./menu_prompter.ts";
export { withHeadlessPrompts } from "./headless.ts";
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
  config: Pick<Config, "line_mode" | "prompts">;
  /** Working directory of the notify command. */
  cwd?: string;
  stdinIsTerminal?: boolean;
  stdoutIsTerminal?: boolean;
  /** `$TERM` (a `dumb` terminal gets line mode). */
  term?: string;
}

const encoder = new TextEncoder();
const NODE_PROCESS = "node:process";

/** The approver for this process's terminal (or lack of one). */
export function createPrompter(o: PrompterOptions): Prompter {
  const stdinTty = o.stdinIsTerminal ?? Deno.stdin.isTerminal();
  const stdoutTty = o.stdoutIsTerminal ?? Deno.stdout.isTerminal();
  const term = "term" in o ? o.term : Deno.env.get("TERM");
  const lines = o.config.line_mode === true || o.config.prompts?.mode === "line";
  const say = (text: string) => void Deno.stderr.writeSync(encoder.encode(text + "\n"));
  const wrap = (inner: Approver) =>
    withHeadlessPrompts(inner, { config: o.config.prompts, say, cwd: o.cwd ?? Deno.cwd() });
  if (stdinTty && stdoutTty && !lines && (o.config.prompts?.mode === "rich" || term !== "dumb")) {
    // The terminal is taken (raw mode) only while a question is asked; drawn on stderr.
    let menu: MenuPrompter | undefined;
    let terminal: Terminal | undefined;
    const approver = wrap({
      ask: (r, s) => {
        terminal ??= new Terminal(processTerminal("stderr"), { rawOnlyForKeys: true });
        menu ??= new MenuPrompter(terminal, (code, text) => `\x1b[${code}m${text}\x1b[0m`);
        return menu.ask(r, s);
      },
    });
    return {
      mode: "rich",
      ask: (r, s) => approver.ask(r, s),
      close: () => {
        approver.close();
        terminal?.close();
      },
    };
  }
  const line = new LinePrompter({
    // Not a literal: node:process (Deno's Node compatibility layer) loads only when a question is asked.
    input: async () =>
      (await import(NODE_PROCESS) as { default: { stdin: unknown } }).default.stdin as Readable,
    write: (text) => void Deno.stderr.writeSync(encoder.encode(text)),
  });
  const approver = wrap(line);
  return {
    mode: "line",
    ask: (r, s) => approver.ask(r, s),
    close: () => {
      approver.close();
      line.close();
    },
  };
}
