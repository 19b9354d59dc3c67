/**
 * `codex mcp login NAME`: OAuth 2.1 authorization code flow with PKCE and dynamic client registration
 * (through the MCP SDK's `auth`). A loopback listener on 127.0.0.1 receives the redirect; for boxes
 * without a browser the person may instead paste the redirect URL (or just the code) on stdin.
 * @module
 */
import { StoredOAuthProvider } from "./provider.ts";
import { CredentialStore } from "./store.ts";

/** Inputs of `login`. */
export interface LoginOptions {
  server: string;
  url: string;
  codexHome: string;
  scopes?: string[];
  /** Loopback port of the redirect listener (`mcp_oauth_callback_port`; 0 or absent: any free port). */
  port?: number;
  /** Writes a line for the person. */
  print(text: string): void;
  /** Lines typed on stdin (absent: only the redirect listener is used). */
  lines?: AsyncIterable<string>;
  /** Gives up after this long (default 5 minutes). */
  timeoutMs?: number;
}

/** The `code` in a pasted redirect URL, or the pasted text itself; throws on an `error` redirect. */
export function codeFromInput(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  if (!/^https?:\/\//i.test(trimmed)) return trimmed;
  const params = new URL(trimmed).searchParams;
  const error = params.get("error");
  if (error) {
    throw new Error(
      `authorization failed: ${error}${
        params.get("error_description") ? ` (${params.get("error_description")})` : ""
      }`,
    );
  }
  return params.get("code") ?? undefined;
}

/** Runs the whole login; resolves once tokens are stored. */
export async function login(o: LoginOptions): Promise<void> {
  const store = new CredentialStore(o.codexHome);
  let resolveCode!: (code: string) => void;
  let rejectCode!: (err: Error) => void;
  const code = new Promise<string>((res, rej) => {
    resolveCode = res;
    rejectCode = rej;
  });
  const listener = Deno.serve({ hostname: "127.0.0.1", port: o.port ?? 0, onListen: () => {} }, (req) => {
    const url = new URL(req.url);
    if (url.pathname !== "/callback") return new Response("not found", { status: 404 });
    try {
      const got = codeFromInput(url.href);
      if (!got) return new Response("expected a `code` parameter", { status: 400 });
      resolveCode(got);
      return new Response("Authorization complete. You may close this window and return to Codex.\n");
    } catch (err) {
      rejectCode(err as Error);
      return new Response(`${(err as Error).message}\n`, { status: 400 });
    }
  });
  const redirectUri = `http://127.0.0.1:${listener.addr.port}/callback`;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    // A login starts from scratch: old tokens and an old verifier are dropped.
    store.update(o.server, o.url, { tokens: undefined, expires_at: undefined, code_verifier: undefined });
    const provider = new StoredOAuthProvider({
      server: o.server,
      url: o.url,
      store,
      redirectUri,
      ...(o.scopes?.length ? { scopes: o.scopes } : {}),
      onAuthorizationUrl: (url) => {
        o.print(`Open this URL in a browser to authorize MCP server '${o.server}':\n\n  ${url.href}\n`);
        o.print(
          `Waiting for the redirect to ${redirectUri} ... (on a machine without a browser, paste the URL you were redirected to, or the code, here)`,
        );
      },
    });
    const { auth } = await import("./sdk.ts");
    const scope = o.scopes?.length ? o.scopes.join(" ") : undefined;
    const first = await auth(provider, { serverUrl: o.url, ...(scope ? { scope } : {}) });
    if (first === "AUTHORIZED") return;
    if (o.lines) {
      (async () => {
        for await (const line of o.lines!) {
          try {
            const got = codeFromInput(line);
            if (got) return resolveCode(got);
          } catch (err) {
            return rejectCode(err as Error);
          }
        }
      })().catch(() => {});
    }
    const ms = o.timeoutMs ?? 300_000;
    const timeout = new Promise<never>((_, rej) => {
      timer = setTimeout(
        () => rej(new Error(`no authorization code arrived within ${ms / 1000} s`)),
        ms,
      );
    });
    const authorizationCode = await Promise.race([code, timeout]);
    const second = await auth(provider, { serverUrl: o.url, authorizationCode });
    if (second !== "AUTHORIZED") throw new Error("the authorization server did not issue tokens");
    store.update(o.server, o.url, { code_verifier: undefined });
  } finally {
    clearTimeout(timer);
    await listener.shutdown();
  }
}

/** Removes the stored credentials of `server`; false when there were none. */
export function logout(codexHome: string, server: string): boolean {
  return new CredentialStore(codexHome).delete(server);
}
