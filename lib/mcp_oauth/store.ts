/**
 * Where `codex mcp login` keeps OAuth credentials: `$CODEX_HOME/.mcp_credentials.json`, one entry per
 * server name (its URL, the dynamically registered client, the tokens and when the access token
 * expires). The file is created with mode 0600 and replaced atomically.
 * @module
 */
import { dirname, join } from "../path.ts";

/** The stored credentials of one server. */
export interface StoredCredentials {
  server_url: string;
  /** The client registered with the authorization server (dynamic client registration). */
  client_information?: Record<string, unknown>;
  /** The redirect URI the client was registered with. */
  redirect_uri?: string;
  tokens?: {
    access_token: string;
    token_type: string;
    refresh_token?: string;
    scope?: string;
    expires_in?: number;
  };
  /** When the access token expires (ms since the epoch), if the server said. */
  expires_at?: number;
  /** The PKCE verifier of a login in progress. */
  code_verifier?: string;
}

/** `$CODEX_HOME`, else `~/.codex`. */
export function codexHomeFromEnv(env: (k: string) => string | undefined = (k) => Deno.env.get(k)): string {
  return env("CODEX_HOME") || join(env("HOME") ?? ".", ".codex");
}

/** The credentials file under `codexHome`. */
export function credentialsFile(codexHome: string): string {
  return join(codexHome, ".mcp_credentials.json");
}

/** Reads and writes the credentials file. */
export class CredentialStore {
  readonly path: string;

  constructor(codexHome: string) {
    this.path = credentialsFile(codexHome);
  }

  #readAll(): Record<string, StoredCredentials> {
    let text: string;
    try {
      text = Deno.readTextFileSync(this.path);
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) return {};
      throw err;
    }
    try {
      const parsed = JSON.parse(text);
      return typeof parsed === "object" && parsed !== null ? parsed : {};
    } catch {
      throw new Error(`${this.path}: expected a JSON object of MCP OAuth credentials, found invalid JSON`);
    }
  }

  #writeAll(all: Record<string, StoredCredentials>): void {
    Deno.mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${Deno.pid}.tmp`;
    Deno.writeTextFileSync(tmp, JSON.stringify(all, null, 2) + "\n", { mode: 0o600 });
    Deno.chmodSync(tmp, 0o600);
    Deno.renameSync(tmp, this.path);
  }

  /** The entry of `server`, when it was stored for `url`. */
  get(server: string, url?: string): StoredCredentials | undefined {
    const entry = this.#readAll()[server];
    if (!entry || (url !== undefined && entry.server_url !== url)) return undefined;
    return entry;
  }

  /** Merges `patch` into the entry of `server` (creating it for `url`). */
  update(server: string, url: string, patch: Partial<StoredCredentials>): void {
    const all = this.#readAll();
    const current = all[server]?.server_url === url ? all[server] : { server_url: url };
    all[server] = { ...current, ...patch, server_url: url };
    this.#writeAll(all);
  }

  /** Removes the entry of `server`; false when there was none. */
  delete(server: string): boolean {
    const all = this.#readAll();
    if (!(server in all)) return false;
    delete all[server];
    this.#writeAll(all);
    return true;
  }
}
