/**
 * `$CODEX_HOME/auth.json`: the API key saved by `codex login --with-api-key`, in Codex's format
 * (`{"auth_mode": "apikey", "OPENAI_API_KEY": "sk-..."}`), written with mode 0600.
 * @module
 */
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from "./fs.ts";
import { join } from "./path.ts";
import { z } from "zod";
import { ConfigError } from "../src/kernel/errors.ts";

/** The fields of auth.json this CLI reads; other fields (ChatGPT tokens) are kept as they are. */
export const AuthFileSchema = z.looseObject({
  auth_mode: z.string().optional(),
  OPENAI_API_KEY: z.string().nullable().optional(),
});

/** Parsed auth.json. */
export type AuthFile = z.output<typeof AuthFileSchema>;

/** The path of auth.json under `codexHome`. */
export function authPath(codexHome: string): string {
  return join(codexHome, "auth.json");
}

/** Reads auth.json; undefined when it does not exist. Throws ConfigError when it is not valid JSON. */
export function readAuth(codexHome: string): AuthFile | undefined {
  const path = authPath(codexHome);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as { code?: string }).code === "ENOENT") return undefined;
    throw new ConfigError(`${path}: cannot read: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${path}: expected JSON, found a parse error: ${(err as Error).message}`);
  }
  const parsed = AuthFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${path}: field '${issue.path.join(".")}': ${issue.message}`);
  }
  return parsed.data;
}

/** The saved API key, if any (blank counts as none). */
export function savedApiKey(codexHome: string): string | undefined {
  const key = readAuth(codexHome)?.OPENAI_API_KEY?.trim();
  return key ? key : undefined;
}

/** Saves `key` as the API key (replacing any previous login), mode 0600. */
export function saveApiKey(codexHome: string, key: string): void {
  const path = authPath(codexHome);
  const body = JSON.stringify({ auth_mode: "apikey", OPENAI_API_KEY: key }, null, 2) + "\n";
  // Remove first so a pre-existing file with wider permissions is not reused.
  rmSync(path, { force: true });
  writeFileSync(path, body, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** Deletes auth.json. Returns whether there was one. */
export function removeAuth(codexHome: string): boolean {
  const path = authPath(codexHome);
  if (!existsSync(path)) return false;
  rmSync(path);
  return true;
}

/** Shows a key the way Codex does: its first 8 and last 5 characters (`sk-test-***bcdef`). */
export function maskKey(key: string): string {
  if (key.length <= 13) return "***";
  return `${key.slice(0, 8)}***${key.slice(-5)}`;
}

/**
 * Wraps an environment reader so the provider's key variable (`env_key`) falls back to the API key
 * saved in auth.json when the variable is unset or blank. auth.json is read only when needed.
 */
export function withSavedApiKey(
  env: (k: string) => string | undefined,
  envKey: string | undefined,
  codexHome: string,
): (k: string) => string | undefined {
  if (!envKey) return env;
  return (k) => {
    const value = env(k);
    if (k !== envKey || (value !== undefined && value.trim() !== "")) return value;
    return savedApiKey(codexHome) ?? value;
  };
}
