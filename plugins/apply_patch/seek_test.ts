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
