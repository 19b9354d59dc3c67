/**
 * `requirements.toml`: constraints an administrator puts on every session (spec §7.1). Not values but
 * limits: which approval policies and sandbox modes may be chosen, and exec policy rules that user
 * rules cannot loosen. Read from `/etc/codex/requirements.toml`, or from `$CODEX_REQUIREMENTS_PATH`.
 * @module
 */
import { z } from "zod";
import { ConfigError } from "../plugin_api/errors.ts";
import type { ConfigLayer } from "./layers.ts";
import { readTomlFile } from "./layers.ts";
import { isTable } from "./overrides.ts";
import {
  ApprovalPolicySchema,
  type Config,
  RulesSchema,
  SandboxModeSchema,
  WebSearchModeSchema,
} from "./schema.ts";

/** Where requirements live unless `CODEX_REQUIREMENTS_PATH` says otherwise. */
export const DEFAULT_REQUIREMENTS_PATH = "/etc/codex/requirements.toml";

/** The keys this CLI enforces. Other Codex requirement keys are accepted and ignored. */
export const RequirementsSchema = z.object({
  allowed_approval_policies: z.array(ApprovalPolicySchema).min(1).optional(),
  allowed_sandbox_modes: z.array(SandboxModeSchema).min(1).optional(),
  /** Web search modes a session may use (`disabled` is always allowed, as in Codex). */
  allowed_web_search_modes: z.array(WebSearchModeSchema).min(1).optional(),
  rules: RulesSchema.optional(),
  /**
   * Run-time plugins (`plugins_ts`) allowed to load: absolute files, or folders whose files are allowed.
   * Absent: any; empty: none.
   */
  allowed_plugins_ts: z.array(z.string()).optional(),
  /** Plugin marketplaces allowed, by name or source (path or git URL). Absent: any; empty: none. */
  allowed_marketplaces: z.array(z.string()).optional(),
  /** Plugin bundles allowed, as `name@marketplace` or `*@marketplace`. Absent: any; empty: none. */
  allowed_plugins: z.array(z.string()).optional(),
  /** The administrator's explanation, shown when a choice is refused (`reason` is accepted too). */
  message: z.string().optional(),
  reason: z.string().optional(),
});

/** Parsed requirements plus the file they came from. */
export type Requirements = z.output<typeof RequirementsSchema> & { source: string };

/** The requirements file path: `$CODEX_REQUIREMENTS_PATH`, else `/etc/codex/requirements.toml`. */
export function requirementsPath(env: (k: string) => string | undefined = (k) => Deno.env.get(k)): string {
  return env("CODEX_REQUIREMENTS_PATH") || DEFAULT_REQUIREMENTS_PATH;
}

/** Reads and validates the requirements file; undefined when it does not exist. */
export function loadRequirements(path: string): Requirements | undefined {
  const raw = readTomlFile(path);
  if (!raw) return undefined;
  const parsed = RequirementsSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(top level)"}: ${i.message}`);
    throw new ConfigError(`invalid requirements in ${path}: ${problems.join("; ")}`);
  }
  return { ...parsed.data, source: path };
}

/** The last layer that set top-level `key` (for error messages). */
function sourceOf(layers: readonly ConfigLayer[], key: string): string | undefined {
  for (let i = layers.length - 1; i >= 0; i--) {
    if (isTable(layers[i].values) && key in layers[i].values) return layers[i].source;
  }
  return undefined;
}

function quoteAll(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(", ");
}

/** Checks one constrained key: an explicit disallowed value throws; a disallowed default falls back. */
function constrain<T extends string>(
  key: string,
  explicit: T | undefined,
  fallback: T,
  allowed: readonly T[] | undefined,
  req: Requirements,
  layers: readonly ConfigLayer[],
): T {
  const value = explicit ?? fallback;
  if (!allowed || allowed.includes(value)) return value;
  if (explicit === undefined) return allowed[0];
  const from = sourceOf(layers, key);
  const why = req.message ?? req.reason;
  throw new ConfigError(
    `${key} '${explicit}'${from ? ` (from ${from})` : ""} is not allowed by ${req.source}; allowed: ${
      quoteAll(allowed)
    }${why ? `. ${why}` : ""}`,
  );
}

/** What `applyRequirements` settled. */
export interface RequiredSettings {
  approvalPolicy: NonNullable<Config["approval_policy"]>;
  sandboxMode: NonNullable<Config["sandbox_mode"]>;
}

/**
 * Applies requirements to `config` in place: sets `approval_policy` (always) and `sandbox_mode` (when a
 * disallowed default falls back) to allowed values
 * (throwing ConfigError for a disallowed explicit choice, naming the value, the allowed ones and the
 * administrator's message) and puts the required rules before the user's, so the strictest-wins
 * evaluation lets no user rule loosen them. Without requirements it only fills in the defaults.
 */
export function applyRequirements(
  config: Config,
  req: Requirements | undefined,
  defaults: RequiredSettings,
  layers: readonly ConfigLayer[] = [],
): RequiredSettings {
  if (!req) {
    config.approval_policy ??= defaults.approvalPolicy;
    return {
      approvalPolicy: config.approval_policy,
      sandboxMode: config.sandbox_mode ?? defaults.sandboxMode,
    };
  }
  const settled = {
    approvalPolicy: constrain(
      "approval_policy",
      config.approval_policy,
      defaults.approvalPolicy,
      req.allowed_approval_policies,
      req,
      layers,
    ),
    sandboxMode: constrain(
      "sandbox_mode",
      config.sandbox_mode,
      defaults.sandboxMode,
      req.allowed_sandbox_modes,
      req,
      layers,
    ),
  };
  config.approval_policy = settled.approvalPolicy;
  if (req.allowed_web_search_modes) {
    const allowed = [...new Set([...req.allowed_web_search_modes, "disabled" as const])];
    const explicit = config.web_search;
    const mode = constrain("web_search", explicit, "cached", allowed, req, layers);
    if (mode !== (explicit ?? "cached")) config.web_search = mode;
  }
  // Only a fallback is written back, so later defaults (e.g. by project trust) still see an unset mode.
  if (settled.sandboxMode !== (config.sandbox_mode ?? defaults.sandboxMode)) {
    config.sandbox_mode = settled.sandboxMode;
  }
  const required = req.rules?.prefix_rules ?? [];
  if (required.length > 0) {
    config.rules = { ...config.rules, prefix_rules: [...required, ...(config.rules?.prefix_rules ?? [])] };
  }
  return settled;
}
