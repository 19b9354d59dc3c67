/**
 * Session setup stage 3: the model provider client and the model settings (model slug, reasoning).
 * @module
 */
import { type Config, DEFAULT_MODEL, DEFAULT_OSS_MODELS, resolveProvider } from "../config/mod.ts";
import { modelRequestShape } from "../config/model_catalog.ts";
import { PluginError } from "../kernel/errors.ts";
import type { ModelClient, ModelRequest } from "../kernel/model.ts";
import type { ModelProviderInfo } from "../config/provider_info.ts";
import type { HostRegistry } from "./registry.ts";
import { VERSION } from "../../lib/version.ts";
import { withSavedApiKey } from "../../lib/auth.ts";
import type { Env } from "./config_stage.ts";

/** What stage 3 settled. */
export interface ProviderSetup {
  providerId: string;
  provider: ModelProviderInfo;
  client: ModelClient;
  /** The `originator` the client sends. */
  originator: string;
  /** The model slug at startup. */
  model: string;
  /** Reasoning parameters at startup, when the model takes any. */
  reasoning: ModelRequest["reasoning"];
  /** `text.verbosity` from config or the model catalog, when the model supports it. */
  verbosity?: string;
  /** Codex's warning for a model missing from the catalog. */
  warning?: string;
}

/** Resolves the provider, asks the plugin speaking its wire for a client, and settles the model. */
export function setupProvider(
  config: Config,
  registry: HostRegistry,
  env: Env,
  o: { originator: string; oss: boolean; codexHome?: string },
): ProviderSetup {
  const { id: providerId, info: provider } = resolveProvider(config, env);
  const registration = registry.providerFor(providerId, provider.wire_api);
  if (!registration) {
    throw new PluginError(
      `model provider '${providerId}' uses wire_api "${provider.wire_api}", but no loaded plugin speaks it`,
    );
  }
  const originator = env("CODEX_INTERNAL_ORIGINATOR_OVERRIDE") || o.originator;
  // An API key saved by `codex login --with-api-key` stands in for an unset env_key variable.
  const providerEnv = o.codexHome ? withSavedApiKey(env, provider.env_key, o.codexHome) : env;
  const client = registration.create({
    providerId,
    info: provider,
    env: providerEnv,
    originator,
    version: VERSION,
  });

  // Under --oss the local provider's default model (e.g. gpt-oss:20b for ollama) replaces gpt-5.5.
  const ossModel = o.oss ? DEFAULT_OSS_MODELS[providerId] : undefined;
  const model = config.model ?? ossModel ?? DEFAULT_MODEL;
  // Catalog defaults (gpt-5.5: effort medium, verbosity low) under config; unknown models: Codex's fallback
  // (`model_supports_reasoning_summaries = false` sends no reasoning to an unknown model).
  const shape = modelRequestShape(model, config);
  const configured = config.model_reasoning_effort !== undefined ||
    config.model_reasoning_summary !== undefined;
  const reasoning = shape.known || configured || config.model_supports_reasoning_summaries !== false
    ? shape.reasoning
    : undefined;
  return {
    providerId,
    provider,
    client,
    originator,
    model,
    reasoning: reasoning && Object.keys(reasoning).length > 0 ? reasoning : undefined,
    verbosity: shape.verbosity,
    warning: shape.warning,
  };
}
