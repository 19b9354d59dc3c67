/**
 * `exec` without `--json`: progress on stderr in Codex's plain layout (header, `user`, `thinking`,
 * `exec`, `codex`, `tokens used`). The final message goes to stdout (see exec.ts).
 * @module
 */
import type { ThreadEvent, ThreadItem, Usage } from "../../kernel/events.ts";
import type { TodoEntry } from "../../plugin_api/items.ts";
import { colorDiff, MarkdownStream } from "./markdown.ts";

/** Header facts printed once. */
export interface HeaderInfo {
  program: string;
  version: string;
  workdir: string;
  model: string;
  provider: string;
  approval: string;
  sandbox: string;
  reasoningEffort?: string;
  reasoningSummaries?: string;
  sessionId: string;
}

/** `--color` resolved to a yes/no. */
export function colorEnabled(mode: string | undefined, isTerminal: boolean): boolean {
  if (mode === "always") return true;
  if (mode === "never") return false;
  return isTerminal && !Deno.env.get("NO_COLOR");
}

const MAX_OUTPUT_LINES = 20;

/** Tokens shown under `tokens used`: non-cached input plus output. */
export function tokensUsed(u: Usage): number {
  return u.input_tokens - u.cached_input_tokens + u.output_tokens;
}

/** A patch's file headers and hunks, without its envelope, at most `max` lines. */
function patchBody(patch: string, max = 60): string {
  const lines = patch.replace(/\r\n/g, "\n").split("\n")
    .filter((l) => !/^\*\*\* (Begin|End) Patch/.test(l) && l !== "")
    .map((l) =>
      l.replace(
        /^\*\*\* (Add|Update|Delete) File: /,
        (_m, k) => `${k === "Add" ? "+++" : k === "Delete" ? "---" : "+++"} `,
      )
    );
  return lines.length > max
    ? [...lines.slice(0, max), `… +${lines.length - max} lines`].join("\n")
    : lines.join("\n");
}

/** Renders thread events as text lines to `write`. */
export class HumanRenderer {
  #write: (text: string) => void;
  #color: boolean;
  #started = new Map<string, number>();
  #cwd = "";
  /** Whether assistant text is being streamed (its `agent_message` item then adds only a newline). */
  #streaming = false;

  readonly #hideReasoning: boolean;
  #markdown: MarkdownStream | undefined;

  /**
   * Renders to `write`; `hideReasoning` (config `hide_agent_reasoning`) leaves reasoning items out;
   * `markdown` renders assistant text as light Markdown (interactive terminals with colour).
   */
  constructor(
    write: (text: string) => void,
    color: boolean,
    hideReasoning = false,
    options: { markdown?: boolean; columns?: () => number } = {},
  ) {
    this.#write = write;
    this.#color = color;
    this.#hideReasoning = hideReasoning;
    if (options.markdown) this.#markdown = new MarkdownStream(write, options.columns);
  }

  /** Output of slash command `name`, coloured where it helps (`/diff`). */
  command(name: string, text: string): string {
    return this.#color && name === "diff" ? colorDiff(text) : text;
  }

