/**
 * `codex mcp login|logout` end to end against tests/e2e/mcp/oauth_server.mjs, an OAuth-protected MCP server
 * built with the MCP SDK's server-side auth helpers: discovery, dynamic client registration, the
 * authorization code flow with PKCE (through the loopback redirect, and headless by pasting the redirect
 * URL on stdin), tokens stored with mode 0600 and used by sessions, refresh after expiry (reactive on a
 * 401 and proactive when the stored expiry has passed), and logout.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { functionCallResponse, startFakeServer, textResponse } from "./fake_server.ts";
import { assert, assertEquals, assertIncludes } from "../helpers/assert.ts";
import { baseEnv, ENTRY, OutputWatch, runCli, workspace } from "../helpers/cli.ts";

const MCP_DIR = fileURLToPath(new URL("./mcp/", import.meta.url));

type Stats = { registrations: number; codeExchanges: number; refreshes: number; mcpRequests: number };

async function startOAuthServer(): Promise<{ base: string; stop(): Promise<void> }> {
  const child = new Deno.Command("node", {
    args: [join(MCP_DIR, "oauth_server.mjs")],
    cwd: MCP_DIR,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const out = new OutputWatch(child.stdout);
  if (!(await out.until(/listening \d+\n/, 15_000))) {
    throw new Error(`oauth_server.mjs did not start: ${out.text}`);
  }
  const port = /listening (\d+)/.exec(out.text)![1];
  return {
    base: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill("SIGTERM");
      await child.status;
      await out.done;
    },
  };
}

/** Runs `codex mcp login secure`; `answer` plays the browser given the printed authorization URL. */
async function login(
  env: Record<string, string>,
  cwd: string,
  answer: (url: string, stdin: WritableStreamDefaultWriter<Uint8Array>) => Promise<void>,
): Promise<{ code: number; stdout: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", ENTRY, "mcp", "login", "secure"],
    cwd,
    env: { ...baseEnv(), ...env },
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const out = new OutputWatch(child.stdout);
  const stdin = child.stdin.getWriter();
  try {
    assert.ok(await out.until(/Waiting for the redirect/, 30_000), out.text);
    const url = /^\s+(http\S+\/authorize\S+)$/m.exec(out.text)?.[1];
    assert.ok(url, out.text);
    await answer(url!, stdin);
    const status = await child.status;
    await out.done;
    return { code: status.code, stdout: out.text };
  } finally {
    await stdin.close().catch(() => {});
  }
}

/** The authorization server's redirect for `url` (it approves at once). */
async function redirectOf(url: string): Promise<string> {
  const res = await fetch(url, { redirect: "manual" });
  await res.body?.cancel();
  assertEquals(res.status, 302);
  return res.headers.get("location")!;
}

async function whoami(
  fakeUrl: string,
  toml: string,
  ws: { home: string; cwd: string; env: Record<string, string> },
) {
  const fake = startFakeServer([
    functionCallResponse([{ name: "mcp__secure__whoami", arguments: {}, call_id: "w1" }]),
    textResponse("done"),
  ]);
  try {
    Deno.writeTextFileSync(
      join(ws.home, "config.toml"),
      Deno.readTextFileSync(join(ws.home, "config.toml")).replace(fakeUrl, fake.url),
    );
    const r = await runCli(["exec", "--json", "who"], { cwd: ws.cwd, env: ws.env });
    const body = fake.requests[1]?.body as {
      input: { type: string; call_id?: string; output?: { text: string }[] }[];
    } | undefined;
    const out = body?.input.find((i) => i.call_id === "w1" && i.type === "function_call_output");
    return { r, text: out?.output?.map((p) => p.text).join("\n") ?? "", url: fake.url, toml };
  } finally {
    await fake.close();
  }
}

