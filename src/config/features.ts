/**
 * Feature flags (`[features]` in config.toml, `--enable`/`--disable`, `codex features`). Each flag this
 * CLI honours turns a built-in plugin on or off. Codex's other flag names are accepted with a warning
 * that they have no effect; any other name is an error.
 * @module
 */
import { ConfigError } from "../plugin_api/errors.ts";
import { CODEX_FEATURE_NAMES } from "./codex_features.ts";

/** A feature flag this CLI honours. */
export interface FeatureSpec {
  key: string;
  stage: "stable" | "experimental";
  default: boolean;
  /** The built-in plugin the flag loads or leaves out. */
  plugin: string;
  description: string;
}

/** The feature flags this CLI honours. */
export const FEATURES: readonly FeatureSpec[] = [
  {
    key: "shell_tool",
    stage: "stable",
    default: true,
    plugin: "shell",
    description: "the exec_command and write_stdin tools",
  },
  {
    key: "hooks",
    stage: "stable",
    default: true,
    plugin: "command-hooks",
    description: "command hooks from config.toml and hooks.json",
  },
  {
    key: "memories",
    stage: "stable",
    default: true,
    plugin: "memory",
    description: "memories in $CODEX_HOME/memory given to every session",
  },
];

/** The spec of `key`, if this CLI honours it. */
export function featureSpec(key: string): FeatureSpec | undefined {
  return FEATURES.find((f) => f.key === key);
}

/**
 * Checks a feature name given on the command line or to `codex features`: throws ConfigError for a
 * name neither this CLI nor Codex knows; returns a warning for a Codex name this CLI ignores.
 */
export function checkFeatureName(key: string, where: string): string | undefined {
  if (featureSpec(key)) return undefined;
  if (CODEX_FEATURE_NAMES.has(key)) return `${where}: feature '${key}' has no effect in this CLI`;
  throw new ConfigError(
    `${where}: unknown feature '${key}' (expected one of ${FEATURES.map((f) => f.key).join(", ")})`,
  );
}

/** Checks every `[features]` key; returns warnings for Codex names this CLI ignores. */
export function checkFeatures(features: Record<string, boolean> | undefined): string[] {
  const warnings: string[] = [];
  for (const key of Object.keys(features ?? {})) {
    const warning = checkFeatureName(key, `features.${key}`);
    if (warning) warnings.push(warning);
  }
  return warnings;
}

/** Whether feature `key` is on under `features`. */
export function featureEnabled(features: Record<string, boolean> | undefined, key: string): boolean {
  return features?.[key] ?? featureSpec(key)?.default ?? false;
}

/** The built-in plugin names turned off by `features`. */
export function disabledPlugins(features: Record<string, boolean> | undefined): Set<string> {
  return new Set(FEATURES.filter((f) => !featureEnabled(features, f.key)).map((f) => f.plugin));
}
