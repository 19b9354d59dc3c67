import { deepStrictEqual as equal } from "node:assert/strict";
import { createHash } from "node:crypto";
import { sha1Hex, sha256Hex } from "./hash.ts";

Deno.test("lib/hash: SHA-1 and SHA-256 match node:crypto at every padding boundary", () => {
  const samples = ["", "abc", "mcp__server__tool", "ünïcödé ✓"];
  for (let n = 0; n < 200; n++) samples.push("x".repeat(n));
  const bytes = new Uint8Array(1000).map((_, i) => (i * 31 + 7) & 0xff);
  for (const s of samples) {
    equal(sha1Hex(s), createHash("sha1").update(s).digest("hex"), `sha1 of ${s.length} chars`);
    equal(sha256Hex(s), createHash("sha256").update(s).digest("hex"), `sha256 of ${s.length} chars`);
  }
  equal(sha256Hex(bytes), createHash("sha256").update(bytes).digest("hex"));
  equal(sha1Hex(bytes), createHash("sha1").update(bytes).digest("hex"));
});