Deno.test("mcp oauth: login (loopback redirect), tokens 0600, sessions use and refresh them, headless login, logout", async () => {
  const oauth = await startOAuthServer();
  const stats = async () => (await (await fetch(`${oauth.base}/stats`)).json()) as Stats;
  try {
    const toml = `[mcp_servers.secure]\nurl = "${oauth.base}/mcp"\n`;
    const ws = workspace("http://127.0.0.1:9/placeholder", toml);
    let modelUrl = "http://127.0.0.1:9/placeholder";

    // 1. Login through the loopback redirect: the "browser" follows the authorization server's redirect.
    const first = await login(ws.env, ws.cwd, async (url) => {
      const res = await fetch(await redirectOf(url));
      assertIncludes(await res.text(), "Authorization complete");
    });
    assertEquals(first.code, 0, first.stdout);
    assertIncludes(first.stdout, "Successfully logged in to MCP server 'secure'.");
    const file = join(ws.home, ".mcp_credentials.json");
    assertEquals(Deno.statSync(file).mode! & 0o777, 0o600);
    const stored = JSON.parse(Deno.readTextFileSync(file)).secure;
    assertEquals(stored.server_url, `${oauth.base}/mcp`);
    assert.ok(stored.tokens.access_token.startsWith("at-"));
    assert.ok(stored.tokens.refresh_token.startsWith("rt-"));
    assertEquals(stored.code_verifier, undefined);
    assertEquals(await stats(), { registrations: 1, codeExchanges: 1, refreshes: 0, mcpRequests: 0 });

    const listed = await runCli(["mcp", "list", "--json"], { cwd: ws.cwd, env: ws.env });
    assertEquals(JSON.parse(listed.stdout)[0].auth_status, "o_auth");

    // 2. A session uses the stored token.
    const used = await whoami(modelUrl, toml, ws);
    modelUrl = used.url;
    assertEquals(used.r.code, 0, used.r.stderr);
    assertIncludes(used.text, `\nclient ${stored.client_information.client_id}`);
    assertEquals((await stats()).refreshes, 0);

    // 3. The server expires every access token: the next session gets a 401 and refreshes.
    await fetch(`${oauth.base}/expire`, { method: "POST" }).then((r) => r.body?.cancel());
    const reactive = await whoami(modelUrl, toml, ws);
    modelUrl = reactive.url;
    assertEquals(reactive.r.code, 0, reactive.r.stderr);
    assertIncludes(reactive.text, "client ");
    assertEquals((await stats()).refreshes, 1);
    const refreshed = JSON.parse(Deno.readTextFileSync(file)).secure;
    assert.ok(refreshed.tokens.access_token !== stored.tokens.access_token);
    assertEquals(Deno.statSync(file).mode! & 0o777, 0o600);

    // 4. The stored expiry has passed: the session refreshes before its first request.
    Deno.writeTextFileSync(file, JSON.stringify({ secure: { ...refreshed, expires_at: 0 } }));
    const proactive = await whoami(modelUrl, toml, ws);
    modelUrl = proactive.url;
    assertEquals(proactive.r.code, 0, proactive.r.stderr);
    assertIncludes(proactive.text, "client ");
    const after = await stats();
    assertEquals(after.refreshes, 2);

    // 5. Headless: the redirect is never followed; its URL is pasted on stdin instead.
    const headless = await login(ws.env, ws.cwd, async (url, stdin) => {
      await stdin.write(new TextEncoder().encode(`${await redirectOf(url)}\n`));
    });
    assertEquals(headless.code, 0, headless.stdout);
    assertIncludes(headless.stdout, "paste the URL you were redirected to");
    assertEquals((await stats()).codeExchanges, 2);

    // 6. Logout removes the credentials; a second logout says there were none.
    const out = await runCli(["mcp", "logout", "secure"], { cwd: ws.cwd, env: ws.env });
    assertEquals(out.code, 0, out.stderr);
    assertIncludes(out.stdout, "Removed OAuth credentials for MCP server 'secure'.");
    assertEquals(JSON.parse(Deno.readTextFileSync(file)).secure, undefined);
    const again = await runCli(["mcp", "logout", "secure"], { cwd: ws.cwd, env: ws.env });
    assertEquals(again.code, 1);
    assertIncludes(again.stderr, "No OAuth credentials stored for MCP server 'secure'");
  } finally {
    await oauth.stop();
  }
});

Deno.test("mcp oauth: login refuses a stdio server and an unknown name", async () => {
  const ws = workspace("http://127.0.0.1:9", `[mcp_servers.local]\ncommand = "node"\n`);
  const stdio = await runCli(["mcp", "login", "local"], { cwd: ws.cwd, env: ws.env });
  assertEquals(stdio.code, 2);
  assertIncludes(
    stdio.stderr,
    "MCP server 'local' is a stdio server; OAuth login applies to streamable HTTP servers",
  );
  const unknown = await runCli(["mcp", "login", "nope"], { cwd: ws.cwd, env: ws.env });
  assertEquals(unknown.code, 2);
  assertIncludes(unknown.stderr, "No MCP server named 'nope' found.");
});
