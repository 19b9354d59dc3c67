import assert from "node:assert/strict";
import { ExecProcess, startedGroupIds } from "./process.ts";

const spec = (script: string) => ({
  argv: ["sh", "-c", script],
  cwd: Deno.cwd(),
  env: { PATH: "/usr/bin:/bin" },
});

Deno.test("a finished command's group is forgotten (its id may be reused), a running one's is kept", async () => {
  const done = ExecProcess.spawn(spec("echo hi"));
  const running = ExecProcess.spawn(spec("sleep 600"));
  await done.exited;
  assert.ok(!startedGroupIds().includes(done.pid), "finished: the exit sweep must not signal its id");
  assert.ok(startedGroupIds().includes(running.pid), "running: the exit sweep ends it");
  running.kill();
  await running.exited;
  assert.ok(!startedGroupIds().includes(running.pid));
});
