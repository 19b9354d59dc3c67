/**
 * The apply_patch scenario suite: each folder of tests/apply_patch/scenarios holds `input/` (the tree
 * before; optional), `patch.txt` and `expected/` (the whole tree after; absent means empty). The patch
 * is applied in a copy of `input/` and the resulting tree must equal `expected/` byte for byte, with no
 * extra or missing files. Every scenario runs through the library; a handful also run through the real
 * CLI process (`codex apply_patch PATCH`), and, when Codex's own binary is installed, through it too
 * (except the scenarios where this implementation deliberately differs).
 */
import { existsSync, lstatSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { join, relative } from "node:path";
import { applyPatchText } from "../plugins/apply_patch/standalone.ts";
import { assert, assertEquals } from "./helpers/assert.ts";
import { baseEnv, runCli } from "./helpers/cli.ts";

const SCENARIOS = new URL("./apply_patch/scenarios/", import.meta.url).pathname;

/** Scenarios where all-or-nothing writing (or refusing binary files) differs from Codex by design. */
const DIFFERS_FROM_CODEX = new Set([
  "042_all_or_nothing_across_files",
  "044_binary_file_update_refused",
  "050_delete_then_update_fails_atomically",
]);

/** Scenarios also run through the CLI process (one spawn each, so only a representative few). */
const THROUGH_CLI = new Set([
  "001_add_file",
  "022_crlf_file_stays_crlf",
  "025_move_to_new_directory",
  "028_multiple_operations",
  "042_all_or_nothing_across_files",
]);

/** Every file under `dir` as relative path → bytes (directories only through their files). */
function readTree(dir: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  if (!existsSync(dir)) return out;
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (lstatSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

function assertSameTree(actualDir: string, expectedDir: string, label: string): void {
  const actual = readTree(actualDir);
  const expected = readTree(expectedDir);
  assertEquals([...actual.keys()].sort(), [...expected.keys()].sort(), `${label}: file list`);
  const dec = new TextDecoder();
  for (const [path, bytes] of expected) {
    const got = actual.get(path)!;
    assert.ok(
      got.length === bytes.length && got.every((b, i) => b === bytes[i]),
      `${label}: ${path} differs\nexpected ${JSON.stringify(dec.decode(bytes))}\nfound    ${
        JSON.stringify(dec.decode(got))
      }`,
    );
  }
}

async function prepare(name: string): Promise<{ dir: string; patch: string }> {
  const dir = await Deno.makeTempDir({ prefix: `apply-patch-${name.slice(0, 3)}-` });
  const input = join(SCENARIOS, name, "input");
  if (existsSync(input)) {
    const cp = await new Deno.Command("cp", { args: ["-a", `${input}/.`, dir] }).output();
    assert.ok(cp.success, `copying ${input} failed`);
  }
  return { dir, patch: readFileSync(join(SCENARIOS, name, "patch.txt"), "utf-8") };
}

const names = readdirSync(SCENARIOS).filter((n) => /^\d{3}_/.test(n)).sort();

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
