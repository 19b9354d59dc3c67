/**
 * The headless answer pipe's parsing and the `[prompts]` table (end to end:
 * tests/e2e/headless_prompts_test.ts).
 */
import { parsePipeAnswer } from "./headless.ts";
import { PromptsSchema } from "../../../config/prompts.ts";
import { assert, assertEquals } from "../../../../tests/helpers/assert.ts";

Deno.test("headless: pipe answers parse with an optional approval id; the table rejects unknown keys", () => {
  assertEquals(parsePipeAnswer("y"), { id: undefined, key: "y", rest: "" });
  assertEquals(parsePipeAnswer("appr_3 no"), { id: "appr_3", key: "n", rest: "" });
  assertEquals(parsePipeAnswer("f use the other file"), {
    id: undefined,
    key: "f",
    rest: "use the other file",
  });
  assertEquals(parsePipeAnswer("maybe"), undefined);
  assertEquals(PromptsSchema.parse({}), { mode: "auto", timeout_answer: "deny" });
  assert.ok(!PromptsSchema.safeParse({ mode: "fancy" }).success);
  assert.ok(!PromptsSchema.safeParse({ answer_pipes: "/x" }).success);
});
