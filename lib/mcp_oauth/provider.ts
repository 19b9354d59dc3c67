/**
 * The SDK's `OAuthClientProvider` over the credential store: what `codex mcp login` and MCP sessions
 * use to register, authorize, and refresh. In a session (no login in progress) a request for a new
 * authorization is an error telling the person to run `codex mcp login NAME`.
 * @module
 */
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthClientProvider,
  OAuthTokens,
} from "./sdk.ts";
import type { CredentialStore } from "./store.ts";

/** Options of `StoredOAuthProvider`. */
export interface StoredOAuthProviderOptions {
  server: string;
  url: string;
  store: CredentialStore;
  /** The loopback redirect URI of a login in progress; absent in sessions. */
  redirectUri?: string;
  /** Scopes asked for at login. */
  scopes?: string[];
  /** Called with the authorization URL during a login. */
  onAuthorizationUrl?: (url: URL) => void;
}

/** Thrown in a session when the server needs a fresh login. */
export class LoginRequiredError extends Error {
  constructor(server: string) {
    super(`MCP server '${server}' needs authorization: run \`codex mcp login ${server}\``);
    this.name = "LoginRequiredError";
  }
}

/** An OAuth client provider that persists what the SDK hands it. */
export class StoredOAuthProvider implements OAuthClientProvider {
  readonly #o: StoredOAuthProviderOptions;

  constructor(options: StoredOAuthProviderOptions) {
    this.#o = options;
  }

  #entry() {
    return this.#o.store.get(this.#o.server, this.#o.url);
  }

  get redirectUrl(): string | undefined {
    return this.#o.redirectUri ?? this.#entry()?.redirect_uri;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: "Codex",
      redirect_uris: this.redirectUrl ? [this.redirectUrl] : [],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
      ...(this.#o.scopes?.length ? { scope: this.#o.scopes.join(" ") } : {}),
    };
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    const entry = this.#entry();
    // A login on a new redirect URI (a new loopback port) registers again.
    if (this.#o.redirectUri && entry?.redirect_uri !== this.#o.redirectUri) return undefined;
    return entry?.client_information as OAuthClientInformationMixed | undefined;
  }

  saveClientInformation(info: OAuthClientInformationMixed): void {
    this.#o.store.update(this.#o.server, this.#o.url, {
      client_information: info as Record<string, unknown>,
      ...(this.redirectUrl ? { redirect_uri: this.redirectUrl } : {}),
    });
  }

  tokens(): OAuthTokens | undefined {
    return this.#entry()?.tokens as OAuthTokens | undefined;
  }

  saveTokens(tokens: OAuthTokens): void {
    this.#o.store.update(this.#o.server, this.#o.url, {
      tokens: tokens as NonNullable<ReturnType<StoredOAuthProvider["tokens"]>>,
      ...(typeof tokens.expires_in === "number" ? { expires_at: Date.now() + tokens.expires_in * 1000 } : {}),
    });
  }

  /** Whether the stored access token has expired (per `expires_in` at issue). */
  expired(now = Date.now()): boolean {
    const at = this.#entry()?.expires_at;
    return at !== undefined && at <= now;
  }

  redirectToAuthorization(url: URL): void {
    if (!this.#o.onAuthorizationUrl) throw new LoginRequiredError(this.#o.server);
    this.#o.onAuthorizationUrl(url);
  }

  saveCodeVerifier(verifier: string): void {
    this.#o.store.update(this.#o.server, this.#o.url, { code_verifier: verifier });
  }

  codeVerifier(): string {
    const verifier = this.#entry()?.code_verifier;
    if (!verifier) throw new Error(`no login in progress for MCP server '${this.#o.server}'`);
    return verifier;
  }

  invalidateCredentials(scope: "all" | "client" | "tokens" | "verifier" | "discovery"): void {
    const patch: Record<string, undefined> = {};
    if (scope === "all" || scope === "client") patch.client_information = undefined;
    if (scope === "all" || scope === "tokens") {
      patch.tokens = undefined;
      patch.expires_at = undefined;
    }
    if (scope === "all" || scope === "verifier") patch.code_verifier = undefined;
    this.#o.store.update(this.#o.server, this.#o.url, patch);
  }
}
