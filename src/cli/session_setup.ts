/**
 * Assembles a ready-to-run session from options: config layers, plugins, provider client, sandbox
 * runtime and the thread's initial context. Shared by `exec` and the interactive front ends.
 * @module
 */
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { chooseSandbox as chooseSandboxBackend } from "../../sandbox/mod.ts";
import { ApprovalPolicySchema } from "../config/schema.ts";
import { withSavedApiKey } from "../../lib/auth.ts";
import {
  applyRequirements,
  loadRequirements,
  type Requirements,
  requirementsPath,
} from "../config/requirements.ts";
import {
  checkFeatures,
  type Config,
  DEFAULT_MODEL,
  DEFAULT_OSS_MODELS,
  defaultCodexHome,
  disabledPlugins,
  loadConfig,
  type LoadedConfig,
  personalityText,
  resolveProvider,
  resolveSandboxPolicy,
  userInstructions,
} from "../config/mod.ts";
import { BASE_INSTRUCTIONS } from "../kernel/base_instructions.ts";
import { buildInitialContext } from "../kernel/context.ts";
import { ConfigError, PluginError } from "../kernel/errors.ts";
import type { ModelClient, ModelProviderInfo, ModelRequest, ResponseItem } from "../kernel/model.ts";
import type { Plugin } from "../kernel/plugin.ts";
import { Registry } from "../kernel/registry.ts";
import { loadRuntimePlugins } from "./plugin_loader.ts";
import type { SandboxPolicy, SandboxRuntime } from "../kernel/sandbox.ts";
import { type CommonOptions, flagValues } from "./options.ts";
import { VERSION } from "./version.ts";

/** Inputs of `setupSession`. */
export interface SetupOptions {
  common: CommonOptions;
  strictConfig?: boolean;
  ignoreUserConfig?: boolean;
  /** `codex_exec`, `codex_cli_rs`, … (CODEX_INTERNAL_ORIGINATOR_OVERRIDE wins). */
  originator: string;
  /** Approval policy used when none is configured. */
  defaultApproval: string;
  env?: (k: string) => string | undefined;
  /** Extra plugins (tests, compiled-in org plugins). */
  plugins?: Plugin[];
}

/** A session ready to start threads. */
export interface SessionSetup {
  codexHome: string;
  cwd: string;
  loaded: LoadedConfig;
  config: Config;
  model: string;
  providerId: string;
  provider: ModelProviderInfo;
  registry: Registry;
  client: ModelClient;
  sandbox: SandboxRuntime;
  approvalPolicy: string;
  originator: string;
  reasoning?: ModelRequest["reasoning"];
  initialContext: ResponseItem[];
  /**
   * Builds the initial context for a new thread with these permissions; `refresh` re-asks the plugins'
   * instruction contributors (new memories, skills) first.
   */
  contextFor(sandbox: SandboxPolicy, approvalPolicy: string, refresh?: boolean): Promise<ResponseItem[]>;
  baseInstructions: string;
}

/** Whether a model slug is a reasoning model (reasoning params are only sent to those unless configured). */
export function isReasoningModel(model: string): boolean {
  return /^(o\d|gpt-5|gpt-6|codex)/i.test(model.split("/").pop() ?? model);
}

function resolveCwd(dir: string | undefined): string {
  const cwd = resolve(dir ?? Deno.cwd());
  let ok = false;
  try {
    ok = statSync(cwd).isDirectory();
  } catch { /* reported below */ }
  if (!ok) throw new ConfigError(`--cd: expected an existing directory, found '${cwd}'`);
  return cwd;
}

/**
 * Sets up the built-in, compiled-in and `plugins_ts` plugins, recording where each came from;
 * `requirements` (requirements.toml, already loaded by the caller) may restrict `plugins_ts`.
 */
export async function loadRegistry(
  config: Config,
  compiledIn: readonly Plugin[],
  requirements: Requirements | undefined,
): Promise<Registry> {
  const { BUILTIN_PLUGINS } = await import("../../plugins/mod.ts");
  const off = disabledPlugins(config.features);
  const builtins = BUILTIN_PLUGINS.filter((p) => !off.has(p.name));
  const runtime = await loadRuntimePlugins(config, requirements?.allowed_plugins_ts, requirements?.source);
  const sources = new Map(runtime.sources);
  for (const p of compiledIn) sources.set(p, "compiled-in");
  const registry = new Registry();
  await registry.load([...builtins, ...compiledIn, ...runtime.plugins], config, sources);
  return registry;
}

