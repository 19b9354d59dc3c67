/**
 * `deno task build --out DIR` with DIR outside the checkout: the generated entry is compiled against the
 * checkout's imports (a generated import map with `pkg/` subpath entries), so `deno compile` gets past
 * module resolution instead of failing with `Import "zod" not a dependency`. (Later steps, the denort
 * download or type checking, are not what this test is about.)
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { assert } from "../helpers/assert.ts";
import { baseEnv, ROOT } from "../helpers/cli.ts";

Deno.test("build --out DIR outside the checkout resolves the import map (compile gets past type checking)", async () => {
  const out = Deno.makeTempDirSync({ prefix: "codex-build-out-" });
  assert(!out.startsWith(ROOT));
  const build = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(ROOT, "scripts/build.ts"), "--target", "x86_64-unknown-linux-gnu", "--out", out],
    cwd: out,
    env: baseEnv(),
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(build.stderr);
  // Resolution of every bare import (zod, MCP SDK subpaths) from an entry outside the checkout.
  assert(!/not a dependency|not in import map/.test(stderr), stderr);
  assert(existsSync(join(out, "codex.js")), stderr);
});
