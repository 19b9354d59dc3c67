// Drives the CLI through the official @openai/codex-sdk (Node). Used by tests/e2e/sdk_e2e_test.ts.
// Usage: node drive.mjs <launcher> <baseUrl> <cwd> <codexHome> <schemaJson|"">
import { Codex } from "@openai/codex-sdk";

const [launcher, baseUrl, cwd, codexHome, schemaJson] = process.argv.slice(2);
const codex = new Codex({
  codexPathOverride: launcher,
  baseUrl,
  apiKey: "sk-from-sdk",
  env: {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    CODEX_HOME: codexHome,
    DENO_TLS_CA_STORE: "system",
    ...(process.env.DENO_DIR ? { DENO_DIR: process.env.DENO_DIR } : {}),
  },
});
const thread = codex.startThread({
  workingDirectory: cwd,
  skipGitRepoCheck: true,
  model: "sdk-model",
  sandboxMode: "workspace-write",
});

const { events } = await thread.runStreamed("list the files");
const streamed = [];
for await (const event of events) streamed.push(event);

const turn = await codex.startThread({ workingDirectory: cwd, skipGitRepoCheck: true }).run(
  "answer in JSON",
  {
    outputSchema: schemaJson ? JSON.parse(schemaJson) : undefined,
  },
);

process.stdout.write(JSON.stringify({ threadId: thread.id, streamed, turn }) + "\n");
