/**
 * The host's model provider entry type (what provider plugins get as `ProviderCreateOptions.info`).
 * @module
 */

/** A model provider entry (`[model_providers.<id>]`), with defaults applied. */
export interface ModelProviderInfo {
  /** Name. */
  name: string;
  /** Base URL of the API. */
  base_url?: string;
  /** Environment variable holding the API key. */
  env_key?: string;
  /** Help shown when the API key variable is missing. */
  env_key_instructions?: string;
  /** A fixed bearer token (experimental). */
  experimental_bearer_token?: string;
  /** Which wire protocol the provider speaks. */
  wire_api: "responses" | "chat";
  /** Query parameters added to every request. */
  query_params?: Record<string, string>;
  /** Headers added to every request. */
  http_headers?: Record<string, string>;
  /** Headers whose values come from environment variables. */
  env_http_headers?: Record<string, string>;
  /** Retries of a failed request. */
  request_max_retries?: number;
  /** Retries of a dropped stream. */
  stream_max_retries?: number;
  /** Milliseconds without stream data before it counts as dropped. */
  stream_idle_timeout_ms?: number;
  /** Whether the provider uses OpenAI authentication. */
  requires_openai_auth?: boolean;
}
