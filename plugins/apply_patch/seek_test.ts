import { deepStrictEqual as deepEqual } from "node:assert/strict";
import { SeekKeys, seekSequence } from "./seek.ts";

Deno.test("SeekKeys: repeated searches of one file (a hash index after long scans) agree with a fresh scan", () => {
  // Duplicate lines, a fuzzy-only line and an end-of-file match: every search through the shared keys
  // (once its scans have covered the file twice, they go through a hash index) must equal a one-off
  // scan of the same lines.
  const lines = ["a", "b", "x  ", "a", "b", "c", "a", "b", "end"];
  const keys = SeekKeys.ofLines(lines);
  const cases: [string[], number, boolean][] = [
    [["a", "b"], 0, false],
    [["a", "b"], 1, false],
    [["a", "b"], 4, false],
    [["a", "b"], 7, false],
    [["x"], 0, false],
    [["x"], 3, false],
    [["b", "end"], 0, true],
    [["a", "b", "c"], 0, false],
    [["missing"], 0, false],
    [["a"], 6, false],
  ];
  for (const [pattern, from, eof] of cases) {
    const shared = seekSequence(keys, pattern, from, eof);
    const fresh = seekSequence(lines, pattern, from, eof);
    deepEqual(shared, fresh);
  }
  deepEqual(seekSequence(keys, ["a", "b"], 4, false), { index: 6, tier: "exact" });
  deepEqual(seekSequence(keys, ["x"], 0, false), { index: 2, tier: "trim-end" });
  deepEqual(seekSequence(keys, ["x"], 3, false), undefined);
  deepEqual(seekSequence(keys, ["b", "end"], 0, true), { index: 7, tier: "exact" });
});

/** Rust's White_Space, which the tiers trim. */
const WS = "[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const trimEnd = (s: string) => s.replace(new RegExp(`${WS}+$`, "u"), "");
const trim = (s: string) => trimEnd(s).replace(new RegExp(`^${WS}+`, "u"), "");
const unicode = (s: string) =>
  trim(s).replace(/[\u2010-\u2015\u2212]/g, "-").replace(/[\u2018-\u201b]/g, "'").replace(
    /[\u201c-\u201f]/g,
    '"',
  )
    .replace(/[\u00a0\u2002-\u200a\u202f\u205f\u3000]/g, " ");

/** The definition: every tier scans every candidate before the next tier is tried. */
function reference(lines: string[], pattern: string[], start: number, eof: boolean) {
  if (pattern.length === 0) return { index: start, tier: "exact" };
  if (pattern.length > lines.length) return undefined;
  const last = lines.length - pattern.length;
  const tiers = [["exact", (s: string) => s], ["trim-end", trimEnd], ["trim", trim], [
    "unicode",
    unicode,
  ]] as const;
  for (const [tier, key] of tiers) {
    for (let i = eof ? last : start; i <= last; i++) {
      if (pattern.every((p, j) => key(lines[i + j]) === key(p))) return { index: i, tier };
    }
  }
  return undefined;
}

Deno.test("seekSequence agrees with the tiers' definition on random lines (scans and hash index)", () => {
  let seed = 7;
  const rand = (n: number) => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
  const atoms = ["a", "b", "x", " ", "\t", "\u00a0", "\u2013", "-", "\u201c", '"', "\u3000", "é", ""];
  const word = () => Array.from({ length: 1 + rand(3) }, () => atoms[rand(atoms.length)]).join("");
  const lines = Array.from({ length: 300 }, word);
  const keys = SeekKeys.ofLines(lines);
  for (let k = 0; k < 600; k++) {
    const at = rand(lines.length);
    const len = 1 + rand(3);
    const pattern = lines.slice(at, at + len).map((l) => (rand(3) === 0 ? ` ${l}\u2003` : l));
    const start = rand(lines.length);
    const eof = rand(10) === 0;
    deepEqual(
      seekSequence(keys, pattern, start, eof),
      reference(lines, pattern, start, eof),
      JSON.stringify({ pattern, start, eof }),
    );
  }
});
