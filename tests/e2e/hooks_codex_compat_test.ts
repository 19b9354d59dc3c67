/**
 * Codex 0.171 hooks compatibility through the real CLI: `$CODEX_HOME/hooks.json` and a trusted project's
 * `.codex/hooks.json` run, `[hooks.state]` disables a handler, Codex-only events are accepted, and each
 * payload has the same fields as the recording from the real binary (tests/fixtures/codex_0171).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  customToolCallResponse,
  functionCallResponse,
  startFakeServer,
  textResponse,
} from "./fake_server.ts";
import { assert, assertEquals } from "../helpers/assert.ts";
import { runCli, workspace } from "../helpers/cli.ts";

type Payload = Record<string, unknown>;
const PATCH = "*** Begin Patch\n*** Add File: new.txt\n+hello\n*** End Patch\n";
const recorded: Payload[] = readFileSync(
  new URL("../fixtures/codex_0171/hook_payloads.jsonl", import.meta.url),
  "utf8",
).split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));

function script() {
  return (req: { body: unknown }) => {
    const input = (req.body as { input: { type: string }[] }).input;
    const outputs = input.filter((i) => i.type.endsWith("_output")).length;
    if (outputs === 0) {
      return functionCallResponse([{
        name: "exec_command",
        arguments: { cmd: "echo hi" },
        call_id: "call_1",
      }]);
    }
    if (outputs === 1) return customToolCallResponse("apply_patch", PATCH, "call_2");
    return textResponse("done");
  };
}

function hooksJson(command: string, events: string[]): string {
  return JSON.stringify({
    description: "recorder",
    hooks: Object.fromEntries(
      events.map((e) => [e, [{ matcher: "*", hooks: [{ type: "command", command }] }]]),
    ),
  });
}

const ALL_EVENTS = [
  "PreToolUse",
  "PermissionRequest",
  "PostToolUse",
  "PreCompact",
  "PostCompact",
  "SessionStart",
  "UserPromptSubmit",
  "SubagentStart",
  "SubagentStop",
  "Stop",
];

Deno.test("hooks.json payloads have the fields and values Codex 0.171 gives", async () => {
  const server = startFakeServer(script());
  try {
    const ws = workspace(server.url);
    const log = join(ws.home, "payloads.jsonl");
    const recorder = join(ws.home, "record.sh");
    writeFileSync(recorder, `#!/bin/sh\ncat >> '${log}'\necho >> '${log}'\n`, { mode: 0o755 });
    writeFileSync(join(ws.home, "hooks.json"), hooksJson(recorder, [...ALL_EVENTS, "SessionEnd"]));
    const r = await runCli(["exec", "-m", "gpt-5.5", "-s", "workspace-write", "do it"], {
      cwd: ws.cwd,
      env: ws.env,
      stdin: "",
    });
    assertEquals(r.code, 0, r.stderr);
    const ours: Payload[] = readFileSync(log, "utf8").split("\n").filter((l) => l.trim()).map((l) =>
      JSON.parse(l)
    );
    const label = (p: Payload) => `${p.hook_event_name}${p.tool_name ? `:${p.tool_name}` : ""}`;
    assertEquals(ours.map(label), recorded.map(label));
    for (const [i, want] of recorded.entries()) {
      const got = ours[i];
      assertEquals(Object.keys(got).sort(), Object.keys(want).sort(), `fields of ${label(want)}`);
      for (
        const k of ["hook_event_name", "permission_mode", "tool_name", "tool_input", "tool_use_id", "prompt"]
      ) {
        assertEquals(got[k], want[k], `${label(want)}.${k}`);
      }
      assert(typeof got.transcript_path === "string", `${label(want)}.transcript_path`);
      assert((got.transcript_path as string).startsWith(join(ws.home, "sessions")));
    }
    const bashPost = ours.find((p) => p.hook_event_name === "PostToolUse" && p.tool_name === "Bash")!;
    assertEquals(bashPost.tool_response, "hi\n");
  } finally {
    await server.close();
  }
});

Deno.test("a trusted project's .codex/hooks.json runs; [hooks.state] enabled = false turns a handler off", async () => {
  const server = startFakeServer(script());
  try {
    const ws = workspace(server.url);
    const hits = join(ws.home, "hits.txt");
    const cmd = (tag: string) => `echo ${tag} >> '${hits}'`;
    const userHooks = join(ws.home, "hooks.json");
    writeFileSync(
      userHooks,
      JSON.stringify({
        hooks: {
          PreToolUse: [{
            matcher: "Bash",
            hooks: [{ type: "command", command: cmd("user-a") }, {
              type: "command",
              command: cmd("user-b"),
            }],
          }],
          SubagentStop: [{ hooks: [{ type: "command", command: cmd("never") }] }],
        },
      }),
    );
    mkdirSync(join(ws.cwd, ".codex"));
    writeFileSync(
      join(ws.cwd, ".codex", "hooks.json"),
      JSON.stringify({ hooks: { Stop: [{ hooks: [{ type: "command", command: cmd("project-stop") }] }] } }),
    );
    const config = join(ws.home, "config.toml");
    writeFileSync(
      config,
      readFileSync(config, "utf8") +
        `\n[hooks.state."${userHooks}:pre_tool_use:0:1"]\nenabled = false\ntrusted_hash = "sha256:0"\n`,
    );
    // Untrusted project: its hooks.json is ignored.
    const untrusted = await runCli(["exec", "do it"], { cwd: ws.cwd, env: ws.env });
    assertEquals(untrusted.code, 0, untrusted.stderr);
    assertEquals(readFileSync(hits, "utf8").split("\n").filter(Boolean), ["user-a"]);

    writeFileSync(
      config,
      readFileSync(config, "utf8") + `\n[projects."${ws.cwd}"]\ntrust_level = "trusted"\n`,
    );
    writeFileSync(hits, "");
    const trusted = await runCli(["exec", "do it"], { cwd: ws.cwd, env: ws.env });
    assertEquals(trusted.code, 0, trusted.stderr);
    assertEquals(readFileSync(hits, "utf8").split("\n").filter(Boolean), ["user-a", "project-stop"]);
  } finally {
    await server.close();
  }
});

Deno.test("a hooks.json with an unknown root field is refused naming the file", async () => {
  const ws = workspace("http://127.0.0.1:9/v1");
  writeFileSync(join(ws.home, "hooks.json"), JSON.stringify({ $schema: "x", hooks: {} }));
  const r = await runCli(["exec", "hi"], { cwd: ws.cwd, env: ws.env });
  assertEquals(r.code, 1);
  assert(r.stderr.includes(join(ws.home, "hooks.json")), r.stderr);
});

Deno.test("a plugin hook matching `Bash` fires for the shell tool, as command hooks do", async () => {
  const server = startFakeServer(script());
  try {
    const ws = workspace(server.url);
    const plugin = join(ws.home, "guard.ts");
    writeFileSync(
      plugin,
      `import { definePlugin } from ${JSON.stringify(new URL("../../mod.ts", import.meta.url).href)};
export default definePlugin({
  name: "bash-guard", api: 1,
  setup(ctx) {
    ctx.on("PreToolUse", (input) => ({ decision: "deny", reason: "no shell: " + input.tool_name }), { match: "Bash" });
  },
});
`,
    );
    const config = join(ws.home, "config.toml");
    writeFileSync(
      config,
      readFileSync(config, "utf8") + `\n[plugins_ts]\npaths = [${JSON.stringify(plugin)}]\n`,
    );
    const r = await runCli(["exec", "do it"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    const input = (server.requests[1].body as { input: { type: string; output?: string }[] }).input;
    const out = input.find((i) => i.type === "function_call_output")!;
    assert(out.output!.includes("blocked by a PreToolUse hook: no shell: exec_command"), out.output);
  } finally {
    await server.close();
  }
});
