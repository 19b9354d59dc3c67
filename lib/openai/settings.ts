/**
 * Resolves a provider config entry (`ModelProviderInfo`) into what the Responses client needs: the
 * endpoint URL, the bearer key, static headers and retry limits. Problems are `ConfigError`s.
 * @module
 */
import { ConfigError } from "../../src/plugin_api/errors.ts";
import type { ProviderCreateOptions } from "../../src/plugin_api/provider.ts";
import { retryCount } from "./retry.ts";

/** The base URL used when a provider sets none. */
export const DEFAULT_BASE_URL = "https://api.openai.com/v1";

/** Default `request_max_retries`. */
export const DEFAULT_REQUEST_MAX_RETRIES = 4;
/** Default `stream_max_retries`. */
export const DEFAULT_STREAM_MAX_RETRIES = 5;
/** Default `stream_idle_timeout_ms`. */
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 300_000;

/** Everything a Responses client needs, resolved once at `create` time. */
export interface ResponsesSettings {
  /** Provider id, for messages. */
  providerId: string;
  /** The configured base URL (validated). */
  baseUrl: string;
  /** `POST` target: `{base_url}/responses` (or another endpoint) plus `query_params`. */
  url: string;
  /** Bearer key, or undefined to send no `authorization` header. */
  apiKey: string | undefined;
  /** Provider headers (`http_headers`, then `env_http_headers` that are set), lower-cased names. */
  providerHeaders: Record<string, string>;
  /** `originator` header value. */
  originator: string;
  /** `user-agent` header value. */
  userAgent: string;
  requestMaxRetries: number;
  streamMaxRetries: number;
  streamIdleTimeoutMs: number;
}

function nonBlank(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== "" ? value : undefined;
}

function missingKey(name: string, instructions: string | undefined): ConfigError {
  const hint = instructions && instructions.trim() !== "" ? ` ${instructions.trim()}` : "";
  return new ConfigError(`Missing environment variable: \`${name}\`.${hint}`);
}

/**
 * Picks the bearer key: `CODEX_API_KEY` first when `requires_openai_auth`, then
 * `experimental_bearer_token`, then the `env_key` variable (missing/blank → `ConfigError`).
 * Undefined when the provider declares no auth at all (local servers).
 */
export function resolveApiKey(options: ProviderCreateOptions): string | undefined {
  const { info, env } = options;
  if (info.requires_openai_auth) {
    const codexKey = nonBlank(env("CODEX_API_KEY"));
    if (codexKey) return codexKey.trim();
  }
  const token = nonBlank(info.experimental_bearer_token);
  if (token) return token.trim();
  if (info.env_key) {
    const key = nonBlank(env(info.env_key));
    if (!key) throw missingKey(info.env_key, info.env_key_instructions);
    return key.trim();
  }
  if (info.requires_openai_auth) throw missingKey("CODEX_API_KEY", info.env_key_instructions);
  return undefined;
}

/**
 * Validates `base_url` and builds the `{base_url}/<endpoint>` URL (`/responses` by default) with
 * `query_params` appended.
 */
export function resolveUrl(
  options: ProviderCreateOptions,
  endpoint = "responses",
): { baseUrl: string; url: string } {
  const baseUrl = options.info.base_url ?? DEFAULT_BASE_URL;
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw badUrl(options.providerId, baseUrl);
  }
  if ((parsed.protocol !== "http:" && parsed.protocol !== "https:") || parsed.hostname === "") {
    throw badUrl(options.providerId, baseUrl);
  }
  parsed.hash = "";
  parsed.pathname = `${parsed.pathname.replace(/\/+$/, "")}/${endpoint}`;
  for (const [key, value] of Object.entries(options.info.query_params ?? {})) {
    parsed.searchParams.append(key, value);
  }
  return { baseUrl, url: parsed.toString() };
}

function badUrl(providerId: string, url: string): ConfigError {
  return new ConfigError(
    `Invalid base_url for model provider \`${providerId}\`: \`${url}\` is not a valid http(s) URL.`,
  );
}

/** `http_headers` verbatim, then `env_http_headers` whose variable is set and non-blank. */
export function resolveProviderHeaders(options: ProviderCreateOptions): Record<string, string> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(options.info.http_headers ?? {})) headers.set(name, value);
  for (const [name, variable] of Object.entries(options.info.env_http_headers ?? {})) {
    const value = nonBlank(options.env(variable));
    if (value) headers.set(name, value.trim());
  }
  return Object.fromEntries(headers.entries());
}

function osName(): string {
  switch (Deno.build.os) {
    case "linux":
      return "Linux";
    case "darwin":
      return "Mac OS";
    case "windows":
      return "Windows";
    default:
      return Deno.build.os;
  }
}

function osRelease(): string {
  try {
    return Deno.osRelease();
  } catch {
    return "unknown";
  }
}

/** `codex-deno/<version> (<os> <osRelease>; <arch>)`. */
export function userAgent(version: string): string {
  return `codex-deno/${version} (${osName()} ${osRelease()}; ${Deno.build.arch})`;
}

/**
 * Resolves all settings; throws `ConfigError` on a missing key or a malformed `base_url`. `endpoint` is
 * the path appended to `base_url` (`responses`; the chat provider passes `chat/completions`).
 */
export function resolveSettings(options: ProviderCreateOptions, endpoint = "responses"): ResponsesSettings {
  const { info } = options;
  const { baseUrl, url } = resolveUrl(options, endpoint);
  const idle = info.stream_idle_timeout_ms;
  return {
    providerId: options.providerId,
    baseUrl,
    url,
    apiKey: resolveApiKey(options),
    providerHeaders: resolveProviderHeaders(options),
    originator: options.originator,
    userAgent: userAgent(options.version),
    requestMaxRetries: retryCount(info.request_max_retries, DEFAULT_REQUEST_MAX_RETRIES),
    streamMaxRetries: retryCount(info.stream_max_retries, DEFAULT_STREAM_MAX_RETRIES),
    streamIdleTimeoutMs: idle !== undefined && idle > 0 ? idle : DEFAULT_STREAM_IDLE_TIMEOUT_MS,
  };
}
