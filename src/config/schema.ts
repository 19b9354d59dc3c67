/**
 * The config.toml schema. This zod schema is the single source of the `Config` type; unknown keys are
 * reported by name (warnings, or errors under `--strict-config`), badly typed keys are errors.
 * @module
 */
import { z } from "zod";
import { PromptsSchema } from "./prompts.ts";
import { PersonalitySchema } from "./personality.ts";
import { APPROVAL_POLICIES, REASONING_EFFORTS, SANDBOX_MODES } from "./choices.ts";

const nonNegInt = z.number().int().nonnegative();
const retries = nonNegInt.max(100, "at most 100");
const stringMap = z.record(z.string(), z.string());

/** `[model_providers.<id>]`. */
export const ModelProviderSchema = z.strictObject({
  name: z.string().optional(),
  base_url: z.string().optional(),
  env_key: z.string().optional(),
  env_key_instructions: z.string().optional(),
  experimental_bearer_token: z.string().optional(),
  wire_api: z.enum(["responses", "chat"]).optional(),
  query_params: stringMap.optional(),
  http_headers: stringMap.optional(),
  env_http_headers: stringMap.optional(),
  request_max_retries: retries.optional(),
  stream_max_retries: retries.optional(),
  stream_idle_timeout_ms: nonNegInt.optional(),
  websocket_connect_timeout_ms: nonNegInt.optional(),
  requires_openai_auth: z.boolean().optional(),
  supports_websockets: z.boolean().optional(),
});

/** `sandbox_mode` values. */
export const SandboxModeSchema = z.enum(SANDBOX_MODES);

/** `web_search` values: no web search tool, cached results only, or live access. */
export const WebSearchModeSchema = z.enum(["disabled", "cached", "live"]);

/** `approval_policy` values. */
export const ApprovalPolicySchema = z.enum(APPROVAL_POLICIES);

const ReasoningEffort = z.enum(REASONING_EFFORTS);
const ReasoningSummary = z.enum(["auto", "concise", "detailed", "none"]);
const Verbosity = z.enum(["low", "medium", "high"]);

const McpServerSchema = z.strictObject({
  command: z.string().optional(),
  args: z.array(z.string()).optional(),
  env: stringMap.optional(),
  env_vars: z.array(z.string()).optional(),
  cwd: z.string().optional(),
  url: z.string().optional(),
  bearer_token_env_var: z.string().optional(),
  http_headers: stringMap.optional(),
  env_http_headers: stringMap.optional(),
  enabled: z.boolean().optional(),
  required: z.boolean().optional(),
  startup_timeout_sec: z.number().nonnegative().optional(),
  startup_timeout_ms: nonNegInt.optional(),
  tool_timeout_sec: z.number().nonnegative().optional(),
  enabled_tools: z.array(z.string()).optional(),
  disabled_tools: z.array(z.string()).optional(),
  supports_parallel_tool_calls: z.boolean().optional(),
  default_tools_approval_mode: z.enum(["auto", "prompt", "approve"]).optional(),
  tools: z.record(
    z.string(),
    z.strictObject({ approval_mode: z.enum(["auto", "prompt", "approve"]).optional() }),
  )
    .optional(),
  scopes: z.array(z.string()).optional(),
  oauth_resource: z.string().optional(),
});

const ToolToggle = z.strictObject({ enabled: z.boolean().optional() });

/** One command hook: run `command` with the event's JSON payload on stdin (other fields are ignored, as Codex does). */
export const CommandHookSchema = z.looseObject({
  type: z.literal("command").optional(),
  command: z.string(),
  /** Seconds before the hook is killed (default 60). */
  timeout: z.number().positive().optional(),
  async: z.boolean().optional(),
  statusMessage: z.string().optional(),
});

/** `[budget]`: limits of one unattended run, checked before each model request. */
export const BudgetSchema = z.strictObject({
  max_turns: z.number().int().positive().optional(),
  max_tokens: z.number().int().positive().optional(),
  max_cost_usd: z.number().positive().optional(),
});

/** `[model_prices."<model>"]`: USD per million tokens. */
export const ModelPriceSchema = z.strictObject({
  input: z.number().nonnegative(),
  cached_input: z.number().nonnegative().optional(),
  output: z.number().nonnegative(),
});

/** One matcher group of Codex's hooks format (unknown group fields are ignored, as Codex does). */
export const HookGroupSchema = z.looseObject({
  matcher: z.string().nullable().optional(),
  hooks: z.array(CommandHookSchema),
});

/** `[hooks.state."<key>"]`: what Codex records when hooks are reviewed; `enabled = false` turns one off. */
export const HookStateSchema = z.looseObject({
  enabled: z.boolean().optional(),
  trusted_hash: z.string().optional(),
});

