import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { appendHistory, historyPath, readHistory } from "./history.ts";
import { assert, assertEquals } from "../../tests/helpers/assert.ts";

const tempHome = () => join(Deno.makeTempDirSync({ prefix: "codex-history-" }), "home");

Deno.test("history: one JSON line per message, mode 0600, read back newest last", () => {
  const home = tempHome();
  assertEquals(appendHistory(home, { session_id: "s1", text: "first", ts: 100 }), true);
  assertEquals(appendHistory(home, { session_id: "s1", text: 'second "quoted"\nline', ts: 101 }), true);
  assertEquals(
    Deno.readTextFileSync(historyPath(home)),
    '{"session_id":"s1","ts":100,"text":"first"}\n' +
      '{"session_id":"s1","ts":101,"text":"second \\"quoted\\"\\nline"}\n',
  );
  assertEquals(Deno.statSync(historyPath(home)).mode! & 0o777, 0o600);
  assertEquals(readHistory(home), [
    { session_id: "s1", ts: 100, text: "first" },
    { session_id: "s1", ts: 101, text: 'second "quoted"\nline' },
  ]);
  assertEquals(readHistory(home, 1), [{ session_id: "s1", ts: 101, text: 'second "quoted"\nline' }]);
  assertEquals(readHistory(home, 0), []);
});

Deno.test("history: ts defaults to now in seconds; an existing file with loose mode is tightened", () => {
  const home = tempHome();
  Deno.mkdirSync(home, { recursive: true });
  writeFileSync(historyPath(home), "", { mode: 0o644 });
  Deno.chmodSync(historyPath(home), 0o644);
  const before = Math.floor(Date.now() / 1000);
  appendHistory(home, { session_id: "s2", text: "now" });
  const [entry] = readHistory(home);
  assert.ok(entry.ts >= before && entry.ts <= before + 2, `ts ${entry.ts} is about ${before}`);
  assertEquals(Deno.statSync(historyPath(home)).mode! & 0o777, 0o600);
});

Deno.test("history: persistence none writes nothing", () => {
  const home = tempHome();
  assertEquals(
    appendHistory(home, { session_id: "s", text: "secret-ish", ts: 1 }, { persistence: "none" }),
    false,
  );
  assertEquals(readHistory(home), []);
  let exists = true;
  try {
    Deno.statSync(historyPath(home));
  } catch {
    exists = false;
  }
  assertEquals(exists, false);
});

Deno.test("history: above max_bytes the oldest lines go until the file is at most 80% of it", () => {
  const home = tempHome();
  const line = (i: number) => JSON.stringify({ session_id: "s", ts: i, text: `message ${i}` }) + "\n";
  const size = line(10).length; // 48 bytes for two-digit i
  const max = size * 5; // 240; trimmed to <= 192 = 4 lines
  for (let i = 10; i < 15; i++) {
    appendHistory(home, { session_id: "s", text: `message ${i}`, ts: i }, { max_bytes: max });
  }
  assertEquals(Deno.statSync(historyPath(home)).size, size * 5, "exactly max_bytes is not trimmed");
  appendHistory(home, { session_id: "s", text: "message 15", ts: 15 }, { max_bytes: max });
  assertEquals(readHistory(home).map((e) => e.ts), [12, 13, 14, 15]);
  assertEquals(Deno.statSync(historyPath(home)).size, size * 4);
  assert.ok(size * 4 <= max * 0.8);
  // max_bytes 0 means unlimited.
  for (let i = 16; i < 30; i++) {
    appendHistory(home, { session_id: "s", text: `message ${i}`, ts: i }, { max_bytes: 0 });
  }
  assertEquals(readHistory(home).length, 18);
});

Deno.test("history: the newest line is kept even when it alone is above the budget", () => {
  const home = tempHome();
  appendHistory(home, { session_id: "s", text: "small", ts: 1 }, { max_bytes: 60 });
  appendHistory(home, { session_id: "s", text: "x".repeat(100), ts: 2 }, { max_bytes: 60 });
  assertEquals(readHistory(home).map((e) => e.ts), [2]);
});

Deno.test("history: malformed lines are skipped by the reader", () => {
  const home = tempHome();
  Deno.mkdirSync(home, { recursive: true });
  writeFileSync(
    historyPath(home),
    '{"session_id":"a","ts":1,"text":"ok"}\nnot json\n{"session_id":"a","ts":"2","text":"bad ts"}\n{"session_id":"b","ts":3,"text":"ok too"}\n',
  );
  assertEquals(readHistory(home).map((e) => e.text), ["ok", "ok too"]);
});
