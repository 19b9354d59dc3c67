/**
 * `codex login [--with-api-key] | login status`, `codex logout`: the API key in $CODEX_HOME/auth.json.
 * ChatGPT (browser or device code) and access-token sign-in are not supported: exit 2.
 * @module
 */
import type { Command } from "commander";
import { UsageError } from "../plugin_api/errors.ts";

const enc = new TextEncoder();
const err = (line: string) => void Deno.stderr.writeSync(enc.encode(line + "\n"));

async function codexHome(): Promise<string> {
  const { defaultCodexHome } = await import("../config/mod.ts");
  return defaultCodexHome();
}

async function readStdin(): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of Deno.stdin.readable) chunks.push(chunk);
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) all.set(c, (at += c.length) - c.length);
  return new TextDecoder().decode(all);
}

/** `codex login --with-api-key`: reads the key from stdin and saves it. */
export async function loginWithApiKey(): Promise<number> {
  if (Deno.stdin.isTerminal()) {
    throw new UsageError(
      "--with-api-key expects the API key on stdin, e.g. `printenv OPENAI_API_KEY | codex login --with-api-key`",
    );
  }
  err("Reading API key from stdin...");
  const key = (await readStdin()).trim();
  if (key === "") throw new UsageError("--with-api-key: expected an API key on stdin, found nothing");
  if (/\s/.test(key)) {
    throw new UsageError("--with-api-key: expected one API key on stdin, found text with whitespace in it");
  }
  const { saveApiKey } = await import("../../lib/auth.ts");
  saveApiKey(await codexHome(), key);
  err("API key saved. Authentication is checked when you send a request.");
  return 0;
}

/** `codex login status`: exit 0 with the method and masked key when logged in, 1 when not. */
export async function loginStatus(): Promise<number> {
  const { maskKey, savedApiKey } = await import("../../lib/auth.ts");
  const key = savedApiKey(await codexHome());
  if (!key) {
    err("Not logged in");
    return 1;
  }
  err(`API key configured - ${maskKey(key)}`);
  return 0;
}

/** `codex logout`. */
export async function logout(): Promise<number> {
  const { removeAuth } = await import("../../lib/auth.ts");
  err(removeAuth(await codexHome()) ? "Successfully logged out" : "Not logged in");
  return 0;
}

/** Registers `login` and `logout` on `program`. */
export function addAuthCommands(program: Command, setExit: (p: Promise<number>) => void): void {
  const run = (fn: () => Promise<number>) => setExit(Promise.resolve().then(fn));
  const login = program.command("login").description("manage login (an API key in $CODEX_HOME/auth.json)")
    .option(
      "--with-api-key",
      "read the API key from stdin (e.g. `printenv OPENAI_API_KEY | codex login --with-api-key`)",
    )
    .option("--with-access-token", "not supported by this CLI")
    .option("--device-auth", "not supported by this CLI")
    .option("-c, --config <key=value>", "accepted for compatibility; ignored")
    .action((opts: { withApiKey?: boolean; withAccessToken?: boolean; deviceAuth?: boolean }) =>
      run(() => {
        if (opts.withApiKey) return loginWithApiKey();
        const what = opts.deviceAuth
          ? "Device-code sign-in"
          : opts.withAccessToken
          ? "Access-token sign-in"
          : "ChatGPT sign-in";
        return Promise.reject(
          new UsageError(
            `${what} is not supported by this CLI; use an API key: \`printenv OPENAI_API_KEY | codex login --with-api-key\``,
          ),
        );
      })
    );
  login.command("status").description("show login status (exit 0 when logged in, 1 when not)")
    .action(() => run(loginStatus));
  program.command("logout").description("remove stored authentication credentials")
    .action(() => run(logout));
}