/** Loads config and plugins and builds the provider client and sandbox runtime. */
export async function setupSession(o: SetupOptions): Promise<SessionSetup> {
  const env = o.env ?? ((k: string) => Deno.env.get(k));
  const cwd = resolveCwd(o.common.cd);
  const codexHome = defaultCodexHome(env);
  const loaded = loadConfig({
    codexHome,
    cwd,
    profile: o.common.profile,
    overrides: o.common.config,
    flagValues: flagValues(o.common),
    strict: o.strictConfig ?? o.common.strictConfig,
    ignoreUserConfig: o.ignoreUserConfig,
  });
  const config = loaded.config;
  loaded.warnings.push(...checkFeatures(config.features));
  if (o.common.oss && !o.common.localProvider) config.model_provider = config.oss_provider ?? "ollama";
  // requirements.toml: refuse disallowed approval/sandbox choices, overlay its rules (see requirements.ts).
  const requirements = loadRequirements(requirementsPath(env));
  const { checkRuleExamples } = await import("../../plugins/approval_policy/mod.ts");
  if (requirements) checkRuleExamples(requirements.rules?.prefix_rules ?? [], requirements.source);
  checkRuleExamples(config.rules?.prefix_rules ?? [], "the configuration");
  applyRequirements(config, requirements, {
    approvalPolicy: ApprovalPolicySchema.parse(o.defaultApproval),
    sandboxMode: "read-only",
  }, loaded.layers);

  const registry = await loadRegistry(config, o.plugins ?? [], requirements);
  loaded.warnings.push(...registry.warnings);

  const { id: providerId, info: provider } = resolveProvider(config, env);
  const registration = registry.providerFor(providerId, provider.wire_api);
  if (!registration) {
    throw new PluginError(
      `model provider '${providerId}' uses wire_api "${provider.wire_api}", but no loaded plugin speaks it`,
    );
  }
  const originator = env("CODEX_INTERNAL_ORIGINATOR_OVERRIDE") || o.originator;
  const providerEnv = withSavedApiKey(env, provider.env_key, codexHome);
  const client = registration.create({
    providerId,
    info: provider,
    env: providerEnv,
    originator,
    version: VERSION,
  });

  const policy = resolveSandboxPolicy(config, { cwd, addDirs: o.common.addDir, env });
  const sandbox = await chooseSandbox(registry, policy, config.sandbox_backend);

  // Under --oss the local provider's default model (e.g. gpt-oss:20b for ollama) replaces gpt-5.5.
  const ossModel = o.common.oss ? DEFAULT_OSS_MODELS[providerId] : undefined;
  const model = config.model ?? ossModel ?? DEFAULT_MODEL;
  const wantsReasoning = config.model_reasoning_effort !== undefined ||
    config.model_reasoning_summary !== undefined || isReasoningModel(model);
  const summary = config.model_reasoning_summary ?? "auto";
  const reasoning = wantsReasoning
    ? {
      ...(config.model_reasoning_effort ? { effort: config.model_reasoning_effort } : {}),
      ...(summary !== "none" ? { summary } : {}),
    }
    : undefined;

  const instructionsFile = config.model_instructions_file ?? config.experimental_instructions_file;
  let baseInstructions = BASE_INSTRUCTIONS;
  if (instructionsFile) {
    const path = resolve(codexHome, instructionsFile);
    try {
      baseInstructions = readFileSync(path, "utf8");
    } catch (err) {
      throw new ConfigError(`model_instructions_file: cannot read ${path}: ${(err as Error).message}`);
    }
  }
  if (config.compact_prompt === undefined && config.experimental_compact_prompt_file) {
    const path = resolve(codexHome, config.experimental_compact_prompt_file);
    try {
      config.compact_prompt = readFileSync(path, "utf8");
    } catch (err) {
      throw new ConfigError(
        `experimental_compact_prompt_file: cannot read ${path}: ${(err as Error).message}`,
      );
    }
  }
  const approvalPolicy = config.approval_policy ?? o.defaultApproval;
  const contributions = async (warn: (message: string) => void): Promise<string[]> => {
    const texts: string[] = [];
    for (const { owner, contribute } of registry.instructionContributors) {
      try {
        const text = await contribute({ cwd, codexHome, config });
        if (text) texts.push(text);
      } catch (err) {
        warn(`instructions from plugin '${owner}' failed: ${(err as Error).message}`);
      }
    }
    return texts;
  };
  let contributed = await contributions((m) => loaded.warnings.push(m));
  const contextFor = async (
    sandbox: SandboxPolicy,
    approval: string,
    refresh = false,
  ): Promise<ResponseItem[]> => {
    if (refresh) contributed = await contributions((m) => loaded.warnings.push(m));
    return buildInitialContext({
      baseInstructions,
      developerInstructions:
        [config.developer_instructions, personalityText(config.personality), ...contributed]
          .filter(Boolean).join("\n\n") ||
        undefined,
      userInstructions: userInstructions(config, codexHome, cwd, (m) => {
        if (!loaded.warnings.includes(m)) loaded.warnings.push(m);
      }),
      cwd,
      shell: env("SHELL") ?? "/bin/bash",
      approvalPolicy: approval,
      sandbox,
    });
  };
  const initialContext = await contextFor(policy, approvalPolicy);
  return {
    contextFor,
    codexHome,
    cwd,
    loaded,
    config,
    model,
    providerId,
    provider,
    registry,
    client,
    sandbox,
    approvalPolicy,
    originator,
    reasoning: reasoning && Object.keys(reasoning).length > 0 ? reasoning : undefined,
    initialContext,
    baseInstructions,
  };
}

/**
 * Picks the backend: `sandbox_backend` when set, else the first available by priority (see
 * sandbox/choose.ts); danger-full-access always runs unwrapped.
 */
function chooseSandbox(
  registry: Registry,
  policy: ReturnType<typeof resolveSandboxPolicy>,
  forced?: string,
): Promise<SandboxRuntime> {
  return chooseSandboxBackend(registry.sandboxes.values(), policy, { forced });
}
