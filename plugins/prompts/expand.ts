/**
 * Argument expansion of custom prompts: `$1`…`$9` are positional arguments, `$ARGUMENTS` is all of them,
 * `$NAME` (upper case) is the value of a `NAME=value` (or `$NAME=value`) argument, `$$` is a literal `$`.
 * Arguments split like a shell would (`"…"` and `'…'` quote, `\` escapes).
 * @module
 */

/** Arguments of one invocation. */
export interface PromptArgs {
  positional: string[];
  named: Map<string, string>;
}

/** Raised when named placeholders have no value; the message lists them. */
export class PromptArgsError extends Error {
  constructor(readonly missing: string[]) {
    super(
      `missing required argument${missing.length > 1 ? "s" : ""} ${missing.map((m) => `${m}=…`).join(", ")}`,
    );
    this.name = "PromptArgsError";
  }
}

/** Splits an argument string into words, honouring quotes and backslashes. */
export function splitArgs(text: string): string[] {
  const words: string[] = [];
  let word = "";
  let started = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === "\\" && i + 1 < text.length && /["\\$]/.test(text[i + 1])) word += text[++i];
      else word += ch;
    } else if (/\s/.test(ch)) {
      if (started) words.push(word);
      word = "";
      started = false;
    } else {
      started = true;
      if (ch === '"' || ch === "'") quote = ch;
      else if (ch === "\\" && i + 1 < text.length) word += text[++i];
      else word += ch;
    }
  }
  if (started) words.push(word);
  return words;
}

/** Splits arguments into positional ones and `NAME=value` ones. */
export function parseArgs(text: string): PromptArgs {
  const positional: string[] = [];
  const named = new Map<string, string>();
  for (const word of splitArgs(text)) {
    const m = /^\$?([A-Z][A-Z0-9_]*)=([\s\S]*)$/.exec(word);
    if (m && m[1] !== "ARGUMENTS") named.set(m[1], m[2]);
    else positional.push(word);
  }
  return { positional, named };
}

const PLACEHOLDER = /\$(\$|[1-9]|[A-Z][A-Z0-9_]*)/g;

/** Named placeholders (`$NAME`) used by `template`, in order of first use. */
export function namedPlaceholders(template: string): string[] {
  const names = new Set<string>();
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (/^[A-Z]/.test(m[1]) && m[1] !== "ARGUMENTS") names.add(m[1]);
  }
  return [...names];
}

/**
 * Expands `template` with the invocation's `args`. A template without any placeholder gets the raw
 * arguments appended after a blank line. Throws `PromptArgsError` when a named placeholder has no value.
 */
export function expandPrompt(template: string, args: string): string {
  const parsed = parseArgs(args);
  const missing = namedPlaceholders(template).filter((n) => !parsed.named.has(n));
  if (missing.length > 0) throw new PromptArgsError(missing);
  let used = false;
  const out = template.replace(PLACEHOLDER, (_all, key: string) => {
    if (key === "$") return "$";
    used = true;
    if (key === "ARGUMENTS") return parsed.positional.join(" ");
    if (/^[1-9]$/.test(key)) return parsed.positional[Number(key) - 1] ?? "";
    return parsed.named.get(key) ?? "";
  });
  if (!used && args.trim() !== "") return `${out.trimEnd()}\n\n${args.trim()}`;
  return out;
}
