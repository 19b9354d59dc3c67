import { join } from "node:path";
import { cutTornTail } from "./reopen.ts";
import { lockPathOf, SessionBusyError, WriterLock } from "./writer_lock.ts";
import { assert, assertEquals } from "../../tests/helpers/assert.ts";
import { PROCESS_TAG, PROCESS_TAG_VAR } from "../../lib/process_tag.ts";

function rollout(): string {
  const dir = Deno.makeTempDirSync({ prefix: "codex-lock-test-" });
  const path = join(dir, "rollout-2026-01-01T00-00-00-01a23607-8faf-7c1f-94cd-c7700eda5970.jsonl");
  Deno.writeTextFileSync(path, "{}\n");
  return path;
}

Deno.test("writer lock: held by another open file (another process) fails at once, naming its pid", () => {
  const path = rollout();
  Deno.writeTextFileSync(lockPathOf(path), "4242\n");
  const other = Deno.openSync(lockPathOf(path), { read: true, write: true });
  other.lockSync(true);
  try {
    let error: unknown;
    try {
      WriterLock.acquire(path, "t1");
    } catch (err) {
      error = err;
    }
    assert.ok(error instanceof SessionBusyError, String(error));
    assert.match((error as Error).message, /^thread t1 already has an active writer \(pid 4242\)/);
  } finally {
    other.close();
  }
  // Once that holder is gone, its lock is stale and taken over.
  const lock = WriterLock.acquire(path, "t1");
  assertEquals(lock.staleHolder, 4242);
  assertEquals(Deno.readTextFileSync(lockPathOf(path)), `${Deno.pid}\n${PROCESS_TAG}\n`);
  lock.release();
  assertEquals(Deno.statSync(path).isFile, true);
  let gone = false;
  try {
    Deno.statSync(lockPathOf(path));
  } catch {
    gone = true;
  }
  assert.ok(gone, "lock file removed on release");
  Deno.removeSync(join(path, ".."), { recursive: true });
});

Deno.test("writer lock: shared within one process; the file goes with the last release", () => {
  const path = rollout();
  const a = WriterLock.acquire(path, "t2");
  const b = WriterLock.acquire(path, "t2");
  a.release();
  a.release();
  assertEquals(Deno.readTextFileSync(lockPathOf(path)).split("\n")[0], String(Deno.pid));
  b.release();
  assert.ok(!Deno.readDirSync(join(path, "..")).some((e) => e.name.endsWith(".lock")));
  Deno.removeSync(join(path, ".."), { recursive: true });
});

Deno.test("cutTornTail: only bytes after the last newline go", () => {
  const path = rollout();
  Deno.writeTextFileSync(path, "a\nb\ntorn");
  assertEquals(cutTornTail(path), 4);
  assertEquals(Deno.readTextFileSync(path), "a\nb\n");
  assertEquals(cutTornTail(path), 0);
  Deno.writeTextFileSync(path, "x".repeat(100_000));
  assertEquals(cutTornTail(path), 100_000);
  assertEquals(Deno.readTextFileSync(path), "");
  assertEquals(cutTornTail(path), 0);
  Deno.writeTextFileSync(path, "line\n" + "y".repeat(70_000));
  assertEquals(cutTornTail(path), 70_000);
  assertEquals(Deno.readTextFileSync(path), "line\n");
  Deno.removeSync(join(path, ".."), { recursive: true });
});

Deno.test("writer lock: taking over a dead writer's lock ends the commands it left running", async () => {
  const path = rollout();
  const deadTag = crypto.randomUUID();
  // What a killed writer leaves: its lock file, and a command carrying its tag.
  Deno.writeTextFileSync(lockPathOf(path), `999999\n${deadTag}\n`);
  const orphan = new Deno.Command("sleep", {
    args: ["309"],
    env: { [PROCESS_TAG_VAR]: deadTag },
    stdout: "null",
    stderr: "null",
  }).spawn();
  const bystander = new Deno.Command("sleep", { args: ["310"], stdout: "null", stderr: "null" }).spawn();
  try {
    await new Promise((r) => setTimeout(r, 100)); // let exec() replace the environment
    const lock = WriterLock.acquire(path, "t3");
    assertEquals([lock.staleHolder, lock.orphansEnded], [999999, 1]);
    assertEquals((await orphan.status).signal, "SIGKILL");
    lock.release();
  } finally {
    bystander.kill("SIGKILL");
    await bystander.status;
    Deno.removeSync(join(path, ".."), { recursive: true });
  }
});
