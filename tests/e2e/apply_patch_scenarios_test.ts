/**
 * A representative few apply_patch scenarios (tests/apply_patch/scenarios) through the real CLI process
 * (`codex apply_patch PATCH`), one spawn each; all of them run through the library in
 * plugins/apply_patch/scenarios_test.ts.
 */
import { join } from "node:path";
import { assert, assertEquals } from "../helpers/assert.ts";
import { assertSameTree, names, prepare, SCENARIOS } from "../helpers/apply_patch_scenarios.ts";
import { runCli } from "../helpers/cli.ts";

/** Scenarios also run through the CLI process (one spawn each, so only a representative few). */
const THROUGH_CLI = new Set([
  "001_add_file",
  "022_crlf_file_stays_crlf",
  "025_move_to_new_directory",
  "028_multiple_operations",
  "042_all_or_nothing_across_files",
]);

Deno.test("apply_patch scenarios through the CLI process (codex apply_patch PATCH)", async () => {
  for (const name of names.filter((n) => THROUGH_CLI.has(n))) {
    const { dir, patch } = await prepare(name);
    try {
      const r = await runCli(["apply_patch", patch], { cwd: dir });
      const failing = name.startsWith("042");
      assertEquals(r.code, failing ? 1 : 0, `${name}: ${r.stderr}`);
      if (!failing) assert.match(r.stdout, /^Success\. Updated the following files:\n/);
      assertSameTree(dir, join(SCENARIOS, name, "expected"), `${name} (CLI)`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  }
});
