/**
 * The command tree as a Codex user types it: unsupported Codex subcommands, `help`, login/logout,
 * features, archive/unarchive/delete and sessions export, all through the real CLI.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { startFakeServer, textResponse } from "./fake_server.ts";
import { assert, assertEquals, assertIncludes } from "../helpers/assert.ts";
import { jsonLines, runCli, workspace } from "../helpers/cli.ts";

Deno.test("unsupported Codex subcommands exit 2 and never reach the model", async () => {
  const server = startFakeServer(() => textResponse("should not be asked"));
  try {
    const ws = workspace(server.url);
    for (
      const args of [
        ["cloud"],
        ["apply"],
        ["a"],
        ["app-server", "--listen", "x"],
        ["exec-server"],
        [
          "update",
        ],
        ["debug", "seatbelt"],
        ["agents"],
        ["queue", "id", "msg"],
      ]
    ) {
      const r = await runCli(args, { cwd: ws.cwd, env: ws.env, stdin: "" });
      assertEquals(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assertIncludes(r.stderr, "not supported by this CLI");
    }
    assertEquals(server.requests.length, 0);
  } finally {
    await server.close();
  }
});

Deno.test("help [command], exec help and apply_patch --help print help and exit 0", async () => {
  const top = await runCli(["help"]);
  assertEquals(top.code, 0);
  assertIncludes(top.stdout, "Usage: codex");
  const execHelp = await runCli(["help", "exec"]);
  assertEquals(execHelp.code, 0, execHelp.stderr);
  assertIncludes(execHelp.stdout, "Usage: codex exec");
  const execHelp2 = await runCli(["exec", "help"]);
  assertEquals(execHelp2.code, 0, execHelp2.stderr);
  assertIncludes(execHelp2.stdout, "Usage: codex exec");
  const loginHelp = await runCli(["help", "login"]);
  assertIncludes(loginHelp.stdout, "--with-api-key");
  const nested = await runCli(["help", "exec", "resume"]);
  assertIncludes(nested.stdout, "Usage: codex exec resume");
  const unknown = await runCli(["help", "bogus"]);
  assertEquals(unknown.code, 2);
  assertIncludes(unknown.stderr, "help: unknown command 'bogus'");
  const patch = await runCli(["apply_patch", "--help"]);
  assertEquals(patch.code, 0);
  assertIncludes(patch.stdout, "Usage: apply_patch");
});

Deno.test("login --with-api-key, login status, logout; the saved key is used when env_key is unset", async () => {
  const server = startFakeServer(() => textResponse("ok"));
  try {
    const ws = workspace(server.url);
    const env = { ...ws.env };
    delete (env as Record<string, string>).FAKE_KEY;
    const before = await runCli(["login", "status"], { env });
    assertEquals(before.code, 1);
    assertIncludes(before.stderr, "Not logged in");

    const login = await runCli(["login", "--with-api-key"], { env, stdin: "sk-saved-1234567890abcd\n" });
    assertEquals(login.code, 0, login.stderr);
    const path = join(ws.home, "auth.json");
    assertEquals(statSync(path).mode & 0o777, 0o600);
    assertEquals(JSON.parse(readFileSync(path, "utf8")), {
      auth_mode: "apikey",
      OPENAI_API_KEY: "sk-saved-1234567890abcd",
    });
    const status = await runCli(["login", "status"], { env });
    assertEquals(status.code, 0);
    assertIncludes(status.stderr, "API key configured - sk-saved***0abcd");
    assert(!status.stderr.includes("1234567890abcd"));

    const run = await runCli(["exec", "--json", "hi"], { cwd: ws.cwd, env });
    assertEquals(run.code, 0, run.stderr);
    assertEquals(server.requests[0].headers.authorization, "Bearer sk-saved-1234567890abcd");
    // The environment variable wins over the saved key.
    await runCli(["exec", "--json", "hi"], { cwd: ws.cwd, env: { ...env, FAKE_KEY: "sk-env" } });
    assertEquals(server.requests[1].headers.authorization, "Bearer sk-env");

    const out = await runCli(["logout"], { env });
    assertEquals(out.code, 0);
    assert(!existsSync(path));
    assertEquals((await runCli(["login", "status"], { env })).code, 1);
    const noKey = await runCli(["exec", "hi"], { cwd: ws.cwd, env });
    assertEquals(noKey.code, 1);
    assertIncludes(noKey.stderr, "FAKE_KEY");
  } finally {
    await server.close();
  }
});

Deno.test("login without --with-api-key (ChatGPT, device code) is not supported: exit 2", async () => {
  const ws = workspace("http://127.0.0.1:9/v1");
  for (const args of [["login"], ["login", "--device-auth"], ["login", "--with-access-token"]]) {
    const r = await runCli(args, { env: ws.env, stdin: "" });
    assertEquals(r.code, 2, args.join(" "));
    assertIncludes(r.stderr, "not supported by this CLI");
  }
});

Deno.test("features list|enable|disable; unknown names are errors; a disabled feature drops its tools", async () => {
  const server = startFakeServer(() => textResponse("ok"));
  try {
    const ws = workspace(server.url);
    const list = await runCli(["features", "list"], { env: ws.env });
    assertEquals(list.code, 0, list.stderr);
    assert(/^shell_tool\s+stable\s+true/m.test(list.stdout), list.stdout);
    const off = await runCli(["features", "disable", "shell_tool"], { env: ws.env });
    assertEquals(off.code, 0, off.stderr);
    assertIncludes(readFileSync(join(ws.home, "config.toml"), "utf8"), "[features]\nshell_tool = false\n");
    assert(
      /^shell_tool\s+stable\s+false/m.test((await runCli(["features", "list"], { env: ws.env })).stdout),
    );
    const bad = await runCli(["features", "enable", "no_such_feature"], { env: ws.env });
    assertEquals(bad.code, 1);
    assertIncludes(bad.stderr, "unknown feature 'no_such_feature'");

    await runCli(["exec", "--json", "hi"], { cwd: ws.cwd, env: ws.env });
    const tools = (server.requests[0].body as { tools: { name?: string }[] }).tools.map((t) => t.name);
    assert(!tools.includes("exec_command"), tools.join(","));
    await runCli(["exec", "--json", "--enable", "shell_tool", "hi"], { cwd: ws.cwd, env: ws.env });
    const tools2 = (server.requests[1].body as { tools: { name?: string }[] }).tools.map((t) => t.name);
    assert(tools2.includes("exec_command"), tools2.join(","));

    const unknown = await runCli(["exec", "--enable", "bogus_flag", "hi"], { cwd: ws.cwd, env: ws.env });
    assertEquals(unknown.code, 1);
    assertIncludes(unknown.stderr, "unknown feature 'bogus_flag'");
    assertEquals(server.requests.length, 2);
  } finally {
    await server.close();
  }
});

Deno.test("archive, unarchive, delete and sessions export by id", async () => {
  const server = startFakeServer(() => textResponse("the answer"));
  try {
    const ws = workspace(server.url);
    const run = await runCli(["exec", "--json", "the question"], { cwd: ws.cwd, env: ws.env });
    const id = (jsonLines(run.stdout)[0] as { thread_id: string }).thread_id;
    const archived = await runCli(["archive", id], { env: ws.env });
    assertEquals(archived.code, 0, archived.stderr);
    assertIncludes(archived.stdout, `Archived session ${id}.`);
    const files = readdirSync(join(ws.home, "archived_sessions"));
    assertEquals(files.length, 1);
    assert(files[0].endsWith(`-${id}.jsonl`));
    assertEquals((await runCli(["archive", id], { env: ws.env })).code, 1);

    const md = await runCli(["sessions", "export", id, "--format", "markdown"], { env: ws.env });
    assertEquals(md.code, 0, md.stderr);
    assertIncludes(md.stdout, `# Session ${id}`);
    assertIncludes(md.stdout, "## User\n\nthe question");
    assertIncludes(md.stdout, "## Assistant\n\nthe answer");
    assert(!md.stdout.includes("environment_context"));

    const un = await runCli(["unarchive", id.slice(0, 13)], { env: ws.env });
    assertEquals(un.code, 0, un.stderr);
    assertEquals(readdirSync(join(ws.home, "archived_sessions")).length, 0);
    const json = await runCli(["sessions", "export", id, "--format", "json"], { env: ws.env });
    const parsed = JSON.parse(json.stdout);
    assertEquals(parsed.session.id, id);
    assert(parsed.items.some((i: { role?: string }) => i.role === "assistant"));
    assertEquals((await runCli(["sessions", "export", id, "--format", "html"], { env: ws.env })).code, 2);

    const noForce = await runCli(["delete", id], { env: ws.env, stdin: "y\n" });
    assertEquals(noForce.code, 2);
    const del = await runCli(["delete", "--force", id], { env: ws.env });
    assertEquals(del.code, 0, del.stderr);
    assertIncludes(del.stdout, `Deleted session ${id}.`);
    const bad = await runCli(["archive", "x"], { env: ws.env });
    assertEquals(bad.code, 1);
    assertIncludes(bad.stderr, "expected a session id");
  } finally {
    await server.close();
  }
});
