/**
 * The raw-mode terminal with a scripted keyboard and a recorded screen (no pty): queued type-ahead,
 * notices held until the output line ends, answers that only count keys typed after the question, the
 * Ctrl-C ladder, and raw mode restored on close.
 */
import { Terminal, type TerminalIo } from "./terminal.ts";
import { assert, assertEquals } from "../../../tests/helpers/assert.ts";

/** A fake terminal: `type` feeds keys, `screen` is everything written, `raw` the mode history. */
function fakeIo() {
  const chunks: Uint8Array[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const state = { screen: "", raw: [] as boolean[] };
  const io: TerminalIo = {
    read: async (buf) => {
      while (chunks.length === 0 && !ended) await new Promise<void>((r) => (wake = r));
      const next = chunks.shift();
      if (!next) return null;
      buf.set(next);
      return next.length;
    },
    write: (bytes) => void (state.screen += dec.decode(bytes)),
    setRaw: (on) => void state.raw.push(on),
    columns: () => 80,
  };
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return {
    io,
    state,
    type: async (text: string) => {
      chunks.push(enc.encode(text));
      wake?.();
      await flush();
      await flush();
    },
    end: async () => {
      ended = true;
      wake?.();
      await flush();
    },
  };
}

// deno-lint-ignore no-control-regex
const plain = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z~]/g, "").replace(/\r/g, "");

Deno.test("terminal: type-ahead is queued with a notice held until the output line ends", async () => {
  const k = fakeIo();
  const t = new Terminal(k.io);
  const first = t.next("› ");
  await k.type("hello\r");
  assertEquals(await first, "hello");
  // A turn runs: output is mid-line when the person presses Enter.
  t.write("streaming ans");
  await k.type("later\r");
  assert.ok(!plain(k.state.screen).includes("queued"), "the notice must wait for the line end");
  assert.ok(!plain(k.state.screen).includes("later"), "type-ahead is not echoed into the output");
  t.write("wer\n");
  assert.ok(plain(k.state.screen).endsWith("streaming answer\n↳ queued for the next turn: later\n"));
  assertEquals(t.queued, 1);
  assertEquals(await t.next("› "), "later");
  t.close();
  await k.end();
  assertEquals(k.state.raw, [true, false]);
});

Deno.test("terminal: an answer counts only keys typed after the question; the draft survives", async () => {
  const k = fakeIo();
  const t = new Terminal(k.io);
  await k.type("half a draft");
  const answer = t.readAnswer("> ", new AbortController().signal);
  await k.type("y\r");
  assertEquals(await answer, "y");
  const line = t.next("› ");
  await k.type(" done\r");
  assertEquals(await line, "half a draft done");
  t.close();
  await k.end();
});

Deno.test("terminal: Ctrl-C clears a line, then warns, then quits; during work it interrupts", async () => {
  const k = fakeIo();
  const t = new Terminal(k.io);
  let interrupts = 0;
  t.onInterrupt = () => interrupts++;
  await k.type("\x03"); // nothing is being edited: a running turn is interrupted
  assertEquals(interrupts, 1);
  const line = t.next("› ");
  await k.type("oops\x03");
  assert.ok(!plain(k.state.screen).includes("press Ctrl-C again"));
  await k.type("\x03");
  assert.ok(plain(k.state.screen).includes("(press Ctrl-C again or Ctrl-D to quit)"));
  await k.type("\x03");
  assertEquals(await line, null);
  assertEquals(interrupts, 1);
  t.close();
  await k.end();
});

Deno.test("terminal: end of input ends a waiting line and answers", async () => {
  const k = fakeIo();
  const t = new Terminal(k.io);
  const line = t.next("› ");
  await k.end();
  assertEquals(await line, null);
  assertEquals(await t.readAnswer("> ", new AbortController().signal), null);
  t.close();
});
