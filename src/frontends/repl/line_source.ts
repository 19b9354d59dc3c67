/**
 * Where the interactive session's lines come from and where its output goes: the raw-mode terminal
 * (terminal.ts), or plain lines for pipes, serial consoles and `prompts.mode = "line"`. Plain lines are
 * read only when asked for, in order, so a piped script's answers meet the prompts they were written for
 * and nothing is announced as "queued".
 * @module
 */
import { Terminal } from "./terminal.ts";

/** The session's input and output. */
export interface LineSource {
  /** The next message line, or null once input has ended (or the person quit). */
  next(prompt: string): Promise<string | null>;
  /** One answer to a question just asked; "aborted" when `signal` aborts first. */
  answer(prompt: string, signal: AbortSignal): Promise<string | null | "aborted">;
  /** Program output. */
  write(text: string): void;
  /** A notice on its own line (never in the middle of output). */
  notice(text: string): void;
  /** Called on Ctrl-C while no line is being edited (terminal only; pipes get SIGINT). */
  onInterrupt?: () => void;
  /** The raw-mode terminal, when there is one. */
  readonly terminal?: Terminal;
  close(): void;
}

const encoder = new TextEncoder();

/** Reads lines from a byte stream only when asked for one. */
export class LazyLines {
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  #open: () => ReadableStream<Uint8Array> | null;
  #buffer = "";
  #decoder = new TextDecoder();
  #ended = false;
  #reading: Promise<string | null> | undefined;

  constructor(open: () => ReadableStream<Uint8Array> | null) {
    this.#open = open;
  }

  /** The next line (without its newline), or null at end of input. */
  next(): Promise<string | null> {
    // One read at a time: a second caller waits for the first.
    const prior = this.#reading ?? Promise.resolve(null);
    const run = prior.then(() => this.#read());
    this.#reading = run.catch(() => null);
    return run;
  }

  async #read(): Promise<string | null> {
    for (;;) {
      const nl = this.#buffer.indexOf("\n");
      if (nl >= 0) {
        const line = this.#buffer.slice(0, nl).replace(/\r$/, "");
        this.#buffer = this.#buffer.slice(nl + 1);
        return line;
      }
      if (this.#ended) {
        if (this.#buffer === "") return null;
        const last = this.#buffer;
        this.#buffer = "";
        return last;
      }
      if (!this.#reader) {
        const stream = (() => {
          try {
            return this.#open();
          } catch {
            return null;
          }
        })();
        if (!stream) {
          this.#ended = true;
          continue;
        }
        this.#reader = stream.getReader();
      }
      try {
        const { value, done } = await this.#reader.read();
        if (done) this.#ended = true;
        else this.#buffer += this.#decoder.decode(value, { stream: true });
      } catch {
        this.#ended = true;
      }
    }
  }

  /** Puts a line back to be read first (an answer that arrived after its question was cancelled). */
  unread(line: string): void {
    this.#buffer = line + "\n" + this.#buffer;
  }

  /** Stops reading. */
  close(): void {
    this.#reader?.cancel().catch(() => {});
  }
}

/** Plain lines from stdin; output straight to stdout. */
export function plainLines(): LineSource {
  const lines = new LazyLines(() => Deno.stdin.readable);
  const write = (text: string) => {
    const bytes = encoder.encode(text);
    let off = 0;
    while (off < bytes.length) off += Deno.stdout.writeSync(bytes.subarray(off));
  };
  let atLineStart = true;
  return {
    next: () => lines.next(),
    answer: (prompt, signal) => {
      if (signal.aborted) return Promise.resolve("aborted");
      if (prompt !== "") {
        write(prompt);
        atLineStart = prompt.endsWith("\n");
      }
      return new Promise((resolve) => {
        let aborted = false;
        const onAbort = () => {
          aborted = true;
          resolve("aborted");
        };
        signal.addEventListener("abort", onAbort, { once: true });
        lines.next().then((line) => {
          signal.removeEventListener("abort", onAbort);
          // Not this question's answer any more: leave it for whoever reads next.
          if (aborted && line !== null) lines.unread(line);
          resolve(line);
        });
      });
    },
    write: (text) => {
      if (text === "") return;
      write(text);
      atLineStart = text.endsWith("\n");
    },
    notice: (text) => {
      write((atLineStart ? "" : "\n") + text + "\n");
      atLineStart = true;
    },
    close: () => lines.close(),
  };
}

/** The raw-mode terminal as a line source. */
export function terminalLines(terminal: Terminal): LineSource {
  const source: LineSource = {
    terminal,
    next: (prompt) => terminal.next(prompt),
    answer: (prompt, signal) => terminal.readAnswer(prompt, signal),
    write: (text) => terminal.write(text),
    notice: (text) => terminal.notice(text),
    close: () => terminal.close(),
  };
  terminal.onInterrupt = () => source.onInterrupt?.();
  return source;
}
