/**
 * One host session for every front end, through the real CLI and the fake Responses server: permission
 * changes reach tools and the model (also after /compact); SessionStart/SessionEnd fire once per
 * session in exec, the REPL and mcp-server; doctor and sandbox load config like every other front end
 * (requirements.toml, plugins_ts).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client, StdioClientTransport } from "../../lib/mcp_sdk.ts";
import { functionCallResponse, startFakeServer, textResponse } from "./fake_server.ts";
import { assert, assertEquals, assertIncludes } from "../helpers/assert.ts";
import { baseEnv, ENTRY, ROOT, runCli, workspace } from "../helpers/cli.ts";

type Input = { type: string; role?: string; content?: { text?: string }[] }[];
const inputOf = (body: unknown) => (body as { input: Input }).input;

/** The `<permissions instructions>` texts of a request, in order. */
function permissionTexts(body: unknown): string[] {
  return inputOf(body).filter((i) => i.type === "message" && i.role === "developer")
    .flatMap((m) => m.content?.map((c) => c.text ?? "") ?? [])
    .filter((t) => t.startsWith("<permissions instructions>"));
}

/** A config with SessionStart and SessionEnd command hooks appending their payloads to `log`. */
function hookToml(dir: string, log: string): string {
  const hook = join(dir, "record.sh");
  writeFileSync(hook, `#!/bin/sh\ncat >> "${log}"\necho >> "${log}"\n`, { mode: 0o755 });
  return `[[hooks]]\nevent = "SessionStart"\ncommand = "${hook}"\n[[hooks]]\nevent = "SessionEnd"\ncommand = "${hook}"\n`;
}

/** The recorded hook payloads: `event:source-or-reason` per line. */
function hookLog(log: string): string[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, "utf8").split("\n").filter((l) => l.trim() !== "").map((l) => {
    const p = JSON.parse(l) as { hook_event_name: string; source?: string; reason?: string };
    return `${p.hook_event_name}:${p.source ?? p.reason}`;
  });
}

function withHooks(baseUrl: string, extraToml = ""): { ws: ReturnType<typeof workspace>; log: string } {
  const dir = Deno.makeTempDirSync({ prefix: "codex-hooks-" });
  const log = join(dir, "hooks.jsonl");
  // Top-level keys must come before the [[hooks]] tables.
  return { ws: workspace(baseUrl, `${extraToml}\n${hookToml(dir, log)}`), log };
}

Deno.test("repl: after /permissions never, exec_command runs without asking", async () => {
  const server = startFakeServer([
    functionCallResponse([{ name: "exec_command", arguments: { cmd: "touch made.txt" }, call_id: "p1" }]),
    textResponse("made it"),
  ]);
  try {
    const ws = workspace(server.url, 'sandbox_mode = "danger-full-access"\napproval_policy = "untrusted"');
    const r = await runCli([], { cwd: ws.cwd, env: ws.env, stdin: "/permissions never\nmake a file\n" });
    assertEquals(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes("Approval needed"), r.stdout);
    assertEquals(existsSync(join(ws.cwd, "made.txt")), true, r.stdout);
    assertEquals(server.requests.length, 2);
    assertEquals(permissionTexts(server.requests[0].body).map((t) => t.split("\n").at(-2)), [
      "Approval policy: untrusted.",
      "Approval policy: never. You cannot ask the user for approval; work within these limits.",
    ]);
  } finally {
    await server.close();
  }
});

Deno.test("repl: after /permissions and /compact the model is told the current permissions", async () => {
  const server = startFakeServer([
    textResponse("first"),
    textResponse("the summary"),
    textResponse("after compaction"),
  ]);
  try {
    const ws = workspace(server.url, 'approval_policy = "untrusted"\nsandbox_mode = "read-only"');
    const r = await runCli([], {
      cwd: ws.cwd,
      env: ws.env,
      stdin: "hello\n/permissions never workspace-write\n/compact\nagain\n",
    });
    assertEquals(r.code, 0, r.stderr);
    assertEquals(server.requests.length, 3);
    const after = permissionTexts(server.requests[2].body);
    assertEquals(after.length, 1, after.join("\n---\n"));
    assertIncludes(after[0], "Filesystem sandboxing: workspace-write.");
    assertIncludes(after[0], "Approval policy: never.");
    assertIncludes(r.stdout, "after compaction");
  } finally {
    await server.close();
  }
});

