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

Deno.test("bodyBytes writes into a buffer handed back when it fits, else allocates with headroom", () => {
  const small = { input: [{ type: "message", content: "a" }] };
  const first = bodyBytes(small);
  assert.ok(first.buffer.byteLength > first.length);
  const again = bodyBytes(small, undefined, new Uint8Array(first.buffer));
  assert.equal(again.buffer, first.buffer);
  assert.equal(new TextDecoder().decode(again), JSON.stringify(small));
  const large = { input: [{ type: "message", content: "b".repeat(first.buffer.byteLength) }] };
  const grown = bodyBytes(large, undefined, new Uint8Array(first.buffer));
  assert.notEqual(grown.buffer, first.buffer);
  assert.equal(new TextDecoder().decode(grown), JSON.stringify(large));
});
