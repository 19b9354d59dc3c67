/**
 * `codex exec [options] [prompt]` parsed without commander, so a plain exec run reaches its first model
 * request without loading the command tree (commander alone costs about 100 ms). It reads the same
 * option table as the command tree (`option_table.ts`) and follows commander's rules for the forms it
 * accepts (`--name value`, `--name=value`, `-x value`, `-xvalue`, repeatable and choice options); for
 * anything else (help, subcommands, variadic `--image`, `--`, unknown or invalid options, a missing
 * value, more than one prompt) it declines and the command tree parses as usual, errors included.
 * @module
 */
import { combineValue, COMMON_OPTIONS, EXEC_OPTIONS, type OptionSpec, parseFlags } from "./option_table.ts";

/** A plain `exec` run: the prompt argument and the options as the command tree would hand them over. */
export interface ExecInvocation {
  prompt: string | undefined;
  options: Record<string, unknown>;
}

/** `exec`'s subcommands (and commander's help command): an operand naming one is not a prompt. */
const EXEC_SUBCOMMANDS: ReadonlySet<string> = new Set(["resume", "fork", "review", "help"]);

interface Known {
  spec: OptionSpec;
  key: string;
  takesValue: boolean;
  variadic: boolean;
}

let table: Map<string, Known> | undefined;

function knownOptions(): Map<string, Known> {
  if (table) return table;
  table = new Map();
  for (const spec of [...COMMON_OPTIONS, ...EXEC_OPTIONS]) {
    const f = parseFlags(spec.flags);
    const known = { spec, key: f.key, takesValue: f.takesValue, variadic: f.variadic };
    table.set(f.long, known);
    if (f.short) table.set(f.short, known);
  }
  return table;
}

/** Parses `args` (without the program name) when they are a plain `exec` run; undefined otherwise. */
export function parseExecFast(args: readonly string[]): ExecInvocation | undefined {
  if (args[0] !== "exec" && args[0] !== "e") return undefined;
  const known = knownOptions();
  const options: Record<string, unknown> = {};
  const operands: string[] = [];
  for (let i = 1; i < args.length; i++) {
    const arg = args[i];
    if (arg.length < 2 || arg[0] !== "-") {
      if (operands.length === 0 && EXEC_SUBCOMMANDS.has(arg)) return undefined;
      operands.push(arg);
      continue;
    }
    let option: Known | undefined;
    let inline: string | undefined;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      option = known.get(eq > 2 ? arg.slice(0, eq) : arg);
      if (eq > 2) inline = arg.slice(eq + 1);
    } else {
      option = known.get(arg.slice(0, 2));
      if (arg.length > 2) inline = arg.slice(2);
    }
    if (!option || option.variadic) return undefined;
    if (!option.takesValue) {
      if (inline !== undefined) return undefined;
      options[option.key] = true;
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined) return undefined;
    if (option.spec.choices && !option.spec.choices.includes(value)) return undefined;
    options[option.key] = combineValue(option.spec, value, options[option.key] as string[] | undefined);
  }
  if (operands.length > 1) return undefined;
  return { prompt: operands[0], options };
}
