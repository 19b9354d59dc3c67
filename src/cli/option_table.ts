/**
 * The options of `codex` and `codex exec` as data: the one table both the commander command tree
 * (`options.ts`, `main.ts`) and the fast `exec` parser (`exec_fast_path.ts`) are built from. Imports
 * neither commander nor zod, so `mod.ts` can parse a plain `codex exec` before either loads.
 * @module
 */
import { APPROVAL_POLICIES, SANDBOX_MODES } from "../config/choices.ts";

/** One option, in commander's notation. */
export interface OptionSpec {
  /** Commander's flags, e.g. `-c, --config <key=value>` (a value in `<...>`; `...` makes it variadic). */
  flags: string;
  description: string;
  /**
   * How repeated occurrences combine: `collect` appends each value, `list` appends each comma-separated
   * part (skipping empty ones). Absent: the last occurrence wins.
   */
  repeat?: "collect" | "list";
  /** The values the option accepts (anything else is a usage error). */
  choices?: readonly string[];
  /** Left out of `--help`. */
  hidden?: boolean;
}

/** The options every agent-running command accepts (`codex`, `exec`, `resume`, `fork`, `review`, ...). */
export const COMMON_OPTIONS: readonly OptionSpec[] = [
  {
    flags: "-c, --config <key=value>",
    description: "override a config value (TOML value, else a string); repeatable",
    repeat: "collect",
  },
  {
    flags: "--enable <feature>",
    description: "enable a feature (= -c features.<name>=true); repeatable",
    repeat: "collect",
  },
  {
    flags: "--disable <feature>",
    description: "disable a feature (= -c features.<name>=false); repeatable",
    repeat: "collect",
  },
  { flags: "--strict-config", description: "treat unknown config keys as errors" },
  {
    flags: "-i, --image <file...>",
    description: "attach image(s) to the prompt (comma-separated or repeated)",
    repeat: "list",
  },
  { flags: "-m, --model <model>", description: "model to use" },
  { flags: "--oss", description: "use a local open-source model provider (ollama or lmstudio)" },
  {
    flags: "--local-provider <provider>",
    description: "local provider for --oss",
    choices: ["lmstudio", "ollama"],
  },
  {
    flags: "-p, --profile <name>",
    description: "layer $CODEX_HOME/<name>.config.toml (or [profiles.<name>]) over config.toml",
  },
  {
    flags: "-s, --sandbox <mode>",
    description: "sandbox policy for model-run commands",
    choices: SANDBOX_MODES,
  },
  {
    flags: "-a, --ask-for-approval <policy>",
    description: "when to ask before running commands",
    choices: APPROVAL_POLICIES,
  },
  {
    flags: "--dangerously-bypass-approvals-and-sandbox",
    description: "run every command without sandbox or approvals",
  },
  { flags: "--yolo", description: "alias of --dangerously-bypass-approvals-and-sandbox", hidden: true },
  { flags: "--search", description: 'enable live web search (= -c web_search="live")' },
  { flags: "-C, --cd <dir>", description: "working directory for the agent" },
  { flags: "--add-dir <dir>", description: "additional writable directory; repeatable", repeat: "collect" },
];

/** `exec`'s own options (after the common ones; `exec resume|fork|review` take them too). */
export const EXEC_OPTIONS: readonly OptionSpec[] = [
  { flags: "--skip-git-repo-check", description: "allow running outside a git repository" },
  { flags: "--ephemeral", description: "do not write a session rollout file" },
  { flags: "--ignore-user-config", description: "ignore $CODEX_HOME/config.toml" },
  { flags: "--output-schema <file>", description: "JSON Schema the final answer must follow" },
  { flags: "--color <when>", description: "color in human output: always, never, auto" },
  { flags: "--json", description: "print JSONL events to stdout" },
  { flags: "--experimental-json", description: "alias of --json" },
  { flags: "-o, --output-last-message <file>", description: "write the final agent message to a file" },
  { flags: "--thread-source <source>", description: "classification stored in session metadata" },
  { flags: "--cyber-access-program <program>", description: "accepted for compatibility; ignored" },
  {
    flags: "--max-turns <n>",
    description: "stop (exit 3) before model request N+1 of this run (config budget.max_turns)",
  },
  {
    flags: "--max-tokens <n>",
    description: "stop (exit 3) once this run has used N tokens (config budget.max_tokens)",
  },
  {
    flags: "--max-cost-usd <usd>",
    description: "stop (exit 3) once this run cost USD (prices: [model_prices.<model>])",
  },
];

/** An option's parsed flags. */
export interface ParsedFlags {
  /** `-c`, when there is a short form. */
  short?: string;
  /** `--config`. */
  long: string;
  /** The key in the parsed options object (commander's camel-cased attribute name), e.g. `addDir`. */
  key: string;
  /** Whether the option takes a value. */
  takesValue: boolean;
  /** Whether the value is variadic (`<file...>`). */
  variadic: boolean;
}

/** Splits commander's flags notation (`-C, --cd <dir>`) into its parts. */
export function parseFlags(flags: string): ParsedFlags {
  const words = flags.split(/[ ,|]+/).filter((w) => w !== "");
  const short = words.find((w) => /^-[^-]$/.test(w));
  const long = words.find((w) => w.startsWith("--"));
  if (!long) throw new Error(`option table: expected a --long flag, found '${flags}'`);
  const value = words.find((w) => w.startsWith("<") || w.startsWith("["));
  const key = long.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  return { short, long, key, takesValue: value !== undefined, variadic: value?.includes("...") ?? false };
}

/** Adds `value` to `previous` as `repeat` says (`collect`, `list`, or last-wins). */
export function combineValue(
  spec: OptionSpec,
  value: string,
  previous: string | string[] | undefined,
): string | string[] {
  const prev = Array.isArray(previous) ? previous : [];
  if (spec.repeat === "collect") return [...prev, value];
  if (spec.repeat === "list") return [...prev, ...value.split(",").filter((v) => v !== "")];
  return value;
}