/**
 * `hooks`: either `[[hooks]]` entries `{ event, command, matcher?, timeout? }`, or Codex's per-event
 * matcher groups `[[hooks.<Event>]] matcher = "…", hooks = [{ type = "command", command = "…" }]`.
 */
export const HooksConfigSchema = z.union([
  z.array(z.strictObject({
    event: z.string(),
    command: z.string(),
    matcher: z.string().optional(),
    timeout: z.number().positive().optional(),
  })),
  z.object({ state: z.record(z.string(), HookStateSchema).optional() }).catchall(z.array(HookGroupSchema)),
]);

/**
 * One token of a prefix rule's pattern: a word, or alternatives. Alternatives are an array
 * (`["push", "pull"]`); requirements.toml's `{ token = "git" }` / `{ any_of = ["push", "pull"] }` also work.
 */
export const RuleTokenSchema = z.union([
  z.string(),
  z.array(z.string()).min(1),
  z.strictObject({ token: z.string() }),
  z.strictObject({ any_of: z.array(z.string()).min(1) }),
]);

/** An example command of a rule: a string (split like a shell would) or an argv. */
const RuleExampleSchema = z.union([z.string(), z.array(z.string())]);

/** `[[rules.prefix_rules]]`: a decision for commands starting with `pattern`. */
export const PrefixRuleSchema = z.strictObject({
  pattern: z.array(RuleTokenSchema).min(1),
  /** Default `allow`. */
  decision: z.enum(["allow", "prompt", "forbidden"]).optional(),
  justification: z.string().optional(),
  /** Commands the rule must match (checked at startup). */
  match: z.array(RuleExampleSchema).optional(),
  /** Commands the rule must not match (checked at startup). */
  not_match: z.array(RuleExampleSchema).optional(),
});

/** A prefix rule as written. */
export type PrefixRuleConfig = z.output<typeof PrefixRuleSchema>;

/** `[rules]`: exec policy rules for commands the model runs. */
export const RulesSchema = z.strictObject({
  prefix_rules: z.array(PrefixRuleSchema).optional(),
});

/** Keys Codex knows that this CLI accepts without acting on yet (no "unknown key" warning). */
const tolerated = z.unknown().optional();

/** `[[skills.config]]`: enables or disables one skill, chosen by its SKILL.md `path` or its `name`. */
export const SkillConfigEntrySchema = z.strictObject({
  path: z.string().optional(),
  name: z.string().optional(),
  enabled: z.boolean().optional(),
}).refine((e) => e.path !== undefined || e.name !== undefined, "expected a `path` or a `name`");

/** `[skills]`: `config` entries; other keys are accepted without effect. */
export const SkillsConfigSchema = z.looseObject({ config: z.array(SkillConfigEntrySchema).optional() });

