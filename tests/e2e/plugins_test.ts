/**
 * Organization plugins loaded at run time from config (`plugins_ts`): the example plugin's tool,
 * slash command and PreToolUse guard; sha256 pins; API-major refusal; `codex plugins list`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { functionCallResponse, startFakeServer, textResponse } from "./fake_server.ts";
import { assert, assertEquals, assertIncludes } from "../helpers/assert.ts";
import { ROOT, runCli, workspace } from "../helpers/cli.ts";

const EXAMPLE = join(ROOT, "plugins/examples/acme_guard.ts");
const FUTURE = join(ROOT, "tests/fixtures/future_plugin.ts");
type Input = { type: string; output?: string }[];

async function sha256(path: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", readFileSync(path));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

Deno.test("plugins_ts: the example plugin adds a tool, a slash command and a guard", async () => {
  const server = startFakeServer([
    functionCallResponse([
      { name: "acme_ticket", arguments: { id: "ACME-42" }, call_id: "t1" },
      { name: "exec_command", arguments: { cmd: "curl http://example.invalid" }, call_id: "t2" },
    ]),
    textResponse("checked"),
    textResponse("policy shown"),
  ]);
  try {
    const pin = await sha256(EXAMPLE);
    const ws = workspace(
      server.url,
      `[plugins_ts]\npaths = ["${EXAMPLE}"]\nsha256 = { "${EXAMPLE}" = "${pin}" }\n`,
    );
    const r = await runCli(["exec", "look at ACME-42"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    const tools = (server.requests[0].body as { tools: { name: string }[] }).tools.map((t) => t.name);
    assert.ok(tools.includes("acme_ticket"), tools.join(","));
    const outputs = (server.requests[1].body as { input: Input }).input
      .filter((i) => i.type === "function_call_output").map((i) => i.output);
    assertEquals(outputs, [
      "ACME-42: Fix the flaky deploy step (status: open)",
      "The exec_command call was blocked by a PreToolUse hook: ACME policy: no downloads from the agent",
    ]);
    const repl = await runCli([], { cwd: ws.cwd, env: ws.env, stdin: "/acme\n" });
    assertIncludes(repl.stdout, "ACME on-call: page #ops for production changes.");
    const list = await runCli(["plugins", "list"], { cwd: ws.cwd, env: ws.env });
    assertEquals(list.code, 0, list.stderr);
    assert.match(list.stdout, new RegExp(`\\nacme-guard +1\\.0\\.0 +${EXAMPLE.replaceAll(".", "\\.")}\\n`));
    assert.match(list.stdout, /\nshell +\S+ +built-in\n/);
  } finally {
    await server.close();
  }
});

Deno.test("plugins_ts: pins, API majors and paths are checked with clear errors", async () => {
  const server = startFakeServer([]);
  try {
    const cases: [string, RegExp][] = [
      [
        `[plugins_ts]\npaths = ["${EXAMPLE}"]\nsha256 = { "${EXAMPLE}" = "${"0".repeat(64)}" }\n`,
        new RegExp(`^Error: plugins_ts: ${EXAMPLE}: expected sha256 0{64}, found [0-9a-f]{64}$`),
      ],
      [
        `[plugins_ts]\npaths = ["${FUTURE}"]\n`,
        new RegExp(
          `^Error: plugin 'from-the-future' \\(${FUTURE}\\) was written for plugin API 2; this CLI implements API 1$`,
        ),
      ],
      [
        `[plugins_ts]\npaths = ["relative/plugin.ts"]\n`,
        /^Error: plugins_ts\.paths: expected an absolute path or file:\/\/ URL, found 'relative\/plugin\.ts'$/,
      ],
      [
        `[plugins_ts]\npaths = ["/nonexistent/p.ts"]\n`,
        /^Error: plugins_ts: cannot load \/nonexistent\/p\.ts: /,
      ],
    ];
    for (const [toml, pattern] of cases) {
      const ws = workspace(server.url, toml);
      const r = await runCli(["exec", "hi"], { cwd: ws.cwd, env: ws.env });
      assertEquals(r.code, 1, r.stderr);
      assert.match(r.stderr.trim(), pattern);
    }
    assertEquals(server.requests.length, 0);
  } finally {
    await server.close();
  }
});

Deno.test("plugins_ts: requirements.toml's allowed_plugins_ts restricts which files load", async () => {
  const server = startFakeServer([textResponse("allowed"), textResponse("unused")]);
  try {
    const ws = workspace(server.url, `[plugins_ts]\npaths = ["${EXAMPLE}"]\n`);
    const reqPath = join(ws.home, "requirements.toml");
    const env = { ...ws.env, CODEX_REQUIREMENTS_PATH: reqPath };
    writeFileSync(reqPath, `allowed_plugins_ts = ["${join(ROOT, "plugins/examples")}/"]\n`);
    const ok = await runCli(["exec", "hi"], { cwd: ws.cwd, env });
    assertEquals([ok.code, ok.stdout], [0, "allowed\n"]);
    writeFileSync(reqPath, `allowed_plugins_ts = ["/opt/acme/approved.ts"]\n`);
    const refused = await runCli(["exec", "hi"], { cwd: ws.cwd, env });
    assertEquals(refused.code, 1);
    assertEquals(
      refused.stderr.trim(),
      `Error: plugins_ts: ${EXAMPLE} is not allowed by ${reqPath} (allowed_plugins_ts: /opt/acme/approved.ts)`,
    );
  } finally {
    await server.close();
  }
});

Deno.test("plugins_ts: a plugin's own config table is validated by its schema and is its ctx.config", async () => {
  const plugin = join(ROOT, "tests/fixtures/config_plugin.ts");
  const server = startFakeServer([textResponse("ok")]);
  try {
    const good = workspace(
      server.url,
      `[plugins_ts]\npaths = ["${plugin}"]\n\n[acme_audit]\nbanner = "hello"\n`,
    );
    const r = await runCli(["exec", "-c", "acme_audit.level=2", "hi"], { cwd: good.cwd, env: good.env });
    assertEquals(r.code, 0, r.stderr);
    assert.ok(!r.stderr.includes("unknown config key"), r.stderr);
    assertIncludes(JSON.stringify(server.requests[0].body), "ACME banner: hello (level 2)");

    const bad = workspace(server.url, `[plugins_ts]\npaths = ["${plugin}"]\n\n[acme_audit]\nbanner = 3\n`);
    const e = await runCli(["exec", "hi"], { cwd: bad.cwd, env: bad.env });
    assertEquals(e.code, 1);
    assertEquals(
      e.stderr.trim(),
      `Error: invalid configuration in ${
        join(bad.home, "config.toml")
      }: acme_audit.banner: expected string, found number 3`,
    );
    const flag = await runCli(["exec", "-c", "acme_audit.colour=1", "hi"], { cwd: good.cwd, env: good.env });
    assertEquals(flag.code, 1);
    assertIncludes(flag.stderr, "acme_audit: Unrecognized key");
  } finally {
    await server.close();
  }
});

Deno.test("--strict-config accepts a plugin's own table and still rejects a table no plugin owns", async () => {
  const plugin = join(ROOT, "tests/fixtures/config_plugin.ts");
  const server = startFakeServer([textResponse("ok")]);
  try {
    const ws = workspace(
      server.url,
      `[plugins_ts]\npaths = ["${plugin}"]\n\n[acme_audit]\nbanner = "hello"\n`,
    );
    const ok = await runCli(["exec", "--strict-config", "-c", "acme_audit.level=2", "hi"], {
      cwd: ws.cwd,
      env: ws.env,
    });
    assertEquals(ok.code, 0, ok.stderr);
    assertIncludes(JSON.stringify(server.requests[0].body), "ACME banner: hello (level 2)");

    const typo = workspace(
      server.url,
      `[plugins_ts]\npaths = ["${plugin}"]\n\n[acme_audit]\nbanner = "hello"\n\n[acme_audti]\nlevel = 1\n`,
    );
    const e = await runCli(["exec", "--strict-config", "hi"], { cwd: typo.cwd, env: typo.env });
    assertEquals(e.code, 1);
    assertEquals(
      e.stderr.trim(),
      `Error: ${join(typo.home, "config.toml")}: unknown configuration field \`acme_audti\``,
    );
    const flag = await runCli(["exec", "--strict-config", "-c", "acme_level=2", "hi"], {
      cwd: ws.cwd,
      env: ws.env,
    });
    assertEquals(flag.code, 1);
    assertEquals(flag.stderr.trim(), "Error: -c acme_level=2: unknown configuration field `acme_level`");
    assertEquals(server.requests.length, 1);
  } finally {
    await server.close();
  }
});
