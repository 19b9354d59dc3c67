/**
 * Decodes the bytes a terminal sends in raw mode into keys: printable text, control keys, arrows and
 * the other CSI sequences, Alt-<key> (ESC prefix) and bracketed paste (`ESC[200~ … ESC[201~`, one key
 * holding the whole pasted text).
 * @module
 */

/** One decoded key press (or one whole paste). */
export type Key =
  | { kind: "text"; text: string }
  | { kind: "paste"; text: string }
  | {
    kind:
      | "enter"
      | "newline"
      | "tab"
      | "backspace"
      | "delete"
      | "left"
      | "right"
      | "up"
      | "down"
      | "home"
      | "end"
      | "word-left"
      | "word-right"
      | "kill-line"
      | "kill-start"
      | "kill-word"
      | "ctrl-c"
      | "ctrl-d"
      | "clear-screen"
      | "escape";
  };

const PASTE_START = "\x1b[200~";
const PASTE_END = "\x1b[201~";

const CSI: Record<string, Key["kind"]> = {
  A: "up",
  B: "down",
  C: "right",
  D: "left",
  H: "home",
  F: "end",
  "1~": "home",
  "7~": "home",
  "4~": "end",
  "8~": "end",
  "3~": "delete",
  "1;5C": "word-right",
  "1;5D": "word-left",
  "1;3C": "word-right",
  "1;3D": "word-left",
};

const CONTROL: Record<string, Key["kind"]> = {
  "\r": "enter",
  "\n": "newline", // Ctrl-J
  "\t": "tab",
  "\x7f": "backspace",
  "\b": "backspace",
  "\x01": "home",
  "\x05": "end",
  "\x02": "left",
  "\x06": "right",
  "\x10": "up",
  "\x0e": "down",
  "\x0b": "kill-line",
  "\x15": "kill-start",
  "\x17": "kill-word",
  "\x03": "ctrl-c",
  "\x04": "ctrl-d",
  "\x0c": "clear-screen",
};

/** Turns a stream of terminal input chunks into keys; keeps incomplete sequences for the next chunk. */
export class KeyDecoder {
  #pending = "";
  #paste: string | undefined;

  /** Decodes one chunk; returns the keys that are complete. */
  feed(chunk: string): Key[] {
    let s = this.#pending + chunk;
    this.#pending = "";
    const keys: Key[] = [];
    while (s.length > 0) {
      if (this.#paste !== undefined) {
        const end = s.indexOf(PASTE_END);
        if (end < 0) {
          // Keep a possible partial end marker for the next chunk.
          const keep = partialSuffix(s, PASTE_END);
          this.#paste += s.slice(0, s.length - keep);
          this.#pending = s.slice(s.length - keep);
          return keys;
        }
        keys.push({ kind: "paste", text: this.#paste + s.slice(0, end) });
        this.#paste = undefined;
        s = s.slice(end + PASTE_END.length);
        continue;
      }
      if (s.startsWith(PASTE_START)) {
        this.#paste = "";
        s = s.slice(PASTE_START.length);
        continue;
      }
      const c = s[0];
      if (c === "\x1b") {
        if (s.length === 1) {
          // A lone ESC at the end of a chunk is the Escape key (terminals send sequences whole).
          keys.push({ kind: "escape" });
          return keys;
        }
        const next = s[1];
        if (next === "[" || next === "O") {
          const m = s.slice(2).match(/^[0-9;]*[~A-Za-z]/);
          if (!m) {
            if (/^[0-9;]*$/.test(s.slice(2)) && s.length < 16) {
              this.#pending = s;
              return keys;
            }
            keys.push({ kind: "escape" });
            s = s.slice(1);
            continue;
          }
          const seq = m[0];
          const kind = CSI[seq];
          if (kind) keys.push({ kind } as Key);
          s = s.slice(2 + seq.length);
          continue;
        }
        if (next === "\r" || next === "\n") keys.push({ kind: "newline" }); // Alt-Enter
        else if (next === "b") keys.push({ kind: "word-left" });
        else if (next === "f") keys.push({ kind: "word-right" });
        else if (next === "\x7f") keys.push({ kind: "kill-word" });
        else keys.push({ kind: "escape" });
        s = s.slice(2);
        continue;
      }
      const control = CONTROL[c];
      if (control) {
        keys.push({ kind: control } as Key);
        s = s.slice(1);
        continue;
      }
      if (c < " ") {
        s = s.slice(1); // other control characters are ignored
        continue;
      }
      // A run of printable text.
      let end = 1;
      while (end < s.length && s[end] >= " " && s[end] !== "\x7f" && s[end] !== "\x1b") end++;
      keys.push({ kind: "text", text: s.slice(0, end) });
      s = s.slice(end);
    }
    return keys;
  }
}

/** Length of the longest suffix of `s` that is a proper prefix of `marker`. */
function partialSuffix(s: string, marker: string): number {
  for (let n = Math.min(marker.length - 1, s.length); n > 0; n--) {
    if (s.endsWith(marker.slice(0, n))) return n;
  }
  return 0;
}
