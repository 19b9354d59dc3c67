/**
 * Derives effective settings from a merged config: the model provider entry (built-ins + user tables)
 * and the sandbox policy.
 * @module
 */
import { existsSync } from "../../lib/fs.ts";
import { join, resolve } from "../../lib/path.ts";
import { ConfigError } from "../kernel/errors.ts";
import type { ModelProviderInfo } from "./provider_info.ts";
import type { SandboxMode, SandboxPolicy } from "../kernel/sandbox.ts";
import { defaultCodexHome } from "./layers.ts";
import type { Config } from "./schema.ts";

/** The model used when neither config nor flags name one. */
export const DEFAULT_MODEL = "gpt-5.5";

/** The model used under `--oss` when none is configured, per local provider (Codex's choices). */
export const DEFAULT_OSS_MODELS: Readonly<Record<string, string>> = {
  ollama: "gpt-oss:20b",
  lmstudio: "openai/gpt-oss-20b",
};

/** Ollama's URL: `CODEX_OSS_BASE_URL`, else `http://localhost:<CODEX_OSS_PORT or 11434>/v1`. */
function ollamaBaseUrl(env: (k: string) => string | undefined): string {
  const base = env("CODEX_OSS_BASE_URL");
  if (base) return base;
  const port = env("CODEX_OSS_PORT")?.trim();
  return `http://localhost:${port && /^\d{1,5}$/.test(port) ? port : "11434"}/v1`;
}

/** Defaults applied to every provider entry. */
const PROVIDER_DEFAULTS = {
  wire_api: "responses",
  request_max_retries: 4,
  stream_max_retries: 5,
  stream_idle_timeout_ms: 300_000,
} as const;

/** Built-in providers; a user table with the same id is merged over these. */
export function builtinProviders(
  config: Config,
  env: (k: string) => string | undefined,
): Record<string, ModelProviderInfo> {
  return {
    openai: {
      name: "OpenAI",
      base_url: config.openai_base_url ?? env("OPENAI_BASE_URL") ?? "https://api.openai.com/v1",
      env_key: "OPENAI_API_KEY",
      wire_api: "responses",
      requires_openai_auth: true,
      env_http_headers: { "OpenAI-Organization": "OPENAI_ORGANIZATION", "OpenAI-Project": "OPENAI_PROJECT" },
    },
    // Local servers speak chat completions widely; their Responses support is partial.
    ollama: { name: "Ollama", base_url: ollamaBaseUrl(env), wire_api: "chat" },
    lmstudio: { name: "LM Studio", base_url: "http://localhost:1234/v1", wire_api: "chat" },
  };
}

/** The selected provider id and its entry with defaults applied. Throws ConfigError for an unknown id. */
export function resolveProvider(
  config: Config,
  env: (k: string) => string | undefined = (k) => Deno.env.get(k),
): { id: string; info: ModelProviderInfo } {
  const id = config.model_provider ?? "openai";
  const builtins = builtinProviders(config, env);
  const user = config.model_providers?.[id];
  const builtin: ModelProviderInfo | undefined = builtins[id];
  if (!user && !builtin) {
    const known = [...new Set([...Object.keys(builtins), ...Object.keys(config.model_providers ?? {})])];
    throw new ConfigError(
      `model_provider: expected one of ${
        known.map((k) => `'${k}'`).join(", ")
      } or a [model_providers.${id}] table, found '${id}'`,
    );
  }
  const info: ModelProviderInfo = {
    ...PROVIDER_DEFAULTS,
    ...(builtin ?? {}),
    ...stripUndefined(user ?? {}),
    name: user?.name ?? builtin?.name ?? id,
  };
  return { id, info };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Inputs of `resolveSandboxPolicy` beyond the config. */
export interface SandboxInputs {
  cwd: string;
  addDirs?: string[];
  env?: (k: string) => string | undefined;
}

/** Builds the sandbox policy: writable roots, protected subpaths and network access. */
export function resolveSandboxPolicy(config: Config, inputs: SandboxInputs): SandboxPolicy {
  const mode: SandboxMode = config.sandbox_mode ?? "read-only";
  const env = inputs.env ?? ((k: string) => Deno.env.get(k));
  const ws = config.sandbox_workspace_write ?? {};
  if (mode === "danger-full-access") {
    return { mode, writableRoots: [], readOnlyPaths: [], networkAccess: true };
  }
  if (mode === "read-only") {
    return { mode, writableRoots: [], readOnlyPaths: [], networkAccess: false };
  }
  const roots = [inputs.cwd, ...(inputs.addDirs ?? []), ...(ws.writable_roots ?? [])].map((p) =>
    resolve(inputs.cwd, p)
  );
  const workspaceRoots = new Set(roots);
  if (!ws.exclude_slash_tmp && existsSync("/tmp")) roots.push("/tmp");
  const tmpdir = env("TMPDIR");
  if (!ws.exclude_tmpdir_env_var && tmpdir) roots.push(resolve(tmpdir));
  const writableRoots = [...new Set(roots)];
  // `.git`, `.codex` and `.agents` stay read-only in every workspace root whether or not they exist
  // (a sandboxed `git init` or `mkdir .codex` would otherwise plant config that runs unsandboxed
  // later). The temp roots are shared with other users, so another user's `/tmp/.git` must not make
  // /tmp unusable: they get no protected names.
  const readOnlyPaths: string[] = [];
  for (const root of writableRoots) {
    if (!workspaceRoots.has(root)) continue;
    for (const sub of [".git", ".codex", ".agents"]) readOnlyPaths.push(join(root, sub));
  }
  // $CODEX_HOME (config, hooks, rules, sessions) stays read-only too when a writable root holds it.
  const home = defaultCodexHome(env);
  const inRoot = writableRoots.some((r) => home === r || home.startsWith(`${r}/`));
  if (inRoot && !readOnlyPaths.includes(home)) readOnlyPaths.push(home);
  return { mode, writableRoots, readOnlyPaths, networkAccess: ws.network_access ?? false };
}