Deno.test("exec: SessionStart and SessionEnd fire once each", async () => {
  const server = startFakeServer([textResponse("done")]);
  try {
    const { ws, log } = withHooks(server.url);
    const r = await runCli(["exec", "hi"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    assertEquals(hookLog(log), ["SessionStart:startup", "SessionEnd:completed"]);
  } finally {
    await server.close();
  }
});

Deno.test("repl: /new starts a thread with SessionStart source clear; SessionEnd fires once at the end", async () => {
  const server = startFakeServer([textResponse("one"), textResponse("two")]);
  try {
    const { ws, log } = withHooks(server.url);
    const r = await runCli([], { cwd: ws.cwd, env: ws.env, stdin: "hello\n/new\nagain\n" });
    assertEquals(r.code, 0, r.stderr);
    assertEquals(hookLog(log), ["SessionStart:startup", "SessionStart:clear", "SessionEnd:eof"]);
  } finally {
    await server.close();
  }
});

Deno.test("mcp-server: each codex session fires SessionStart once and SessionEnd once", async () => {
  const server = startFakeServer([textResponse("one"), textResponse("two"), textResponse("three")]);
  try {
    const { ws, log } = withHooks(server.url);
    const transport = new StdioClientTransport({
      command: Deno.execPath(),
      args: ["run", "-A", "--quiet", ENTRY, "mcp-server"],
      env: { ...baseEnv(), ...ws.env },
      cwd: ws.cwd,
      stderr: "pipe",
    });
    const client = new Client({ name: "host-session-test", version: "1.0.0" });
    await client.connect(transport);
    try {
      const first = await client.callTool({ name: "codex", arguments: { prompt: "a", cwd: ws.cwd } });
      const threadId = (first.structuredContent as { threadId: string }).threadId;
      await client.callTool({ name: "codex-reply", arguments: { threadId, prompt: "b" } });
      await client.callTool({ name: "codex", arguments: { prompt: "c", cwd: ws.cwd } });
      assertEquals(hookLog(log), ["SessionStart:startup", "SessionStart:startup"]);
    } finally {
      await client.close();
    }
    // SessionEnd runs as the server shuts down after its stdin closes.
    for (let i = 0; i < 100 && hookLog(log).length < 4; i++) await new Promise((r) => setTimeout(r, 100));
    assertEquals(hookLog(log), [
      "SessionStart:startup",
      "SessionStart:startup",
      "SessionEnd:other",
      "SessionEnd:other",
    ]);
  } finally {
    await server.close();
  }
});

/** A workspace whose requirements.toml allows only read-only sandboxes and no run-time plugins. */
function restricted(
  requirements: string,
  extraToml = "",
): { ws: ReturnType<typeof workspace>; env: Record<string, string>; req: string } {
  const ws = workspace("http://127.0.0.1:9", extraToml);
  const req = join(ws.home, "requirements.toml");
  writeFileSync(req, requirements);
  return { ws, req, env: { ...ws.env, CODEX_REQUIREMENTS_PATH: req } };
}

Deno.test("doctor and sandbox honour requirements.toml", async () => {
  const { ws, env, req } = restricted('allowed_sandbox_modes = ["read-only"]\nmessage = "Ask IT."\n');
  const expected = `sandbox_mode 'workspace-write' (from command-line flags) is not allowed by ${req}; ` +
    `allowed: 'read-only'. Ask IT.`;
  const sandbox = await runCli(["sandbox", "linux", "--full-auto", "--", "true"], { cwd: ws.cwd, env });
  assertEquals([sandbox.code, sandbox.stderr.trim()], [1, `Error: ${expected}`]);
  const doctor = await runCli(["doctor", "-s", "workspace-write"], { cwd: ws.cwd, env });
  assertEquals(doctor.code, 1, doctor.stdout);
  assertIncludes(doctor.stdout, `error        ${expected}`);
});

Deno.test("doctor and sandbox load plugins_ts (and requirements.toml may refuse them)", async () => {
  const plugin = join(ROOT, "tests/fixtures/sandbox_backend_plugin.ts");
  const toml = `[plugins_ts]\npaths = ["${plugin}"]\n`;
  const open = restricted("", toml);
  const doctor = await runCli(["doctor"], { cwd: open.ws.cwd, env: open.env });
  assert.match(doctor.stdout, /\n {2}fixturebox +9999 {2}yes {2}the fixture backend is always available\n/);

  const { ws, env, req } = restricted(`allowed_plugins_ts = ["/opt/acme/approved.ts"]\n`, toml);
  const refusal =
    `plugins_ts: ${plugin} is not allowed by ${req} (allowed_plugins_ts: /opt/acme/approved.ts)`;
  const sandbox = await runCli(["sandbox", "linux", "--", "true"], { cwd: ws.cwd, env });
  assertEquals([sandbox.code, sandbox.stderr.trim()], [1, `Error: ${refusal}`]);
  const refused = await runCli(["doctor"], { cwd: ws.cwd, env });
  assertIncludes(refused.stdout, `error        ${refusal}`);
});
