/**
 * The state of one line being edited: text (may hold newlines), cursor, history browsing and Tab
 * completion. Pure: it turns keys into changes and says when the line is submitted; drawing is the
 * terminal's job (see terminal.ts).
 * @module
 */
import type { Key } from "./keys.ts";

/** Completes the text before the cursor: candidates and the part of the text they replace. */
export type Completer = (before: string) => [string[], string];

/** What a key did to the line. */
export type EditResult =
  | { kind: "changed" }
  | { kind: "submit"; text: string }
  | { kind: "ctrl-c" }
  | { kind: "eof" }
  | { kind: "list"; candidates: string[] }
  | { kind: "none" };

/** One editable (possibly multi-line) input. */
export class LineEditor {
  text = "";
  cursor = 0;
  #history: string[];
  #historyIndex = -1;
  #draft = "";
  #completer?: Completer;

  /** `history` is newest first. */
  constructor(history: string[] = [], completer?: Completer) {
    this.#history = history;
    this.#completer = completer;
  }

  /** Replaces the whole text (cursor at the end). */
  set(text: string): void {
    this.text = text;
    this.cursor = text.length;
  }

  /** Adds a submitted line to the history (newest first). */
  remember(text: string): void {
    if (text.trim() !== "" && this.#history[0] !== text) this.#history.unshift(text);
    this.#historyIndex = -1;
  }

  #insert(s: string): void {
    this.text = this.text.slice(0, this.cursor) + s + this.text.slice(this.cursor);
    this.cursor += s.length;
  }

  /** Applies one key. */
  apply(key: Key): EditResult {
    const t = this.text, c = this.cursor;
    switch (key.kind) {
      case "text":
        this.#insert(key.text);
        return { kind: "changed" };
      case "paste":
        this.#insert(key.text.replace(/\r\n?/g, "\n"));
        return { kind: "changed" };
      case "newline":
        this.#insert("\n");
        return { kind: "changed" };
      case "enter": {
        // A trailing backslash continues the message on the next line.
        if (c === t.length && t.endsWith("\\")) {
          this.text = t.slice(0, -1) + "\n";
          this.cursor = this.text.length;
          return { kind: "changed" };
        }
        const text = this.text;
        this.text = "";
        this.cursor = 0;
        this.#historyIndex = -1;
        return { kind: "submit", text };
      }
      case "backspace":
        if (c === 0) return { kind: "none" };
        this.text = t.slice(0, c - 1) + t.slice(c);
        this.cursor--;
        return { kind: "changed" };
      case "delete":
        if (c >= t.length) return { kind: "none" };
        this.text = t.slice(0, c) + t.slice(c + 1);
        return { kind: "changed" };
      case "left":
        this.cursor = Math.max(0, c - 1);
        return { kind: "changed" };
      case "right":
        this.cursor = Math.min(t.length, c + 1);
        return { kind: "changed" };
      case "home":
        this.cursor = t.lastIndexOf("\n", c - 1) + 1;
        return { kind: "changed" };
      case "end": {
        const nl = t.indexOf("\n", c);
        this.cursor = nl < 0 ? t.length : nl;
        return { kind: "changed" };
      }
      case "word-left": {
        let i = c;
        while (i > 0 && /\s/.test(t[i - 1])) i--;
        while (i > 0 && !/\s/.test(t[i - 1])) i--;
        this.cursor = i;
        return { kind: "changed" };
      }
      case "word-right": {
        let i = c;
        while (i < t.length && /\s/.test(t[i])) i++;
        while (i < t.length && !/\s/.test(t[i])) i++;
        this.cursor = i;
        return { kind: "changed" };
      }
      case "kill-line": {
        const nl = t.indexOf("\n", c);
        this.text = t.slice(0, c) + (nl < 0 ? "" : t.slice(nl));
        return { kind: "changed" };
      }
      case "kill-start": {
        const start = t.lastIndexOf("\n", c - 1) + 1;
        this.text = t.slice(0, start) + t.slice(c);
        this.cursor = start;
        return { kind: "changed" };
      }
      case "kill-word": {
        let i = c;
        while (i > 0 && /\s/.test(t[i - 1])) i--;
        while (i > 0 && !/\s/.test(t[i - 1])) i--;
        this.text = t.slice(0, i) + t.slice(c);
        this.cursor = i;
        return { kind: "changed" };
      }
      case "up":
      case "down":
        return this.#vertical(key.kind === "up" ? -1 : 1) ?? this.#browse(key.kind === "up" ? 1 : -1);
      case "tab":
        return this.#complete();
      case "ctrl-c":
        return { kind: "ctrl-c" };
      case "ctrl-d":
        if (t === "") return { kind: "eof" };
        return this.apply({ kind: "delete" });
      default:
        return { kind: "none" };
    }
  }

  /** Moves to the line above or below inside a multi-line text; undefined on its first or last line. */
  #vertical(step: 1 | -1): EditResult | undefined {
    const t = this.text, c = this.cursor;
    const start = t.lastIndexOf("\n", c - 1) + 1;
    const column = c - start;
    if (step < 0) {
      if (start === 0) return undefined;
      const prevStart = t.lastIndexOf("\n", start - 2) + 1;
      this.cursor = Math.min(prevStart + column, start - 1);
    } else {
      const end = t.indexOf("\n", c);
      if (end < 0) return undefined;
      const nextEnd = t.indexOf("\n", end + 1);
      this.cursor = Math.min(end + 1 + column, nextEnd < 0 ? t.length : nextEnd);
    }
    return { kind: "changed" };
  }

  #browse(step: 1 | -1): EditResult {
    const next = this.#historyIndex + step;
    if (next < -1 || next >= this.#history.length) return { kind: "none" };
    if (this.#historyIndex === -1) this.#draft = this.text;
    this.#historyIndex = next;
    this.set(next === -1 ? this.#draft : this.#history[next]);
    return { kind: "changed" };
  }

  #complete(): EditResult {
    if (!this.#completer) return { kind: "none" };
    const before = this.text.slice(0, this.cursor);
    const [candidates, word] = this.#completer(before);
    if (candidates.length === 0) return { kind: "none" };
    const prefix = commonPrefix(candidates);
    const replacement = candidates.length === 1 ? candidates[0] : prefix;
    if (replacement.length > word.length || (candidates.length === 1 && replacement !== word)) {
      const start = this.cursor - word.length;
      this.text = this.text.slice(0, start) + replacement + this.text.slice(this.cursor);
      this.cursor = start + replacement.length;
      return { kind: "changed" };
    }
    return candidates.length > 1 ? { kind: "list", candidates } : { kind: "none" };
  }
}

/** The longest common prefix of `words`. */
export function commonPrefix(words: string[]): string {
  if (words.length === 0) return "";
  let p = words[0];
  for (const w of words.slice(1)) {
    let i = 0;
    while (i < p.length && i < w.length && p[i] === w[i]) i++;
    p = p.slice(0, i);
  }
  return p;
}
