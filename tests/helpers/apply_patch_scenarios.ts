/**
 * The apply_patch scenario suite's data (tests/apply_patch/scenarios): each folder holds `input/` (the tree
 * before; optional), `patch.txt` and `expected/` (the whole tree after; absent means empty). Shared by
 * the library run (plugins/apply_patch/scenarios_test.ts) and the CLI run
 * (tests/e2e/apply_patch_scenarios_test.ts).
 * @module
 */
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { assert, assertEquals } from "./assert.ts";

/** Absolute path of the scenarios folder (with a trailing slash). */
export const SCENARIOS: string = new URL("../apply_patch/scenarios/", import.meta.url).pathname;

/** Every file under `dir` as relative path → bytes (directories only through their files). */
export function readTree(dir: string): Map<string, Uint8Array> {
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

/** Asserts that the tree at `actualDir` equals the one at `expectedDir` byte for byte. */
export function assertSameTree(actualDir: string, expectedDir: string, label: string): void {
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

/** Copies scenario `name`'s input into a fresh temporary folder; returns it and the patch text. */
export async function prepare(name: string): Promise<{ dir: string; patch: string }> {
  const dir = await Deno.makeTempDir({ prefix: `apply-patch-${name.slice(0, 3)}-` });
  const input = join(SCENARIOS, name, "input");
  if (existsSync(input)) {
    const cp = await new Deno.Command("cp", { args: ["-a", `${input}/.`, dir] }).output();
    assert.ok(cp.success, `copying ${input} failed`);
  }
  return { dir, patch: readFileSync(join(SCENARIOS, name, "patch.txt"), "utf-8") };
}

/** Every scenario's folder name, sorted. */
export const names: string[] = readdirSync(SCENARIOS).filter((n) => /^\d{3}_/.test(n)).sort();
