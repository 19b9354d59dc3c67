import assert from "node:assert/strict";
import { type BodyParts, BodyWriter } from "./body_bytes.ts";

function joined(b: BodyParts): Uint8Array {
  const out = new Uint8Array(b.length);
  let at = 0;
  for (const p of b.parts) {
    out.set(p, at);
    at += p.length;
  }
  assert.equal(at, b.length);
  return out;
}
const text = (b: BodyParts) => new TextDecoder().decode(joined(b));
const utf8 = (body: object) => new TextEncoder().encode(JSON.stringify(body));

const TRICKY = 'héllo \u2028 "q" \n € 😀 \ud800 \u0000';

Deno.test("BodyWriter writes the UTF-8 of JSON.stringify, in the body's key order", () => {
  const input: object[] = [
    { type: "message", role: "user", content: [{ type: "input_text", text: TRICKY }] },
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
  assert.deepEqual(joined(new BodyWriter().write(body)), utf8(body));
  for (
    const b of [
      { input: [] },
      {},
      { a: 1, input: [{ b: 2 }] },
      { input: [null, 1, "s", undefined] },
      { input: "not an array", x: [1] },
      { messages: [{ role: "user", content: TRICKY }] },
    ]
  ) assert.equal(text(new BodyWriter().write(b)), JSON.stringify(b));
  assert.equal(
    text(new BodyWriter("messages").write({ messages: [{ c: TRICKY }] })),
    '{"messages":[{"c":' + JSON.stringify(TRICKY) + "}]}",
  );
});

Deno.test("BodyWriter serialises each element once while later bodies start with the same elements", () => {
  const writer = new BodyWriter();
  let stringified = 0;
  const item = (n: number) => ({ n, toJSON: () => (stringified++, { n }) });
  const history: object[] = [];
  for (let i = 0; i < 5; i++) {
    history.push(item(i));
    const expected = JSON.stringify({ model: "m", input: history, tools: [] });
    stringified = 0;
    const b = writer.write({ model: "m", input: [...history], tools: [] });
    assert.equal(stringified, 1, "only the new element");
    assert.equal(text(b), expected);
  }
});

Deno.test("BodyWriter spans chunks without splitting a character, and keeps bytes it handed out", () => {
  // Tiny chunks so every element crosses chunk ends, including in the middle of multi-byte characters.
  for (const size of [4, 5, 7, 16]) {
    const writer = new BodyWriter("input", size);
    const history: object[] = [];
    const sent: [BodyParts, string][] = [];
    for (let i = 0; i < 12; i++) {
      history.push({ type: "message", text: `${i} ${TRICKY.repeat(i % 3)}` });
      const b = writer.write({ input: [...history] });
      sent.push([b, JSON.stringify({ input: history })]);
      assert.ok(b.parts.every((p) => p.length <= size || p === b.parts[0] || p === b.parts.at(-1)));
    }
    // A rewritten history (compaction: a new first item) keeps the common prefix, rewrites the rest,
    // and leaves every body handed out before as it was (a retry may still be sending it).
    const compacted = [history[0], history[1], { z: "ü".repeat(9) }, history[3]];
    const b = writer.write({ input: compacted });
    assert.equal(text(b), JSON.stringify({ input: compacted }));
    assert.equal(text(writer.write({ input: [] })), '{"input":[]}');
    assert.equal(text(writer.write({ input: history })), JSON.stringify({ input: history }));
    for (const [old, expected] of sent) assert.equal(text(old), expected, `chunk size ${size}`);
    assert.equal(text(b), JSON.stringify({ input: compacted }));
  }
});
