import assert from "node:assert/strict";
import { BodyWriter } from "./body_bytes.ts";
import type { SizedBody } from "./http1.ts";

/** The body's bytes, each chunk copied before the next is asked for (chunks may share memory). */
function joined(b: SizedBody): Uint8Array {
  const out = new Uint8Array(b.length);
  let at = 0;
  for (const chunk of b.chunks()) {
    out.set(chunk, at);
    at += chunk.length;
  }
  assert.equal(at, b.length);
  return out;
}
/**
 * Both bodies' bytes, asking each for a chunk in turn and copying the two chunks only then (as two
 * requests in flight would: a chunk is written while the other body makes its next one).
 */
function interleaved(a: SizedBody, b: SizedBody): [number[], number[]] {
  const its = [a.chunks()[Symbol.iterator](), b.chunks()[Symbol.iterator]()];
  const out: [number[], number[]] = [[], []];
  const open = [true, true];
  while (open[0] || open[1]) {
    const got = its.map((it, i) => open[i] ? it.next() : undefined);
    got.forEach((next, i) => {
      if (next?.done) open[i] = false;
      else if (next) out[i].push(...next.value);
    });
  }
  return out;
}
const text = (b: SizedBody) => new TextDecoder().decode(joined(b));
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
      { input: [null, 1, "s", undefined, TRICKY] },
      { input: "not an array", x: [1] },
      { messages: [{ role: "user", content: TRICKY }] },
    ]
  ) assert.equal(text(new BodyWriter().write(b)), JSON.stringify(b));
  const chat = { model: "m", messages: [{ c: TRICKY }], stream: true };
  assert.equal(text(new BodyWriter("messages").write(chat)), JSON.stringify(chat));
});

Deno.test("BodyWriter measures each element once and serialises it once per body", () => {
  const writer = new BodyWriter();
  let stringified = 0;
  const item = (n: number) => ({ n, toJSON: () => (stringified++, { n }) });
  const history: object[] = [];
  for (let i = 0; i < 5; i++) {
    history.push(item(i));
    const expected = JSON.stringify({ model: "m", input: history, tools: [] });
    stringified = 0;
    const b = writer.write({ model: "m", input: [...history], tools: [] });
    assert.equal(stringified, 1, "the length: only the new element is serialised");
    assert.equal(text(b), expected);
    assert.equal(stringified, 1 + i, "the bytes: the others once more, the new one not again");
  }
});

Deno.test("BodyWriter spans chunks without splitting a character", () => {
  // Tiny chunks so elements cross chunk ends, including in the middle of multi-byte characters.
  for (const size of [4, 5, 7, 16, 1000]) {
    const writer = new BodyWriter("input", size);
    const history: object[] = [];
    for (let i = 0; i < 12; i++) {
      history.push({ type: "message", text: `${i} ${TRICKY.repeat(i % 3)}` });
      const b = writer.write({ model: "m", input: [...history], tools: [{ t: TRICKY }] });
      assert.equal(
        text(b),
        JSON.stringify({ model: "m", input: history, tools: [{ t: TRICKY }] }),
        `size ${size}`,
      );
      const chunks = [...b.chunks()];
      assert.ok(chunks.slice(1, -1).every((c) => c.length <= size), `size ${size}`);
    }
    // Bodies written at the same time (two requests in flight) do not share a chunk buffer.
    const a = writer.write({ input: history.slice(0, 6) });
    const b = writer.write({ input: history.slice(3) });
    const out = interleaved(a, b);
    assert.deepEqual(new Uint8Array(out[0]), utf8({ input: history.slice(0, 6) }));
    assert.deepEqual(new Uint8Array(out[1]), utf8({ input: history.slice(3) }));
  }
});

Deno.test("BodyWriter fails a body whose item changed after it was sent, and a rewrite is right", () => {
  const writer = new BodyWriter();
  const item = { type: "message", text: "short" };
  const body = { input: [item] };
  assert.equal(text(writer.write(body)), JSON.stringify(body));
  item.text = "longer than before";
  const stale = writer.write(body);
  assert.throws(() => [...stale.chunks()], /item 0 of input changed after it was first sent/);
  assert.equal(text(writer.write(body)), JSON.stringify(body));
});
