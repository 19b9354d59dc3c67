/**
 * Command-line options shared by `codex` and `codex exec` (commander declarations). Their parsed shape
 * and mapping onto config keys live in src/host/options.ts.
 * @module
 */
import { type Command, Option } from "commander";
import { APPROVAL_POLICIES, SANDBOX_MODES } from "../config/choices.ts";

export { bypassAll, type CommonOptions, CommonOptionsSchema, flagValues } from "../host/options.ts";

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(",").filter((v) => v !== "")];
}

/** Adds the options every agent-running command accepts. */
export function addCommonOptions(cmd: Command): Command {
  return cmd
    .option(
      "-c, --config <key=value>",
      "override a config value (TOML value, else a string); repeatable",
      collect,
    )
    .option("--enable <feature>", "enable a feature (= -c features.<name>=true); repeatable", collect)
    .option("--disable <feature>", "disable a feature (= -c features.<name>=false); repeatable", collect)
    .option("--strict-config", "treat unknown config keys as errors")
    .option(
      "-i, --image <file...>",
      "attach image(s) to the prompt (comma-separated or repeated)",
      collectList,
    )
    .option("-m, --model <model>", "model to use")
    .option("--oss", "use a local open-source model provider (ollama or lmstudio)")
    .addOption(
      new Option("--local-provider <provider>", "local provider for --oss").choices(["lmstudio", "ollama"]),
    )
    .option(
      "-p, --profile <name>",
      "layer $CODEX_HOME/<name>.config.toml (or [profiles.<name>]) over config.toml",
    )
    .addOption(
      new Option("-s, --sandbox <mode>", "sandbox policy for model-run commands").choices(
        SANDBOX_MODES,
      ),
    )
    .addOption(
      new Option("-a, --ask-for-approval <policy>", "when to ask before running commands").choices(
        APPROVAL_POLICIES,
      ),
    )
    .option("--dangerously-bypass-approvals-and-sandbox", "run every command without sandbox or approvals")
    .addOption(new Option("--yolo", "alias of --dangerously-bypass-approvals-and-sandbox").hideHelp())
    .option("--search", 'enable live web search (= -c web_search="live")')
    .option("-C, --cd <dir>", "working directory for the agent")
    .option("--add-dir <dir>", "additional writable directory; repeatable", collect);
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
