/**
 * Command-line options shared by `codex` and `codex exec`, as commander options built from
 * `option_table.ts`. Their parsed shape and mapping onto config keys live in src/host/options.ts.
 * @module
 */
import { type Command, Option } from "commander";
import { combineValue, COMMON_OPTIONS, type OptionSpec } from "./option_table.ts";

export { bypassAll, type CommonOptions, CommonOptionsSchema, flagValues } from "../host/options.ts";

/** Adds `specs` (see `option_table.ts`) to `cmd` as commander options. */
export function addOptions(cmd: Command, specs: readonly OptionSpec[]): Command {
  for (const spec of specs) {
    const option = new Option(spec.flags, spec.description);
    if (spec.repeat) {
      option.argParser((value: string, previous: string[] | undefined) =>
        combineValue(spec, value, previous) as string[]
      );
    }
    if (spec.choices) option.choices(spec.choices);
    if (spec.hidden) option.hideHelp();
    cmd.addOption(option);
  }
  return cmd;
}

/** Adds the options every agent-running command accepts. */
export function addCommonOptions(cmd: Command): Command {
  return addOptions(cmd, COMMON_OPTIONS);
}

/** `outer` options overlaid with a subcommand's `inner` ones; repeatable (array) options accumulate. */
export function mergeOptions(
  outer: Record<string, unknown>,
  inner: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...outer };
  for (const [k, v] of Object.entries(inner)) {
    const prev = out[k];
    out[k] = Array.isArray(prev) && Array.isArray(v) ? [...prev, ...v] : v;
  }
  return out;
}
