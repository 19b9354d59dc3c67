/**
 * The interactive session's terminal in raw mode: one owner of stdin and stdout. It draws the prompt
 * and the line being edited, keeps output and notices from landing mid-line, and routes keys:
 *
 * - at the prompt, keys edit the line; Enter submits it;
 * - while a turn runs, keys edit a hidden draft; Enter queues it for the next turn (with a notice);
 * - while a question is asked (an approval), only keys typed after it appeared answer it.
 *
 * Ctrl-C clears a non-empty line, quits on a second press at an empty prompt, and otherwise calls
 * `onInterrupt` (a running turn or `!cmd`). Bracketed paste arrives as one piece of text.
 * @module
 */
import { type Key, KeyDecoder } from "./keys.ts";
import { type Completer, LineEditor } from "./line_editor.ts";

const encoder = new TextEncoder();

/** The raw byte streams a terminal is made of (tests may pass others). */
export interface TerminalIo {
  read(buf: Uint8Array): Promise<number | null>;
  write(bytes: Uint8Array): void;
  setRaw(on: boolean): void;
  columns(): number;
}

/** The process's own terminal (drawn on stdout, or on stderr for `exec`). */
export function processTerminal(output: "stdout" | "stderr" = "stdout"): TerminalIo {
  const out = output === "stdout" ? Deno.stdout : Deno.stderr;
  return {
    read: (buf) => Deno.stdin.read(buf),
    write: (bytes) => {
      let off = 0;
      while (off < bytes.length) off += out.writeSync(bytes.subarray(off));
    },
    setRaw: (on) => Deno.stdin.setRaw(on),
    columns: () => {
      try {
        return Deno.consoleSize().columns || 80;
      } catch {
        return 80;
      }
    },
  };
}

type Mode =
  | { kind: "idle" }
  | { kind: "line"; prompt: string; resolve: (line: string | null) => void }
  | { kind: "keys"; onKey: (key: Key) => void };

/** Options of `Terminal`. */
export interface TerminalOptions {
  /** Earlier inputs for up-arrow, newest first. */
  history?: string[];
  completer?: Completer;
  /** Styles a notice (e.g. dim). */
  dim?: (text: string) => string;
  /**
   * Raw mode only while keys are taken (`takeKeys`: a menu or an answer), cooked otherwise so Ctrl-C
   * still signals the process (`exec`, which has no prompt of its own).
   */
  rawOnlyForKeys?: boolean;
}

/** The raw-mode terminal of an interactive session. */
export class Terminal {
  #io: TerminalIo;
  #decoder = new KeyDecoder();
  #editor: LineEditor;
  #mode: Mode = { kind: "idle" };
  /** Lines submitted while nobody waited for one. */
  #queue: string[] = [];
  #ended = false;
  #closed = false;
  /** Whether the last byte written ended a line. */
  #atLineStart = true;
  /** Notices waiting for the output to reach a line start. */
  #pendingNotices: string[] = [];
  /** Rows of the drawn prompt above the cursor's row, and whether a prompt is drawn. */
  #drawnRowsAbove = 0;
  #drawn = false;
  #lastCtrlC = false;
  #dim: (text: string) => string;
  #rawOnlyForKeys: boolean;
  #readLoopStarted = false;
  /** Called on Ctrl-C when no line is being edited (a running turn, `!cmd`, an approval prompt). */
  onInterrupt?: () => void;
  /** Shown on the first Ctrl-C at an empty prompt. */
  quitHint = "(press Ctrl-C again or Ctrl-D to quit)";

  constructor(io: TerminalIo, options: TerminalOptions = {}) {
    this.#io = io;
    this.#editor = new LineEditor(options.history ?? [], options.completer);
    this.#dim = options.dim ?? ((t) => t);
    this.#rawOnlyForKeys = options.rawOnlyForKeys ?? false;
    if (!this.#rawOnlyForKeys) this.#setRaw(true);
  }

  #setRaw(on: boolean): void {
    try {
      this.#io.setRaw(on);
    } catch { /* not a terminal any more */ }
    this.#raw(on ? "\x1b[?2004h" : "\x1b[?2004l"); // bracketed paste
    if (on && !this.#readLoopStarted) {
      this.#readLoopStarted = true;
      this.#readLoop();
    }
  }

  /** Lines waiting to be read. */
  get queued(): number {
    return this.#queue.length;
  }

  #raw(text: string): void {
    if (!this.#closed) this.#io.write(encoder.encode(text));
  }

