/**
 * The implementations of `codex plugin ...` and `codex plugin marketplace ...`: each settles the config
 * and requirements.toml through the host, then edits `$CODEX_HOME` (see src/host/bundles/store.ts).
 * @module
 */
import { bundleStore, loadHostSettings } from "../host/mod.ts";

function home() {
  const settings = loadHostSettings({ frontEnd: "config", flags: {} });
  return { codexHome: settings.codexHome, config: settings.config, requirements: settings.requirements };
}

/** `codex plugin add`. */
export function pluginAddCommand(selector: string, marketplace: string | undefined, json: boolean): number {
  return bundleStore.pluginAdd(home(), bundleStore.parseSelector(selector, marketplace), json);
}

/** `codex plugin list`. */
export function pluginListCommand(json: boolean): number {
  return bundleStore.pluginList(home(), json);
}

/** `codex plugin remove`. */
export function pluginRemoveCommand(selector: string, marketplace: string | undefined): number {
  return bundleStore.pluginRemove(home(), bundleStore.parseSelector(selector, marketplace));
}

/** `codex plugin marketplace add`. */
export function marketplaceAddCommand(source: string, ref: string | undefined): number {
  return bundleStore.marketplaceAdd(home(), source, ref);
}

/** `codex plugin marketplace list`. */
export function marketplaceListCommand(json: boolean): number {
  return bundleStore.marketplaceList(home(), json);
}

/** `codex plugin marketplace upgrade`. */
export function marketplaceUpgradeCommand(name: string | undefined): number {
  return bundleStore.marketplaceUpgrade(home(), name);
}

/** `codex plugin marketplace remove`. */
export function marketplaceRemoveCommand(name: string): number {
  return bundleStore.marketplaceRemove(home(), name);
}
