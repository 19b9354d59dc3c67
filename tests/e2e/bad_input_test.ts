/**
 * Bad input through the real CLI: refused before the turn starts (no model request), with a message
 * naming the flag or file; and a provider on a port Deno's fetch refuses still works.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BAD_PORTS } from "../../lib/port_safe_fetch.ts";
import { type FakeServer, startFakeServer, textResponse } from "./fake_server.ts";
import { assert, assertEquals, assertIncludes } from "../helpers/assert.ts";
import { runCli, workspace } from "../helpers/cli.ts";

Deno.test("-m '', -o to a directory/missing folder/unwritable path, -i with a non-image: exit 2, no request", async () => {
  const server = startFakeServer(() => textResponse("no"));
  try {
    const ws = workspace(server.url);
    const notImage = join(ws.cwd, "notes.png");
    writeFileSync(notImage, "just text\n");
    const unwritable = Deno.uid() === 0 ? "/sys/codex-test-out" : (() => {
      const d = join(ws.home, "ro");
      mkdirSync(d, { mode: 0o555 });
      return join(d, "out.txt");
    })();
    const cases: [string[], string][] = [
      [["-m", ""], "-m/--model: expected a model name"],
      [["-o", ws.cwd], "found a directory"],
      [["-o", join(ws.cwd, "no/such/dir/out.txt")], "does not exist"],
      [["-o", unwritable], "cannot write"],
      [["-i", notImage], "expected a PNG, JPEG, GIF or WebP image"],
    ];
    for (const [flags, message] of cases) {
      const r = await runCli(["exec", "hi", ...flags], { cwd: ws.cwd, env: ws.env });
      assertEquals(r.code, 2, `${flags.join(" ")}: ${r.stderr}`);
      assertIncludes(r.stderr, message);
      assert(!r.stderr.includes("internal error"), r.stderr);
    }
    assertEquals(server.requests.length, 0);
    // A real PNG passes, and its type comes from its bytes, not its name.
    const png = join(ws.cwd, "pic.jpg");
    writeFileSync(png, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
    const ok = await runCli(["exec", "hi", "-i", png], { cwd: ws.cwd, env: ws.env });
    assertEquals(ok.code, 0, ok.stderr);
    assertIncludes(JSON.stringify(server.requests[0].body), "data:image/png;base64,");
  } finally {
    await server.close();
  }
});

Deno.test("an unreadable AGENTS.md is warned about; an unterminated TOML string is reported as such", async () => {
  const server = startFakeServer(() => textResponse("ok"));
  try {
    const ws = workspace(server.url);
    symlinkSync(join(ws.cwd, "missing-target.md"), join(ws.cwd, "AGENTS.md"));
    const r = await runCli(["exec", "hi"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    assertIncludes(r.stderr, `ignoring ${join(ws.cwd, "AGENTS.md")}: cannot read it`);

    writeFileSync(join(ws.home, "config.toml"), 'model = "gpt-5\nmodel_provider = "mock"\n');
    const bad = await runCli(["exec", "hi"], { cwd: ws.cwd, env: ws.env });
    assertEquals(bad.code, 1);
    assertIncludes(bad.stderr, "config.toml:1:9: invalid TOML: unterminated string");
  } finally {
    await server.close();
  }
});

Deno.test("a provider on a port Deno's fetch refuses (e.g. 6000) works", async () => {
  let server: FakeServer | undefined;
  for (const port of [6665, 6666, 6667, 6668, 6669, 6679, 6000, 10080, 4190, 3659, 6566]) {
    assert(BAD_PORTS.has(port));
    try {
      server = startFakeServer(() => textResponse("via a bad port"), { port });
      break;
    } catch { /* in use: try the next one */ }
  }
  assert(server, "no bad port free");
  try {
    const ws = workspace(server.url);
    const r = await runCli(["exec", "hi"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    assertIncludes(r.stdout, "via a bad port");
    assertEquals(server.requests.length, 1);
  } finally {
    await server.close();
  }
});