/** The whole config.toml (every key optional; layers merge before defaults apply). */
export const ConfigSchema = z.strictObject({
  model: z.string().optional(),
  review_model: z.string().optional(),
  model_provider: z.string().optional(),
  model_providers: z.record(z.string(), ModelProviderSchema).optional(),
  model_context_window: nonNegInt.optional(),
  model_auto_compact_token_limit: nonNegInt.optional(),
  model_reasoning_effort: ReasoningEffort.optional(),
  model_reasoning_summary: ReasoningSummary.optional(),
  model_verbosity: Verbosity.optional(),
  model_supports_reasoning_summaries: z.boolean().optional(),
  service_tier: z.enum(["fast", "flex", "priority"]).optional(),
  approval_policy: ApprovalPolicySchema.optional(),
  approvals_reviewer: tolerated,
  sandbox_mode: SandboxModeSchema.optional(),
  sandbox_workspace_write: z.strictObject({
    writable_roots: z.array(z.string()).optional(),
    network_access: z.boolean().optional(),
    exclude_tmpdir_env_var: z.boolean().optional(),
    exclude_slash_tmp: z.boolean().optional(),
  }).optional(),
  /**
   * Sandbox backend for model-run commands: "auto" (default: probe landlock, seatbelt, bwrap, none by
   * priority) or a registered backend id ("landlock", "bwrap", "seatbelt", "none", or a plugin's).
   */
  sandbox_backend: z.string().min(1).optional(),
  default_permissions: tolerated,
  permissions: tolerated,
  shell_environment_policy: z.strictObject({
    inherit: z.enum(["all", "core", "none"]).optional(),
    ignore_default_excludes: z.boolean().optional(),
    exclude: z.array(z.string()).optional(),
    set: stringMap.optional(),
    include_only: z.array(z.string()).optional(),
    experimental_use_profile: z.boolean().optional(),
  }).optional(),
  allow_login_shell: z.boolean().optional(),
  notify: z.array(z.string()).optional(),
  instructions: z.string().optional(),
  developer_instructions: z.string().optional(),
  model_instructions_file: z.string().optional(),
  experimental_instructions_file: z.string().optional(),
  compact_prompt: z.string().optional(),
  experimental_compact_prompt_file: z.string().optional(),
  include_permissions_instructions: z.boolean().optional(),
  include_environment_context: z.boolean().optional(),
  project_doc_max_bytes: nonNegInt.optional(),
  project_doc_fallback_filenames: z.array(z.string()).optional(),
  project_root_markers: z.array(z.string()).optional(),
  tool_output_token_limit: nonNegInt.optional(),
  background_terminal_max_timeout: nonNegInt.optional(),
  web_search: WebSearchModeSchema.optional(),
  /** Shape of the `apply_patch` tool: freeform (custom, grammar-constrained; default) or a JSON function. */
  apply_patch_tool_type: z.enum(["freeform", "function"]).optional(),
  tools: z.strictObject({
    web_search: z.union([z.boolean(), z.record(z.string(), z.unknown())]).optional(),
    view_image: z.boolean().optional(),
    update_plan: ToolToggle.optional(),
    experimental_request_user_input: ToolToggle.optional(),
    /** More MCP tools than this are deferred behind `tool_search` (default 40; 0 defers all). */
    mcp_search_threshold: nonNegInt.optional(),
  }).optional(),
  features: z.record(z.string(), z.boolean()).optional(),
  /** Limits of one `codex exec` run (see src/config/budget.ts). */
  budget: BudgetSchema.optional(),
  /** USD per million tokens, per model slug, for `budget.max_cost_usd`. */
  model_prices: z.record(z.string(), ModelPriceSchema).optional(),
  mcp_servers: z.record(z.string(), McpServerSchema).optional(),
  openai_base_url: z.string().optional(),
  oss_provider: z.enum(["ollama", "lmstudio"]).optional(),
  projects: z.record(z.string(), z.strictObject({ trust_level: z.enum(["trusted", "untrusted"]).optional() }))
    .optional(),
  history: z.strictObject({
    persistence: z.enum(["save-all", "none"]).optional(),
    max_bytes: nonNegInt.optional(),
  }).optional(),
  hooks: HooksConfigSchema.optional(),
  rules: RulesSchema.optional(),
  /** Organization plugins loaded at run time (see src/cli/plugin_loader.ts). */
  plugins_ts: z.strictObject({
    paths: z.array(z.string()).optional(),
    sha256: z.record(z.string(), z.string().regex(/^[0-9a-fA-F]{64}$/, "a 64-digit hex sha256")).optional(),
  }).optional(),
  skills: SkillsConfigSchema.optional(),
  /** Plugin bundles: `[plugins."name@marketplace"] enabled = true` (see src/host/bundles). */
  plugins: z.record(z.string(), z.looseObject({ enabled: z.boolean().optional() })).optional(),
  /** Plugin marketplaces: `[marketplaces.name] source_type = "local" | "git", source = "..."`. */
  marketplaces: z.record(
    z.string(),
    z.looseObject({
      source_type: z.enum(["local", "git"]).optional(),
      source: z.string(),
      ref: z.string().optional(),
    }),
  ).optional(),
  apps: tolerated,
  agents: tolerated,
  memories: tolerated,
  tui: tolerated,
  otel: tolerated,
  analytics: tolerated,
  feedback: tolerated,
  windows: tolerated,
  realtime: tolerated,
  audio: tolerated,
  notice: tolerated,
  ghost_snapshot: tolerated,
  sqlite_home: tolerated,
  log_dir: tolerated,
  file_opener: tolerated,
  hide_agent_reasoning: z.boolean().optional(),
  check_for_update_on_startup: tolerated,
  disable_paste_burst: tolerated,
  cli_auth_credentials_store: tolerated,
  forced_login_method: tolerated,
  forced_chatgpt_workspace_id: tolerated,
  mcp_oauth_credentials_store: tolerated,
  mcp_oauth_callback_port: z.number().int().min(0).max(65535).optional(),
  commit_attribution: tolerated,
  personality: PersonalitySchema.optional(),
  plan_mode_reasoning_effort: tolerated,
  zsh_path: tolerated,
  /** Line-mode prompts even on a TTY (for dumb terminals); same as `prompts.mode = "line"`. */
  line_mode: z.boolean().optional(),
  /** How approvals are asked (menu or lines, timeout, notify command, answer pipe); see prompts.ts. */
  prompts: PromptsSchema.optional(),
  /** Legacy key; rejected with a pointer to `--profile` (see layers). */
  profile: z.string().optional(),
  profiles: tolerated,
});

/** A parsed config file or the merge of all layers. */
export type Config = z.output<typeof ConfigSchema>;

/** A `[model_providers.<id>]` entry as written. */
export type ModelProviderConfig = z.output<typeof ModelProviderSchema>;

export type { ModelProviderInfo } from "./provider_info.ts";

declare module "../kernel/config.ts" {
  /** The kernel's view of the host configuration is the whole host schema. */
  interface HostConfig extends Config {}
}
