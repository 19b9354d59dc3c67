/** `/logout` (the `codex logout` subcommand runs through the CLI in tests/e2e/cli_commands_test.ts). */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Registry } from "../../src/kernel/registry.ts";
import { assert, assertIncludes } from "../../tests/helpers/assert.ts";
import { FakeSession } from "../../tests/helpers/command_context.ts";
import { builtinCommands } from "./mod.ts";

Deno.test("/logout removes the saved key", async () => {
  const home = Deno.makeTempDirSync({ prefix: "codex-logout-" });
  writeFileSync(join(home, "auth.json"), '{"OPENAI_API_KEY":"sk-x"}');
  const registry = new Registry();
  await registry.load([builtinCommands], {});
  const fake = new FakeSession({ codexHome: home });
  await fake.run(registry, "/logout");
  assert(!existsSync(join(home, "auth.json")));
  assertIncludes(fake.printed.join("\n"), "Logged out");
});
