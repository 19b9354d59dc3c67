import assert from "node:assert/strict";
import { bodyJson } from "./body_json.ts";

Deno.test("bodyJson is byte-for-byte JSON.stringify, in the body's key order", () => {
  const input: object[] = [
    { type: "message", role: "user", content: [{ type: "input_text", text: 'héllo \u2028 "q" \n' }] },
    { type: "function_call", name: "exec_command", arguments: '{"cmd":"echo"}', call_id: "c1" },
    { type: "function_call_output", call_id: "c1", output: "ok", extra: undefined },
  ];
  const body = {
    model: "m",
    stream: true,
    input,
    tools: [{ type: "function", name: "t", parameters: { type: "object" } }],
    skipped: undefined,
    reasoning: { effort: "high", summary: undefined },
    prompt_cache_key: "k",
  };
  assert.equal(bodyJson(body), JSON.stringify(body));
  assert.equal(bodyJson({ input: [] }), JSON.stringify({ input: [] }));
  assert.equal(bodyJson({ input: [null, 1, "s"] }), JSON.stringify({ input: [null, 1, "s"] }));
});

Deno.test("bodyJson reuses an item's text across bodies and serialises new items", () => {
  const a = { type: "message", content: "a" };
  const history: object[] = [a];
  assert.equal(bodyJson({ input: history }), JSON.stringify({ input: history }));
  history.push({ type: "message", content: "b" });
  assert.equal(bodyJson({ input: [...history] }), JSON.stringify({ input: history }));
});
