/**
 * The apply_patch scenario suite: each folder of tests/apply_patch/scenarios holds `input/` (the tree
 * before; optional), `patch.txt` and `expected/` (the whole tree after; absent means empty). The patch
 * is applied in a copy of `input/` and the resulting tree must equal `expected/` byte for byte, with no
 * extra or missing files. Every scenario runs through the library (a handful also through the real CLI
 * process, in tests/e2e/apply_patch_scenarios_test.ts) and, when Codex's own binary is installed, through
 * it too (except the scenarios where this implementation deliberately differs).
 */
import { existsSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { applyPatchText } from "./standalone.ts";
import { assert } from "../../tests/helpers/assert.ts";
import { baseEnv } from "../../tests/helpers/cli.ts";
import { assertSameTree, names, prepare, SCENARIOS } from "../../tests/helpers/apply_patch_scenarios.ts";

/** Scenarios where all-or-nothing writing (or refusing binary files) differs from Codex by design. */
const DIFFERS_FROM_CODEX = new Set([
  "042_all_or_nothing_across_files",
  "044_binary_file_update_refused",
  "050_delete_then_update_fails_atomically",
]);

Deno.test("apply_patch scenarios: at least 30, each with a patch", () => {
  assert.ok(names.length >= 30, `found ${names.length} scenarios`);
  for (const n of names) assert.ok(existsSync(join(SCENARIOS, n, "patch.txt")), `${n} has no patch.txt`);
});

for (const name of names) {
  Deno.test(`apply_patch scenario ${name}`, async () => {
    const { dir, patch } = await prepare(name);
    try {
      const sink = () => {};
      await applyPatchText(patch, dir, sink, sink);
      assertSameTree(dir, join(SCENARIOS, name, "expected"), name);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

/** Codex's binary, when installed: `CODEX_BIN`, else the copy unpacked under /tmp/realcodex. */
const CODEX_BIN = Deno.env.get("CODEX_BIN") ??
  "/tmp/realcodex/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex";

Deno.test({
  name: "apply_patch scenarios agree with Codex's own apply_patch (where installed)",
  ignore: !existsSync(CODEX_BIN),
  fn: async () => {
    const binDir = await Deno.makeTempDir({ prefix: "codex-ref-" });
    symlinkSync(CODEX_BIN, join(binDir, "apply_patch"));
    try {
      for (const name of names.filter((n) => !DIFFERS_FROM_CODEX.has(n))) {
        const { dir, patch } = await prepare(name);
        try {
          await new Deno.Command(join(binDir, "apply_patch"), {
            args: [patch],
            cwd: dir,
            env: baseEnv(),
            clearEnv: true,
            stdout: "null",
            stderr: "null",
          }).output();
          assertSameTree(dir, join(SCENARIOS, name, "expected"), `${name} (Codex)`);
        } finally {
          await Deno.remove(dir, { recursive: true });
        }
      }
    } finally {
      await Deno.remove(binDir, { recursive: true });
    }
  },
});
