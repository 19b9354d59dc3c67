/**
 * Session setup stage 1: the settled configuration. Config layers with the run's flags, `--oss`, then
 * requirements.toml (refusing disallowed approval/sandbox choices, overlaying its rules), then the
 * installed plugin bundles (their MCP servers, hooks and TypeScript entries join the config). The one path
 * every front end and admin command loads configuration through.
 * @module
 */
import { statSync } from "../../lib/fs.ts";
import { resolve } from "../../lib/path.ts";
import { checkRuleExamples } from "../../lib/approval_policy/mod.ts";
import {
  applyRequirements,
  checkFeatures,
  type Config,
  defaultCodexHome,
  loadConfig,
  type LoadedConfig,
  loadRequirements,
  type Requirements,
  requirementsPath,
} from "../config/mod.ts";
import { ConfigError } from "../kernel/errors.ts";
import { applyBundles, type LoadedBundle } from "./bundles/load.ts";
import { FRONT_ENDS, type FrontEnd } from "./front_ends.ts";
import { type CommonOptions, flagValues } from "./options.ts";

/** Reads an environment variable. */
export type Env = (key: string) => string | undefined;

/** What stage 1 settled. */
export interface Settings {
  env: Env;
  codexHome: string;
  /** The absolute working directory (`--cd`, else the process's). */
  cwd: string;
  /** Layers and warnings; `loaded.config` is `config`. */
  loaded: LoadedConfig;
  config: Config;
  /** requirements.toml, when present. */
  requirements: Requirements | undefined;
  /** The plugin bundles loaded (installed, enabled and allowed), and what each contributed. */
  bundles: LoadedBundle[];
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

/** Loads config layers and requirements for `frontEnd` with the run's flags. */
export function loadSettings(flags: CommonOptions, frontEnd: FrontEnd, env: Env): Settings {
  const cwd = resolveCwd(flags.cd);
  const codexHome = defaultCodexHome(env);
  const loaded = loadConfig({
    codexHome,
    cwd,
    profile: flags.profile,
    overrides: flags.config,
    flagValues: flagValues(flags),
    // `--strict-config` is checked once the plugins have declared the tables they own (session.ts).
    strict: false,
    ignoreUserConfig: flags.ignoreUserConfig,
  });
  const config = loaded.config;
  loaded.warnings.push(...checkFeatures(config.features));
  if (flags.oss && !flags.localProvider) config.model_provider = config.oss_provider ?? "ollama";
  const requirements = loadRequirements(requirementsPath(env));
  if (requirements) checkRuleExamples(requirements.rules?.prefix_rules ?? [], requirements.source);
  checkRuleExamples(config.rules?.prefix_rules ?? [], "the configuration");
  applyRequirements(config, requirements, {
    approvalPolicy: FRONT_ENDS[frontEnd].defaultApproval,
    sandboxMode: "read-only",
  }, loaded.layers);
  const bundles = applyBundles({ codexHome, config, requirements }, loaded.warnings);
  return { env, codexHome, cwd, loaded, config, requirements, bundles };
}
