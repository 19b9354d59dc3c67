/**
 * Plugin bundles and marketplaces (Codex's `.codex-plugin/` format, Claude Code's `.claude-plugin/` and
 * Open Plugins' `.plugin/`): the store behind `codex plugin ...`, the session loading, and the host-made
 * "bundles" plugin.
 * @module
 */
export * from "./manifest.ts";
export * from "./store.ts";
export { applyBundles, type LoadedBundle } from "./load.ts";
export { bundlesPlugin, formatBundles, PLUGINS_INSTRUCTIONS } from "./plugin.ts";