  async #readLoop(): Promise<void> {
    const buf = new Uint8Array(4096);
    const dec = new TextDecoder();
    try {
      for (;;) {
        const n = await this.#io.read(buf);
        if (n === null) break;
        const keys = this.#decoder.feed(dec.decode(buf.subarray(0, n), { stream: true }));
        for (const key of keys) this.#key(key);
      }
    } catch { /* stdin closed */ }
    this.#ended = true;
    this.#endOfInput();
  }

  #endOfInput(): void {
    const mode = this.#mode;
    if (mode.kind === "line") {
      this.#mode = { kind: "idle" };
      this.#erase();
      mode.resolve(null);
    } else if (mode.kind === "keys") {
      mode.onKey({ kind: "ctrl-d" });
    }
  }

  #key(key: Key): void {
    const mode = this.#mode;
    if (mode.kind === "keys") {
      mode.onKey(key);
      return;
    }
    if (key.kind !== "ctrl-c") this.#lastCtrlC = false;
    const result = this.#editor.apply(key);
    switch (result.kind) {
      case "changed":
        if (mode.kind === "line") this.#redraw();
        return;
      case "list":
        if (mode.kind === "line") this.#withOutput(() => this.#writeOut(result.candidates.join("  ") + "\n"));
        return;
      case "submit": {
        this.#editor.remember(result.text);
        if (mode.kind === "line") {
          this.#finishLine(mode.prompt, result.text);
          this.#mode = { kind: "idle" };
          mode.resolve(result.text);
        } else {
          this.#queue.push(result.text);
          if (result.text.trim() !== "") {
            this.notice(`↳ queued for the next turn: ${result.text.trim().replace(/\n/g, " ⏎ ")}`);
          }
        }
        return;
      }
      case "eof":
        if (mode.kind === "line") {
          this.#finishLine(mode.prompt, "");
          this.#mode = { kind: "idle" };
          mode.resolve(null);
        }
        return;
      case "ctrl-c":
        if (this.#editor.text !== "") {
          this.#editor.set("");
          if (mode.kind === "line") this.#redraw();
          this.#lastCtrlC = false;
          return;
        }
        if (mode.kind === "line") {
          if (this.#lastCtrlC) {
            this.#finishLine(mode.prompt, "");
            this.#mode = { kind: "idle" };
            mode.resolve(null);
            return;
          }
          this.#lastCtrlC = true;
          this.#withOutput(() => this.#writeOut(this.#dim(this.quitHint) + "\n"));
          return;
        }
        this.onInterrupt?.();
        return;
    }
  }

  /** The next line: a queued one, else one typed at `prompt`. Null at end of input or on quit. */
  next(prompt: string): Promise<string | null> {
    if (this.#queue.length > 0) return Promise.resolve(this.#queue.shift()!);
    if (this.#ended) return Promise.resolve(null);
    this.flushNotices();
    return new Promise((resolve) => {
      this.#mode = { kind: "line", prompt, resolve };
      this.#lastCtrlC = false;
      this.#redraw();
    });
  }

  /**
   * Hands every key to `onKey` until the returned release function is called (menus, answers). Keys
   * typed before this call are not seen: a draft or queued line stays where it was.
   */
  takeKeys(onKey: (key: Key) => void): () => void {
    const saved = this.#mode;
    this.#mode = { kind: "keys", onKey };
    if (this.#rawOnlyForKeys) this.#setRaw(true);
    if (this.#ended) queueMicrotask(() => onKey({ kind: "ctrl-d" }));
    return () => {
      if (this.#mode.kind === "keys" && this.#mode.onKey === onKey) {
        this.#mode = saved.kind === "keys" ? { kind: "idle" } : saved;
        if (this.#rawOnlyForKeys) this.#setRaw(false);
      }
    };
  }

  /**
   * Reads one answer line typed after the question appeared (echoed as typed). Resolves null at end of
   * input, "aborted" when `signal` aborts. Ctrl-C calls `onInterrupt`.
   */
  readAnswer(prompt: string, signal: AbortSignal): Promise<string | null | "aborted"> {
    if (signal.aborted) return Promise.resolve("aborted");
    return new Promise((resolve) => {
      const editor = new LineEditor();
      this.flushNotices();
      this.write(prompt);
      const finish = (value: string | null | "aborted") => {
        release();
        signal.removeEventListener("abort", onAbort);
        if (!this.#atLineStart) this.write("\n");
        resolve(value);
      };
      const onAbort = () => finish("aborted");
      signal.addEventListener("abort", onAbort, { once: true });
      const release = this.takeKeys((key) => {
        if (key.kind === "ctrl-c") return this.onInterrupt?.();
        if (key.kind === "ctrl-d" && editor.text === "") return finish(null);
        const before = editor.text;
        const r = editor.apply(key.kind === "paste" ? { kind: "text", text: key.text.split("\n")[0] } : key);
        if (r.kind === "submit") return finish(r.text);
        if (editor.text !== before) {
          // Echo by erasing the old answer and writing the new one (answers are short, one line).
          this.#raw("\b \b".repeat([...before].length) + editor.text);
          this.#atLineStart = false;
        }
      });
    });
  }

  /** Writes program output, keeping the prompt (when one is shown) below it. */
  write(text: string): void {
    if (text === "") return;
    this.#withOutput(() => this.#writeOut(text));
  }

  #writeOut(text: string): void {
    this.#raw(text.replace(/\r?\n/g, "\r\n"));
    this.#atLineStart = text.endsWith("\n");
    if (this.#atLineStart && this.#pendingNotices.length > 0) {
      const notices = this.#pendingNotices.splice(0);
      this.#raw(notices.map((n) => this.#dim(n) + "\r\n").join(""));
    }
  }

  #withOutput(fn: () => void): void {
    const showing = this.#mode.kind === "line" && this.#drawn;
    if (showing) this.#erase();
    fn();
    if (showing) this.#redraw();
  }

  /** Prints a notice on its own line: now when output is at a line start, else once the line ends. */
  notice(text: string): void {
    if (this.#atLineStart) this.#withOutput(() => this.#writeOut(this.#dim(text) + "\n"));
    else this.#pendingNotices.push(text);
  }

  /** Ends a partial output line so waiting notices appear. */
  flushNotices(): void {
    if (this.#pendingNotices.length > 0 && !this.#atLineStart) this.#writeOut("\n");
  }

  /** Whether output is at the start of a line. */
  get atLineStart(): boolean {
    return this.#atLineStart;
  }

  /** Clears the drawn prompt area (cursor back at its first column). */
  #erase(): void {
    if (!this.#drawn) return;
    this.#raw((this.#drawnRowsAbove > 0 ? `\x1b[${this.#drawnRowsAbove}A` : "") + "\r\x1b[J");
    this.#drawn = false;
    this.#drawnRowsAbove = 0;
  }

  #redraw(): void {
    const mode = this.#mode;
    if (mode.kind !== "line") return;
    if (!this.#atLineStart) this.#writeOut("\n");
    this.#erase();
    const width = Math.max(10, this.#io.columns());
    const lines = this.#editor.text.split("\n");
    const cont = " ".repeat(Math.min([...stripAnsi(mode.prompt)].length, 2));
    let out = "";
    let row = 0, cursorRow = 0, cursorCol = 0;
    let offset = 0;
    lines.forEach((line, i) => {
      const lead = i === 0 ? mode.prompt : cont;
      if (i > 0) {
        out += "\r\n";
        row++;
      }
      out += lead + line;
      const leadLen = [...stripAnsi(lead)].length;
      if (this.#editor.cursor >= offset && this.#editor.cursor <= offset + line.length) {
        const col = leadLen + [...line.slice(0, this.#editor.cursor - offset)].length;
        cursorRow = row + Math.floor(col / width);
        cursorCol = col % width;
      }
      const total = leadLen + [...line].length;
      row += Math.floor(Math.max(0, total - 1) / width);
      offset += line.length + 1;
    });
    // Cursor from the end of what was written to its place.
    const endRow = row;
    out += "\r";
    if (endRow > cursorRow) out += `\x1b[${endRow - cursorRow}A`;
    if (cursorCol > 0) out += `\x1b[${cursorCol}C`;
    this.#raw(out);
    this.#drawn = true;
    this.#drawnRowsAbove = cursorRow;
  }

  /** Leaves the submitted line on screen and moves below it. */
  #finishLine(prompt: string, text: string): void {
    this.#erase();
    const cont = " ".repeat(Math.min([...stripAnsi(prompt)].length, 2));
    this.#raw(prompt + text.split("\n").join("\r\n" + cont) + "\r\n");
    this.#atLineStart = true;
  }

  /** Restores the terminal (raw mode and bracketed paste off). */
  close(): void {
    if (this.#closed) return;
    this.#erase();
    this.#setRaw(false);
    this.#closed = true;
  }
}

function stripAnsi(s: string): string {
  // deno-lint-ignore no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, "");
}
