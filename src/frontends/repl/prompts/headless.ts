/**
 * What `[prompts]` adds around any approver for unattended boxes: a notify command run when a prompt
 * starts waiting, an answer pipe (a FIFO another terminal writes answers to), and a timeout after which
 * the configured default answer (deny unless set) is taken. Whichever answers first wins; the others
 * are cancelled.
 * @module
 */
import { existsSync, statSync } from "../../../../lib/fs.ts";
import type { ApprovalDecision, ApprovalRequest, Approver } from "../../../kernel/approval.ts";
import type { PromptsConfig } from "../../../config/prompts.ts";
import { LazyLines } from "../line_source.ts";
import { isUnanswered, parseAnswer } from "./line_prompter.ts";

/** Options of `withHeadlessPrompts`. */
export interface HeadlessOptions {
  config: PromptsConfig | undefined;
  /** Where to say what happened (answered from the pipe, timed out, notify failed). */
  say(text: string): void;
  cwd: string;
}

const TIMEOUT_DECISIONS: Record<PromptsConfig["timeout_answer"], ApprovalDecision["decision"]> = {
  deny: "denied",
  approve: "approved",
  abort: "abort",
};

/** Lines written to a FIFO, read for the whole session (opened read-write so writers come and go). */
class AnswerPipe {
  #lines: LazyLines;
  #file: Deno.FsFile | undefined;
  #waiting: ((line: string) => void) | undefined;
  readonly path: string;

  constructor(path: string) {
    this.path = path;
    if (!existsSync(path)) {
      const made = new Deno.Command("mkfifo", { args: ["-m", "600", path], stderr: "piped" }).outputSync();
      if (!made.success) {
        throw new Error(
          `prompts.answer_pipe: cannot create the named pipe ${path}: ${
            new TextDecoder().decode(made.stderr).trim()
          }`,
        );
      }
    } else if (!statSync(path).isFIFO()) {
      throw new Error(
        `prompts.answer_pipe: expected a named pipe (FIFO) at ${path}, found another kind of file`,
      );
    }
    this.#lines = new LazyLines(() => {
      this.#file = Deno.openSync(path, { read: true, write: true });
      return this.#file.readable;
    });
    this.#pump();
  }

  async #pump(): Promise<void> {
    for (;;) {
      const line = await this.#lines.next();
      if (line === null) return;
      if (line.trim() === "") continue;
      const w = this.#waiting;
      if (w) {
        this.#waiting = undefined;
        w(line);
      }
    }
  }

  /** The next line written to the pipe (lines written while nobody waits are dropped). */
  next(signal: AbortSignal): Promise<string | "aborted"> {
    if (signal.aborted) return Promise.resolve("aborted");
    return new Promise((resolve) => {
      const done = (v: string | "aborted") => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      };
      const onAbort = () => {
        this.#waiting = undefined;
        done("aborted");
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.#waiting = done;
    });
  }

  close(): void {
    this.#lines.close();
    try {
      this.#file?.close();
    } catch { /* already closed */ }
  }
}

/** Runs `argv` with a JSON payload appended; failures are reported, never thrown. */
function notify(argv: string[], payload: Record<string, unknown>, say: (t: string) => void, cwd: string) {
  try {
    const child = new Deno.Command(argv[0], {
      args: [...argv.slice(1), JSON.stringify(payload)],
      cwd,
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    child.status.then((s) => {
      if (!s.success) say(`prompts.notify_command exited with code ${s.code}`);
    });
  } catch (err) {
    say(`prompts.notify_command could not run ${argv[0]}: ${err instanceof Error ? err.message : err}`);
  }
}

/** Parses an answer pipe line: `y`, or `<approval id> y`. Undefined when it is not an answer. */
export function parsePipeAnswer(line: string): { id?: string; key: string; rest: string } | undefined {
  const m = line.trim().match(/^(appr_\d+\s+)?(\S+)\s*(.*)$/);
  if (!m) return undefined;
  const key = parseAnswer(m[2]);
  return key ? { id: m[1]?.trim(), key, rest: m[3] } : undefined;
}

/** Wraps `inner` with the `[prompts]` extras; returns it unchanged when none are configured. */
export function withHeadlessPrompts(inner: Approver, o: HeadlessOptions): Approver & { close(): void } {
  const config = o.config;
  const pipe = config?.answer_pipe ? new AnswerPipe(config.answer_pipe) : undefined;
  if (!config || (!pipe && !config.notify_command && config.approval_timeout_secs === undefined)) {
    return { ask: (r, s) => inner.ask(r, s), close: () => {} };
  }
  return {
    close: () => pipe?.close(),
    async ask(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision> {
      if (config.notify_command) {
        notify(
          config.notify_command,
          {
            type: "approval-requested",
            id: request.id,
            kind: request.kind,
            summary: request.summary,
            cwd: request.cwd,
            ...(pipe ? { answer_pipe: pipe.path } : {}),
          },
          o.say,
          o.cwd,
        );
      }
      const cancel = new AbortController();
      const inner$ = AbortSignal.any([signal, cancel.signal]);
      // Said once the prompt is over, so nothing is printed into a menu being drawn.
      const notes: string[] = [];
      const say = (text: string) => notes.push(text);
      const others = pipe !== undefined || config.approval_timeout_secs !== undefined;
      const asked = inner.ask(request, inner$);
      const racers: Promise<ApprovalDecision | undefined>[] = [
        // Without a terminal or stdin, the pipe or the timeout answers instead.
        asked.then((d) =>
          (cancel.signal.aborted && !signal.aborted) || (others && isUnanswered(d)) ? undefined : d
        ),
      ];
      if (pipe) {
        racers.push((async () => {
          for (;;) {
            const line = await pipe.next(inner$);
            if (line === "aborted") return undefined;
            const answer = parsePipeAnswer(line);
            if (!answer || (answer.id && answer.id !== request.id)) {
              say(
                `answer pipe: ignored '${line.trim()}' (expected y, a, n, f <feedback>, q for ${request.id})`,
              );
              continue;
            }
            say(`answered from ${pipe.path}: ${answer.key}`);
            return pipeDecision(answer.key, answer.rest);
          }
        })());
      }
      if (config.approval_timeout_secs !== undefined) {
        const secs = config.approval_timeout_secs;
        racers.push(
          new Promise((resolve) => {
            const timer = setTimeout(() => {
              say(`no answer within ${secs}s: ${config.timeout_answer}`);
              resolve({
                decision: TIMEOUT_DECISIONS[config.timeout_answer],
                reason: `no one answered the approval prompt within ${secs}s`,
              });
            }, secs * 1000);
            inner$.addEventListener("abort", () => {
              clearTimeout(timer);
              resolve(undefined);
            }, { once: true });
          }),
        );
      }
      // The first defined answer wins; the rest are cancelled.
      const decision = await new Promise<ApprovalDecision>((resolve) => {
        let left = racers.length;
        for (const r of racers) {
          r.then((d) => {
            if (d) resolve(d);
            else if (--left === 0) resolve({ decision: "abort", reason: "the turn was interrupted" });
          });
        }
      });
      cancel.abort();
      await asked.catch(() => undefined);
      for (const note of notes) o.say(note);
      return decision;
    },
  };
}

function pipeDecision(key: string, rest: string): ApprovalDecision {
  switch (key) {
    case "y":
      return { decision: "approved" };
    case "a":
      return { decision: "approved_for_session" };
    case "q":
      return { decision: "abort" };
    case "f":
      return rest.trim() ? { decision: "denied", feedback: rest.trim() } : { decision: "denied" };
    default:
      return { decision: "denied" };
  }
}
