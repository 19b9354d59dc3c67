/**
 * The settings a user gives one run (the flags shared by `codex`, `codex exec`, `mcp-server` tool calls,
 * `doctor` and `sandbox`), parsed by one zod schema, and their mapping onto config keys.
 * @module
 */
import { z } from "zod";
import { ApprovalPolicySchema, SandboxModeSchema } from "../config/schema.ts";
import { UsageError } from "../plugin_api/errors.ts";

/** Parsed common options. */
export const CommonOptionsSchema = z.object({
  config: z.array(z.string()).default([]),
  enable: z.array(z.string()).default([]),
  disable: z.array(z.string()).default([]),
  strictConfig: z.boolean().default(false),
  /** `exec --ignore-user-config`: skip `$CODEX_HOME/config.toml`. */
  ignoreUserConfig: z.boolean().default(false),
  image: z.array(z.string()).default([]),
  model: z.string().optional(),
  oss: z.boolean().default(false),
  localProvider: z.enum(["lmstudio", "ollama"]).optional(),
  profile: z.string().optional(),
  sandbox: SandboxModeSchema.optional(),
  askForApproval: ApprovalPolicySchema.optional(),
  dangerouslyBypassApprovalsAndSandbox: z.boolean().default(false),
  yolo: z.boolean().default(false),
  /** `--search`: live web search (`web_search = "live"`). */
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
  if (o.model !== undefined && o.model.trim() === "") {
    throw new UsageError("-m/--model: expected a model name, found an empty string");
  }
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

/**
 * The settings of `codex sandbox` and `codex doctor` (`-c`, `-p`, `-s`, `--full-auto`, `-C`, `--add-dir`)
 * as run settings: `--full-auto` means `-s workspace-write`.
 */
export function adminFlags(opts: Record<string, unknown>): CommonOptions {
  return CommonOptionsSchema.parse({
    config: opts.config ?? [],
    profile: opts.profile,
    sandbox: opts.fullAuto ? "workspace-write" : opts.sandbox,
    cd: opts.cd,
    addDir: opts.addDir ?? [],
  });
}
