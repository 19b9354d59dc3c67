/**
 * End-to-end through the official `@openai/codex-sdk` (run by Node from tests/e2e/sdk, installed by
 * `deno task test` with `npm ci --prefix tests/e2e/sdk`): the SDK spawns our CLI via `codexPathOverride`
 * and parses the JSONL it prints.
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { functionCallResponse, startFakeServer, textResponse } from "./fake_server.ts";
import { assert, assertEquals } from "../helpers/assert.ts";
import { DENO_DIR, ENTRY, ROOT } from "../helpers/cli.ts";

Deno.test("the official codex SDK drives this CLI and gets Codex's events", async () => {
  const sdkDir = join(ROOT, "tests", "e2e", "sdk");
  assert.ok(
    existsSync(join(sdkDir, "node_modules", "@openai", "codex-sdk")),
    "the SDK is not installed: run `npm ci --prefix tests/e2e/sdk --omit=optional` (deno task test does)",
  );
  const server = startFakeServer([
    functionCallResponse([{ name: "exec_command", arguments: { cmd: "ls" }, call_id: "c1" }]),
    textResponse("There is one file."),
    textResponse('{"ok":true}'),
  ]);
  try {
    const scratch = Deno.makeTempDirSync({ prefix: "codex-sdk-" });
    const home = join(scratch, "home");
    const cwd = join(scratch, "work");
    mkdirSync(home);
    mkdirSync(cwd);
    writeFileSync(join(cwd, "only.txt"), "x");
    const launcher = join(scratch, "codex");
    writeFileSync(launcher, `#!/bin/sh\nexec '${Deno.execPath()}' run -A --quiet '${ENTRY}' "$@"\n`);
    chmodSync(launcher, 0o755);
    const schema = {
      type: "object",
      properties: { ok: { type: "boolean" } },
      required: ["ok"],
      additionalProperties: false,
    };

    const out = await new Deno.Command("node", {
      args: [join(sdkDir, "drive.mjs"), launcher, server.url, cwd, home, JSON.stringify(schema)],
      cwd: sdkDir,
      // A scratch HOME: the login shell of model-run commands must not source this machine's profile
      // (which may write outside the sandbox, e.g. `pyenv rehash`).
      env: { DENO_DIR, HOME: scratch },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assertEquals(out.code, 0, stderr);
    const result = JSON.parse(new TextDecoder().decode(out.stdout));

    const types = result.streamed.map((e: { type: string; item?: { type: string } }) =>
      e.item ? `${e.type}:${e.item.type}` : e.type
    );
    assertEquals(types, [
      "thread.started",
      // "sdk-model" is not in Codex's model catalog: Codex's fallback warning, before the turn.
      "item.completed:error",
      "turn.started",
      "item.started:command_execution",
      "item.completed:command_execution",
      "item.completed:agent_message",
      "turn.completed",
    ]);
    assertEquals(result.threadId, result.streamed[0].thread_id);
    const ran = result.streamed[4].item;
    assertEquals([ran.aggregated_output, ran.exit_code, ran.status], ["only.txt\n", 0, "completed"]);
    assertEquals(result.streamed[6].usage.output_tokens, 10);

    assertEquals(result.turn.finalResponse, '{"ok":true}');
    assertEquals(result.turn.usage.input_tokens, 10);

    // What the SDK asked for reached the model: its key, base URL, model, originator and output schema.
    const first = server.requests[0];
    assertEquals(first.headers.authorization, "Bearer sk-from-sdk");
    assertEquals(first.headers.originator, "codex_sdk_ts");
    assertEquals((first.body as { model: string }).model, "sdk-model");
    const third = server.requests[2].body as { text: { format: { schema: unknown; strict: boolean } } };
    assertEquals(third.text.format.schema, schema);
    assertEquals(third.text.format.strict, true);
  } finally {
    await server.close();
  }
});
