/**
 * Conformance with Codex 0.171: each scenario of tests/conformance/scenarios.ts is played against this CLI
 * and compared field by field with the committed recording of the real binary (recordings/*.json).
 */
import { assertEquals } from "../helpers/assert.ts";
import { compareRecordings } from "../conformance/compare.ts";
import type { Recording } from "../conformance/recording.ts";
import { runOurs } from "../conformance/run_ours.ts";
import { SCENARIOS } from "../conformance/scenarios.ts";

for (const scenario of SCENARIOS) {
  Deno.test(`conformance with Codex 0.171: ${scenario.name}`, async () => {
    const url = new URL(`../conformance/recordings/${scenario.name}.json`, import.meta.url);
    const codex: Recording = JSON.parse(await Deno.readTextFile(url));
    const ours = await runOurs(scenario);
    assertEquals(compareRecordings(codex, ours), []);
  });
}
