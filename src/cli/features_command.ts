/**
 * `codex features list|enable|disable`: the feature flags this CLI honours, their stage and effective
 * state; enable/disable write `[features]` in $CODEX_HOME/config.toml.
 * @module
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkFeatureName, checkFeatures, featureEnabled, FEATURES } from "../config/features.ts";
import { defaultCodexHome, loadConfig } from "../config/mod.ts";
import { setTableKey } from "../config/toml_edit.ts";
import { type CommonOptions, flagValues } from "./options.ts";

const out = (line: string) => console.log(line);

/** `codex features list`: one line per flag: key, stage, effective state. */
export function featuresList(opts: CommonOptions): number {
  const loaded = loadConfig({
    codexHome: defaultCodexHome(),
    cwd: Deno.cwd(),
    profile: opts.profile,
    overrides: opts.config,
    flagValues: flagValues(opts),
  });
  loaded.warnings.push(...checkFeatures(loaded.config.features));
  for (const w of loaded.warnings) console.error(`Warning: ${w}`);
  const width = Math.max(...FEATURES.map((f) => f.key.length)) + 2;
  for (const f of FEATURES) {
    out(
      `${f.key.padEnd(width)}${f.stage.padEnd(14)}${
        String(featureEnabled(loaded.config.features, f.key)).padEnd(7)
      }${f.description}`,
    );
  }
  return 0;
}

/** `codex features enable|disable NAME`: writes `features.NAME` to $CODEX_HOME/config.toml. */
export function featuresSet(name: string, enabled: boolean): number {
  const warning = checkFeatureName(name, `features ${enabled ? "enable" : "disable"}`);
  if (warning) console.error(`Warning: ${warning}`);
  const path = join(defaultCodexHome(), "config.toml");
  let text = "";
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as { code?: string }).code !== "ENOENT") throw err;
  }
  writeFileSync(path, setTableKey(text, ["features"], name, String(enabled)));
  out(`${enabled ? "Enabled" : "Disabled"} feature \`${name}\` in config.toml.`);
  return 0;
}