  #style(code: string, text: string): string {
    return this.#color ? `\x1b[${code}m${text}\x1b[0m` : text;
  }

  #line(text = ""): void {
    this.#write(text + "\n");
  }

  /** Prints the session header (without the prompt). */
  banner(h: HeaderInfo): void {
    this.#cwd = h.workdir;
    this.#line(
      this.#style("1", `${h.program} v${h.version}`) + this.#style("2", `  ${h.model} · ${h.workdir}`),
    );
    this.#line(this.#style("2", `approval: ${h.approval} · sandbox: ${h.sandbox} · session: ${h.sessionId}`));
    this.#line(
      this.#style(
        "2",
        "Type a message, /help for commands, !cmd to run a shell command, @path to attach a file.",
      ),
    );
  }

  /** Prints the header and the user prompt. */
  header(h: HeaderInfo, prompt: string): void {
    this.#cwd = h.workdir;
    this.#line(`${h.program} v${h.version}`);
    this.#line("--------");
    this.#line(`workdir: ${h.workdir}`);
    this.#line(`model: ${h.model}`);
    this.#line(`provider: ${h.provider}`);
    this.#line(`approval: ${h.approval}`);
    this.#line(`sandbox: ${h.sandbox}`);
    this.#line(`reasoning effort: ${h.reasoningEffort ?? "none"}`);
    this.#line(`reasoning summaries: ${h.reasoningSummaries ?? "none"}`);
    this.#line(`session id: ${h.sessionId}`);
    this.#line("--------");
    this.#line(this.#style("1;36", "user"));
    this.#line(prompt);
  }

  /** Prints streamed assistant text (interactive mode). */
  delta(text: string): void {
    if (!this.#streaming) {
      this.#streaming = true;
      this.#line();
      this.#line(this.#style("1;35", "codex"));
    }
    if (this.#markdown) this.#markdown.push(text);
    else this.#write(text);
  }

  /** Ends a turn's streamed text if it was cut short (an interrupt): the next output starts a line. */
  finishTurn(): void {
    if (!this.#streaming) return;
    this.#streaming = false;
    this.#markdown?.end();
    this.#line();
  }

  /** Handles one event. */
  event(e: ThreadEvent): void {
    switch (e.type) {
      case "item.started":
        return this.#itemStarted(e.item);
      case "item.updated":
        if (e.item.type === "todo_list") this.#todo(e.item.items, "Plan update", e.item.explanation);
        else if (e.item.type === "mcp_tool_call" && e.item.progress) {
          const p = e.item.progress;
          const amount = p.total !== undefined ? `${p.progress}/${p.total}` : `${p.progress}`;
          this.#line(
            this.#style(
              "2",
              `${e.item.server}.${e.item.tool} progress ${amount}${p.message ? `: ${p.message}` : ""}`,
            ),
          );
        }
        return;
      case "item.completed":
        return this.#itemCompleted(e.item);
      case "error":
        this.#line(this.#style("31", `ERROR: ${e.message}`));
        return;
      case "turn.completed":
        this.#line(this.#style("1;35", "tokens used"));
        this.#line(tokensUsed(e.usage).toLocaleString("en-US"));
        return;
      default:
        return;
    }
  }

  #todo(items: TodoEntry[], title: string, explanation?: string): void {
    this.#line();
    this.#line(this.#style("1;35", title));
    if (explanation) this.#line(this.#style("3", `  ${explanation}`));
    for (const t of items) {
      const status = t.status ?? (t.completed ? "completed" : "pending");
      if (status === "completed") this.#line(this.#style("2", `  ✔ ${t.text}`));
      else if (status === "in_progress") this.#line(this.#style("1;36", `  ◐ ${t.text}`));
      else this.#line(`  □ ${t.text}`);
    }
  }

  #itemStarted(item: ThreadItem): void {
    if (item.type === "command_execution") {
      this.#started.set(item.id, performance.now());
      this.#line();
      this.#line(this.#style("1;35", "exec"));
      this.#line(`${this.#style("1", item.command)} in ${this.#cwd}`);
    } else if (item.type === "todo_list") {
      this.#todo(item.items, "Plan update", item.explanation);
    } else if (item.type === "file_change") {
      this.#line();
      this.#line(this.#style("1;35", "apply patch"));
    } else if (item.type === "web_search") {
      this.#line(`web search: ${item.query}`);
    }
  }

  #itemCompleted(item: ThreadItem): void {
    switch (item.type) {
      case "reasoning":
        if (this.#hideReasoning) return;
        this.#line();
        this.#line(this.#style("3;35", "thinking"));
        this.#line(this.#style("3", item.text));
        return;
      case "agent_message":
        if (this.#streaming) {
          this.#streaming = false;
          this.#markdown?.end();
          this.#line();
          return;
        }
        this.#line();
        this.#line(this.#style("1;35", "codex"));
        if (this.#markdown) {
          this.#markdown.push(item.text);
          this.#markdown.end();
          this.#line();
        } else this.#line(item.text);
        return;
      case "command_execution": {
        const began = this.#started.get(item.id) ?? performance.now();
        const ms = Math.round(performance.now() - began);
        const ok = item.status === "completed";
        const verdict = ok ? this.#style("32", ` succeeded in ${ms}ms:`) : this.#style(
          "31",
          ` ${item.status === "declined" ? "declined" : `exited ${item.exit_code ?? "?"}`} in ${ms}ms:`,
        );
        this.#line(verdict);
        if (item.aggregated_output !== "") {
          this.#line(this.#style("2", outputPreview(item.aggregated_output).join("\n")));
        }
        return;
      }
      case "file_change":
        this.#line(`patch: ${item.status}`);
        for (const c of item.changes) {
          this.#line(`${c.kind === "add" ? "A" : c.kind === "delete" ? "D" : "M"} ${c.path}`);
        }
        if (this.#markdown && item.patch) this.#line(colorDiff(patchBody(item.patch)));
        return;
      case "mcp_tool_call":
        this.#line();
        this.#line(this.#style("1;35", "tool"));
        this.#line(
          `${item.server}.${item.tool} ${item.status}${item.error ? `: ${item.error.message}` : ""}`,
        );
        return;
      case "web_search":
        this.#line(`web search: ${item.query}`);
        return;
      case "error":
        this.#line(this.#style("33", `warning: ${item.message}`));
        return;
      case "todo_list":
        return;
    }
  }
}

const OMITTED_BYTES = /^\.\.\. (\d+) bytes omitted \.\.\.$/;

/**
 * The lines of a command's output shown in human mode: the first and last `MAX_OUTPUT_LINES / 2` lines
 * around `… +N lines …`, where N counts the hidden lines of `aggregated_output` (the
 * `... N bytes omitted ...` line of a head-and-tail capture is reported as bytes, not as a line).
 */
export function outputPreview(aggregated: string): string[] {
  const lines = aggregated.replace(/\n$/, "").split("\n");
  if (lines.length <= MAX_OUTPUT_LINES) return lines;
  const half = MAX_OUTPUT_LINES / 2;
  const hidden = lines.slice(half, lines.length - half);
  const marker = hidden.map((l) => OMITTED_BYTES.exec(l)).find((m) => m !== null);
  const count = hidden.length - (marker ? 1 : 0);
  const note = marker ? ` and ${marker[1]} bytes not kept` : "";
  return [...lines.slice(0, half), `… +${count} lines${note} …`, ...lines.slice(lines.length - half)];
}
