/**
 * `deno task build --out DIR` with DIR outside the checkout: the generated entry is compiled against the
 * checkout's deno.json (import map), so `deno compile` type-checks it instead of failing with
 * `Import "zod" not a dependency`. Where the target's runtime (denort) cannot be downloaded, the build
 * may still stop at that later step, which is reported as such.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { assert } from "./helpers/assert.ts";
import { baseEnv, ROOT } from "./helpers/cli.ts";

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
  assert(!/not a dependency/.test(stderr), stderr);
  assert(existsSync(join(out, "codex.js")), stderr);
  const binary = existsSync(join(out, "codex-x86_64-unknown-linux-gnu"));
  assert(binary || /could not download the Deno runtime/.test(stderr), stderr);
});
