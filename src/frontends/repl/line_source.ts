/**
 * Lines typed by the person, as an async queue over `node:readline`. Works on a TTY (prompt, editing,
 * completion, history) and on pipes or serial consoles (plain lines); lines that arrive while nobody is
 * waiting (a turn is running) are queued for later.
 * @module
 */
import { createInterface, type Interface } from "node:readline";
import process from "node:process";

/** A source of input lines. */
export interface LineSource {
  /** The next line, or null once input has ended. */
  next(prompt?: string): Promise<string | null>;
  /** Lines waiting to be read. */
  readonly queued: number;
  /** Called when a line arrives while nobody waits for one (it is queued). */
  onQueued?: (line: string) => void;
  /** Called on Ctrl-C typed at a TTY. */
  onInterrupt?: () => void;
  close(): void;
}

/** Options of `stdinLines`. */
export interface StdinLinesOptions {
  /** Whether stdin and stdout are a terminal (prompt, editing, completion). */
  terminal: boolean;
  /** Tab completion for the current line. */
  completer?: (line: string) => [string[], string];
  /** Earlier inputs for up-arrow, newest first. */
  history?: string[];
}

/** Reads lines from the process's stdin. */
export function stdinLines(options: StdinLinesOptions): LineSource {
  const rl: Interface = createInterface({
    input: process.stdin,
    output: options.terminal ? process.stdout : undefined,
    terminal: options.terminal,
    completer: options.terminal ? options.completer : undefined,
    history: options.history,
    historySize: 1000,
  });
  const queue: string[] = [];
  let waiter: ((line: string | null) => void) | undefined;
  let ended = false;
  const source: LineSource = {
    get queued() {
      return queue.length;
    },
    next(prompt) {
      if (queue.length > 0) return Promise.resolve(queue.shift()!);
      if (ended) return Promise.resolve(null);
      if (options.terminal && prompt !== undefined) {
        rl.setPrompt(prompt);
        rl.prompt();
      }
      return new Promise((resolve) => (waiter = resolve));
    },
    close() {
      rl.close();
    },
  };
  rl.on("line", (line: string) => {
    if (waiter) {
      const w = waiter;
      waiter = undefined;
      w(line);
    } else {
      queue.push(line);
      source.onQueued?.(line);
    }
  });
  rl.on("close", () => {
    ended = true;
    waiter?.(null);
    waiter = undefined;
  });
  rl.on("SIGINT", () => source.onInterrupt?.());
  return source;
}
