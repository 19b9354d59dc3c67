/**
 * The host session in process, against the fake Responses server: frozen config, permissions owned by
 * the session (validated, limited by requirements.toml, read by tools), SessionStart/SessionEnd once.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { definePlugin } from "../plugin_api/define.ts";
import { type Plugin } from "../kernel/plugin.ts";
import { functionCallResponse, startFakeServer, textResponse } from "../../tests/e2e/fake_server.ts";
import { assert, assertEquals } from "../../tests/helpers/assert.ts";
import { createSession } from "./session.ts";

/** A CODEX_HOME whose config selects the fake server; `requirements` becomes requirements.toml. */
function home(baseUrl: string, extraToml = "", requirements?: string) {
  const root = Deno.makeTempDirSync({ prefix: "codex-host-" });
  const codexHome = join(root, "home");
  const cwd = join(root, "work");
  mkdirSync(codexHome);
  mkdirSync(cwd);
  writeFileSync(
    join(codexHome, "config.toml"),
    `model = "test-model"\nmodel_provider = "mock"\n${extraToml}\n[model_providers.mock]\nname = "Mock"\n` +
      `base_url = "${baseUrl}"\nenv_key = "FAKE_KEY"\nrequest_max_retries = 0\nstream_max_retries = 0\n`,
  );
  const vars: Record<string, string> = { CODEX_HOME: codexHome, FAKE_KEY: "sk-test", HOME: root };
  if (requirements !== undefined) {
    vars.CODEX_REQUIREMENTS_PATH = join(codexHome, "requirements.toml");
    writeFileSync(vars.CODEX_REQUIREMENTS_PATH, requirements);
  }
  return { cwd, env: (k: string) => vars[k] };
}

/** A plugin with a tool that reports the approval policy its context carries, and a hook log. */
function probe(log: string[]): Plugin {
  return definePlugin({
    name: "probe",
    api: 1,
    setup(ctx) {
      ctx.tool({
        name: "policy_probe",
        description: "Reports the approval policy in effect.",
        parameters: z.object({}),
        execute: (_args, tctx) => Promise.resolve(`policy=${tctx.approvalPolicy}`),
      });
      ctx.on("SessionStart", (input) => void log.push(`start:${input.source}`));
      ctx.on("SessionEnd", (input) => void log.push(`end:${input.reason}`));
    },
  });
}

Deno.test("session: config is frozen; permissions change only through the session and reach tools", async () => {
  const server = startFakeServer([
    functionCallResponse([{ name: "policy_probe", arguments: {}, call_id: "c1" }]),
    textResponse("done"),
  ]);
  try {
    const { cwd, env } = home(server.url, 'approval_policy = "untrusted"');
    const log: string[] = [];
    const session = await createSession({ frontEnd: "exec", flags: { cd: cwd }, env, plugins: [probe(log)] });
    assert.throws(() => (session.config as { model?: string }).model = "changed", TypeError);
    assertEquals(session.permissions.approvalPolicy, "untrusted");
    assert.throws(() => session.setPermissions({ approvalPolicy: "sometimes" }), /expected one of/);

    const thread = await session.openThread({ kind: "new", source: "exec", ephemeral: true, emit: () => {} });
    session.setPermissions({ approvalPolicy: "never", sandboxMode: "workspace-write" });
    assertEquals(session.permissions.approvalPolicy, "never");
    assertEquals(session.permissions.sandbox.policy.mode, "workspace-write");
    assertEquals(session.config.approval_policy, "untrusted");

    const outcome = await thread.runTurn("probe");
    assertEquals(outcome.status, "completed");
    const outputs = (server.requests[1].body as { input: { type: string; output?: string }[] }).input
      .filter((i) => i.type === "function_call_output").map((i) => i.output);
    assertEquals(outputs, ["policy=never"]);

    await Promise.all([session.close("done"), session.close("again")]);
    assertEquals(log, ["start:startup", "end:done"]);
  } finally {
    await server.close();
  }
});

Deno.test("session: /permissions choices are limited by requirements.toml", async () => {
  const { cwd, env } = home(
    "http://127.0.0.1:9",
    "",
    'allowed_approval_policies = ["on-request", "untrusted"]\nmessage = "Ask IT."\n',
  );
  const session = await createSession({ frontEnd: "repl", flags: { cd: cwd }, env });
  assertEquals(session.permissions.approvalPolicy, "on-request");
  assert.throws(
    () => session.setPermissions({ approvalPolicy: "never" }),
    /approval policy 'never' is not allowed by .*requirements\.toml; allowed: on-request, untrusted\. Ask IT\./,
  );
  session.setPermissions({ approvalPolicy: "untrusted" });
  assertEquals(session.permissions.approvalPolicy, "untrusted");
  await session.close("done");
});

Deno.test("session: no thread, no SessionStart or SessionEnd", async () => {
  const { cwd, env } = home("http://127.0.0.1:9");
  const log: string[] = [];
  const session = await createSession({ frontEnd: "exec", flags: { cd: cwd }, env, plugins: [probe(log)] });
  await session.close("error");
  assertEquals(log, []);
});
