import assert from "node:assert/strict";
import { bodyBytes } from "./body_bytes.ts";

const text = (body: object) => new TextDecoder().decode(bodyBytes(body));

Deno.test("bodyBytes is the UTF-8 of JSON.stringify, in the body's key order", () => {
  const input: object[] = [
    {
      type: "message",
      role: "user",
      content: [{ type: "input_text", text: 'héllo \u2028 "q" \n € 😀 \ud800 \u0000' }],
    },
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
  assert.equal(text(body), JSON.stringify(body));
  assert.deepEqual(bodyBytes(body), new TextEncoder().encode(JSON.stringify(body)));
  assert.equal(text({ input: [] }), JSON.stringify({ input: [] }));
  assert.equal(text({}), "{}");
  assert.equal(text({ a: 1, input: [{ b: 2 }] }), JSON.stringify({ a: 1, input: [{ b: 2 }] }));
  assert.equal(text({ input: [null, 1, "s"] }), JSON.stringify({ input: [null, 1, "s"] }));
});

Deno.test("bodyBytes reuses an item's text across bodies and serialises new items", () => {
  const a = { type: "message", content: "a" };
  const history: object[] = [a];
  assert.equal(text({ input: history }), JSON.stringify({ input: history }));
  history.push({ type: "message", content: "b" });
  assert.equal(text({ input: [...history] }), JSON.stringify({ input: history }));
});
