/**
 * Command-line options shared by `codex` and `codex exec`, and their mapping onto config keys.
 * The zod schema is the single source of the parsed options' type.
 * @module
 */
import { type Command, Option } from "commander";
import { z } from "zod";
import { ApprovalPolicySchema, SandboxModeSchema } from "../config/schema.ts";

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
        SandboxModeSchema.options,
      ),
    )
    .addOption(
      new Option("-a, --ask-for-approval <policy>", "when to ask before running commands").choices(
        ApprovalPolicySchema.options,
      ),
    )
    .option("--dangerously-bypass-approvals-and-sandbox", "run every command without sandbox or approvals")
    .addOption(new Option("--yolo", "alias of --dangerously-bypass-approvals-and-sandbox").hideHelp())
    .option("--search", 'enable live web search (= -c web_search="live")')
    .option("-C, --cd <dir>", "working directory for the agent")
    .option("--add-dir <dir>", "additional writable directory; repeatable", collect);
}

/** Parsed common options. */
export const CommonOptionsSchema = z.object({
  config: z.array(z.string()).default([]),
  enable: z.array(z.string()).default([]),
  disable: z.array(z.string()).default([]),
  strictConfig: z.boolean().default(false),
  image: z.array(z.string()).default([]),
  model: z.string().optional(),
  oss: z.boolean().default(false),
  localProvider: z.enum(["lmstudio", "ollama"]).optional(),
  profile: z.string().optional(),
  sandbox: SandboxModeSchema.optional(),
  askForApproval: ApprovalPolicySchema.optional(),
  dangerouslyBypassApprovalsAndSandbox: z.boolean().default(false),
  yolo: z.boolean().default(false),
  search: z.boolean().default(false),
  cd: z.string().optional(),
  addDir: z.array(z.string()).default([]),
});

/** Parsed common options. */
export type CommonOptions = z.output<typeof CommonOptionsSchema>;

/** Whether sandbox and approvals are bypassed. */
export function bypassAll(o: CommonOptions): boolean {
  return o.dangerouslyBypassApprovalsAndSandbox || o.yolo;
}

/** Config values set by dedicated flags, applied after `-c`. */
export function flagValues(o: CommonOptions): [string[], unknown][] {
  const out: [string[], unknown][] = [];
  if (o.model) out.push([["model"], o.model]);
  if (o.sandbox) out.push([["sandbox_mode"], o.sandbox]);
  if (o.askForApproval) out.push([["approval_policy"], o.askForApproval]);
  if (o.search) out.push([["web_search"], "live"]);
  if (o.oss && o.localProvider) out.push([["model_provider"], o.localProvider]);
  for (const f of o.enable) out.push([["features", f], true]);
  for (const f of o.disable) out.push([["features", f], false]);
  if (bypassAll(o)) {
    out.push([["sandbox_mode"], "danger-full-access"]);
    out.push([["approval_policy"], "never"]);
  }
  return out;
}
