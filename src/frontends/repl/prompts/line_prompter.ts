/**
 * Line-mode approval prompts: plain lines on an output stream (stderr), one answer line read from an
 * input stream (stdin). Works with piped answers and without any stdin; when no answer can be read
 * (end of input, no stdin) it takes the safe default and denies.
 * @module
 */
import type { Interface } from "node:readline";
import type { Readable } from "node:stream";
import type { ApprovalDecision, ApprovalRequest, Approver } from "../../../kernel/approval.ts";
import { APPROVAL_CHOICES, type ApprovalKey, approvalQuestion, formFields } from "./describe.ts";

/** Accepted spellings of each answer. */
const WORDS: Record<string, ApprovalKey> = {
  y: "y",
  yes: "y",
  once: "y",
  a: "a",
  always: "a",
  session: "a",
  n: "n",
  no: "n",
  deny: "n",
  f: "f",
  feedback: "f",
  q: "q",
  quit: "q",
  abort: "q",
};

const UNANSWERED = new WeakSet<ApprovalDecision>();

/** A deny given because no one could answer (no stdin, end of input), not because someone said no. */
export function unanswered(reason: string): ApprovalDecision {
  const decision: ApprovalDecision = { decision: "denied", reason };
  UNANSWERED.add(decision);
  return decision;
}

/** Whether `decision` came from `unanswered` (others, e.g. an answer pipe, may still answer). */
export function isUnanswered(decision: ApprovalDecision): boolean {
  return UNANSWERED.has(decision);
}

/** Maps an answer line to its key; undefined when it is not an answer. */
export function parseAnswer(line: string): ApprovalKey | undefined {
  return WORDS[line.trim().toLowerCase()];
}

/** A source of answer lines someone else already reads from stdin (the interactive session's input). */
export interface AnswerLines {
  /** The next line, or null at end of input; "aborted" when `signal` aborts first. */
  next(signal: AbortSignal): Promise<string | null | "aborted">;
}

/** Options of `LinePrompter`. */
export interface LinePrompterOptions {
  /**
   * Where answers come from: a stream (opened on the first question; null or a thrower when there is no
   * stdin), or lines shared with another reader of stdin.
   */
  input: Readable | null | (() => Readable | null | Promise<Readable | null>) | AnswerLines;
  /** Where questions go. */
  write(text: string): void;
}

/** Reads answers from a shared line source, honouring abort. */
class SharedLineReader {
  #lines: AnswerLines;
  constructor(lines: AnswerLines) {
    this.#lines = lines;
  }

  next(signal: AbortSignal): Promise<string | null | "aborted"> {
    if (signal.aborted) return Promise.resolve("aborted");
    return this.#lines.next(signal);
  }

  close(): void {}
}

// Not a literal: node:readline (and with it Deno's Node compatibility layer, tens of milliseconds) loads
// only when a question is asked.
const READLINE = "node:readline";

/** Reads lines one at a time from a stream; null at end of input (or when there is no stream). */
class LineReader {
  #rl: Promise<Interface | undefined>;
  #lines: string[] = [];
  #waiters: ((line: string | null) => void)[] = [];
  #ended = false;

  constructor(input: Readable | Promise<Readable | null>) {
    this.#rl = Promise.all([import(READLINE), input]).then(
      ([{ createInterface }, stream]: [typeof import("node:readline"), Readable | null]) => {
        if (!stream) return this.#end();
        const rl = createInterface({ input: stream, terminal: false, crlfDelay: Infinity });
        rl.on("line", (line) => {
          const waiter = this.#waiters.shift();
          if (waiter) waiter(line);
          else this.#lines.push(line);
        });
        rl.on("close", () => this.#end());
        return rl;
      },
      () => this.#end(),
    );
  }

  #end(): undefined {
    this.#ended = true;
    for (const w of this.#waiters.splice(0)) w(null);
    return undefined;
  }

  next(signal: AbortSignal): Promise<string | null | "aborted"> {
    const queued = this.#lines.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.#ended) return Promise.resolve(null);
    if (signal.aborted) return Promise.resolve("aborted");
    return new Promise((resolve) => {
      const onAbort = () => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        resolve("aborted");
      };
      const waiter = (line: string | null) => {
        signal.removeEventListener("abort", onAbort);
        resolve(line);
      };
      this.#waiters.push(waiter);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  close(): void {
    void this.#rl.then((rl) => rl?.close());
  }
}

const MENU = "  " + APPROVAL_CHOICES.map((c) => `[${c.key}] ${c.label}`).join("  ");

/** Asks approval questions as plain lines. */
export class LinePrompter implements Approver {
  readonly #o: LinePrompterOptions;
  #reader: LineReader | SharedLineReader | null | undefined;

  constructor(options: LinePrompterOptions) {
    this.#o = options;
  }

  #open(): LineReader | SharedLineReader | null {
    if (this.#reader !== undefined) return this.#reader;
    const given = this.#o.input;
    if (given !== null && typeof given === "object" && "next" in given && typeof given.next === "function") {
      this.#reader = new SharedLineReader(given as AnswerLines);
      return this.#reader;
    }
    let input: Readable | Promise<Readable | null> | null = null;
    try {
      input = typeof given === "function" ? given() : given as Readable | null;
    } catch {
      input = null;
    }
    this.#reader = input ? new LineReader(input) : null;
    return this.#reader;
  }

  /** Asks one question; denies when no answer can be read. */
  async ask(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision> {
    const write = this.#o.write;
    write(`${approvalQuestion(request)}\n${MENU}\n> `);
    const reader = this.#open();
    if (!reader) {
      write("\nno input to read an answer from: denied\n");
      return unanswered("no one could answer the approval prompt (no stdin)");
    }
    for (;;) {
      const line = await reader.next(signal);
      if (line === "aborted") {
        write("\n");
        return { decision: "abort", reason: "the turn was interrupted" };
      }
      if (line === null) {
        write("\nend of input: denied\n");
        return unanswered("no one answered the approval prompt (end of input)");
      }
      const key = parseAnswer(line);
      switch (key) {
        case "y":
        case "a": {
          const decision = key === "y" ? "approved" : "approved_for_session";
          if (!request.form) return { decision };
          const content: Record<string, unknown> = {};
          for (const field of formFields(request)) {
            write(`  ${field.label}> `);
            const value = await reader.next(signal);
            if (value === "aborted") return { decision: "abort", reason: "the turn was interrupted" };
            if (value === null) break;
            if (value.trim() !== "") content[field.key] = value.trim();
          }
          return { decision, content };
        }
        case "n":
          return { decision: "denied" };
        case "q":
          return { decision: "abort" };
        case "f": {
          write("feedback for the model> ");
          const feedback = await reader.next(signal);
          if (feedback === "aborted") return { decision: "abort", reason: "the turn was interrupted" };
          if (feedback === null) write("\n");
          return feedback ? { decision: "denied", feedback } : { decision: "denied" };
        }
        default:
          write(`please answer ${APPROVAL_CHOICES.map((c) => c.key).join(", ")}\n> `);
      }
    }
  }

  /** Stops reading input (lets the process exit). */
  close(): void {
    this.#reader?.close();
  }
}
