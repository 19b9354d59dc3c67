/**
 * Splits a plain shell script into the argv of each command it runs, when the script uses nothing but
 * words, quotes and the operators `&&`, `||`, `;` and `|`. Anything else (redirections, variables,
 * substitutions, globs, subshells, background jobs) makes the script "complex" and the split fails,
 * so policy falls back to judging the whole `bash -lc '…'` invocation.
 * @module
 */

/** Characters a bare (unquoted) word may contain. `~` is allowed; globs and `$` are not. */
const BARE = /[A-Za-z0-9_@%+=:,./~^-]/;

/**
 * The commands of a plain script, in order (`"git status && ls | wc -l"` → `[["git","status"],["ls"],["wc","-l"]]`),
 * or null when the script needs more shell than that to understand.
 */
export function splitPlainScript(script: string): string[][] | null {
  const commands: string[][] = [];
  let current: string[] = [];
  let word = "";
  let inWord = false;
  const endWord = () => {
    if (inWord) current.push(word);
    word = "";
    inWord = false;
  };
  const endCommand = (): boolean => {
    endWord();
    if (current.length === 0) return false;
    commands.push(current);
    current = [];
    return true;
  };
  let i = 0;
  while (i < script.length) {
    const c = script[i];
    if (c === " " || c === "\t") {
      endWord();
      i++;
    } else if (c === "'") {
      const close = script.indexOf("'", i + 1);
      if (close < 0) return null;
      word += script.slice(i + 1, close);
      inWord = true;
      i = close + 1;
    } else if (c === '"') {
      i++;
      let closed = false;
      while (i < script.length) {
        const d = script[i];
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === "$" || d === "`") return null;
        if (d === "\\") {
          const next = script[i + 1];
          if (next === '"' || next === "\\") {
            word += next;
            i += 2;
            continue;
          }
          return null;
        }
        word += d;
        i++;
      }
      if (!closed) return null;
      inWord = true;
    } else if (c === "&" || c === "|") {
      const double = script[i + 1] === c;
      if (c === "&" && !double) return null; // a background job
      if (!endCommand()) return null;
      i += double ? 2 : 1;
    } else if (c === ";") {
      if (!endCommand()) return null;
      i++;
    } else if (BARE.test(c)) {
      if (c === "~" && inWord) return null; // only a leading tilde is plain
      word += c;
      inWord = true;
      i++;
    } else {
      return null;
    }
  }
  endWord();
  if (current.length > 0) commands.push(current);
  else if (commands.length > 0 && !/;\s*$/.test(script)) return null; // a trailing `&&` or `|`
  return commands.length > 0 ? commands : null;
}

/** The argv a string example stands for: the plain split when it has one command, else whitespace words. */
export function exampleArgv(example: string | string[]): string[] {
  if (Array.isArray(example)) return example;
  const split = splitPlainScript(example);
  if (split && split.length === 1) return split[0];
  return example.trim().split(/\s+/).filter((w) => w !== "");
}
