/**
 * Sandbox backends, for real: each escape attempt (write outside the roots, write into `.git`, a TCP
 * connection, writes under read-only) runs through the landlock and bwrap backends and must fail, and
 * the very same command must succeed through `none`, which proves each test can fail.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bwrapSandbox } from "./bwrap/mod.ts";
import { landlockSandbox } from "./landlock/mod.ts";
import { noneSandbox } from "./none/mod.ts";
import { resolveSandboxPolicy } from "../src/config/resolve.ts";
import type { SandboxBackend, SandboxPolicy } from "../src/kernel/sandbox.ts";

const landlockOk = await landlockSandbox.available();
const bwrapOk = await bwrapSandbox.available();
for (const [id, a] of [["landlock", landlockOk], ["bwrap", bwrapOk]] as const) {
  if (!a.ok) console.log(`NOTE: ${id} sandbox tests are skipped: ${a.reason}`);
}

const scratchDirs: string[] = [];
globalThis.addEventListener("unload", () => {
  for (const d of scratchDirs) Deno.removeSync(d, { recursive: true });
});

/** A scratch area outside /tmp (so /tmp is a separate writable root, as on a developer machine). */
function scratch(prefix: string): string {
  const dir = Deno.makeTempDirSync({ dir: existsSync("/var/tmp") ? "/var/tmp" : undefined, prefix });
  scratchDirs.push(dir);
  return dir;
}

interface Fixture {
  ws: string;
  outside: string;
  policy: SandboxPolicy;
  readOnly: SandboxPolicy;
}

/** A git workspace with `src/` and a file, an outside directory with a file, and policies for it. */
function fixture(): Fixture {
  const base = scratch("codex-sandbox-test-");
  const ws = join(base, "ws");
  const outside = join(base, "outside");
  mkdirSync(join(ws, "src"), { recursive: true });
  mkdirSync(outside);
  const git = new Deno.Command("git", { args: ["init", "-q", ws], stdout: "null", stderr: "null" })
    .outputSync();
  assert.ok(git.success, "git init failed");
  writeFileSync(join(ws, "README"), "workspace readme\n");
  writeFileSync(join(outside, "secret.txt"), "outside content\n");
  const env = (k: string) => (k === "TMPDIR" ? undefined : Deno.env.get(k));
  const policy = resolveSandboxPolicy({ sandbox_mode: "workspace-write" }, { cwd: ws, env });
  const readOnly = resolveSandboxPolicy({ sandbox_mode: "read-only" }, { cwd: ws, env });
  return { ws, outside, policy, readOnly };
}

interface Run {
  code: number;
  out: string;
}

/** Runs `script` with sh through `backend` under `policy`. */
async function run(
  backend: SandboxBackend,
  policy: SandboxPolicy,
  cwd: string,
  script: string,
): Promise<Run> {
  const env = {
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    HOME: Deno.env.get("HOME") ?? "/root",
    LANG: "C.UTF-8",
  };
  const spec = await backend.wrap({ argv: ["sh", "-c", script], cwd, env }, policy);
  const out = await new Deno.Command(spec.argv[0], {
    args: spec.argv.slice(1),
    cwd: spec.cwd,
    env: spec.env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, out: dec.decode(out.stdout) + dec.decode(out.stderr) };
}

const BACKENDS: [SandboxBackend, boolean][] = [[landlockSandbox, landlockOk.ok], [bwrapSandbox, bwrapOk.ok]];

for (const [backend, ok] of BACKENDS) {
  const id = backend.id;
  const test = (name: string, fn: () => Promise<void>) =>
    Deno.test({ name: `${id}: ${name}`, ignore: !ok, sanitizeResources: false, fn });

  test("writing outside the writable roots fails; the same write succeeds without a sandbox", async () => {
    const f = fixture();
    const target = join(f.outside, "escaped.txt");
    const denied = await run(backend, f.policy, f.ws, `echo pwned > '${target}'`);
    assert.notEqual(denied.code, 0, denied.out);
    assert.match(denied.out, id === "bwrap" ? /Read-only file system/ : /Permission denied/);
    assert.equal(existsSync(target), false);
    const free = await run(noneSandbox, f.policy, f.ws, `echo pwned > '${target}'`);
    assert.equal(free.code, 0, free.out);
    assert.equal(readFileSync(target, "utf8"), "pwned\n");
  });

  test("writing into the workspace's .git fails (new file, existing file, new hook)", async () => {
    const f = fixture();
    assert.ok(f.policy.readOnlyPaths.includes(join(f.ws, ".git")), "resolveSandboxPolicy must protect .git");
    const config = readFileSync(join(f.ws, ".git/config"), "utf8");
    for (
      const script of [
        "echo x > .git/evil",
        "echo '[x]' >> .git/config",
        "echo 'rm -rf ~' > .git/hooks/pre-commit",
      ]
    ) {
      const r = await run(backend, f.policy, f.ws, script);
      assert.notEqual(r.code, 0, `${script}: ${r.out}`);
    }
    assert.equal(existsSync(join(f.ws, ".git/evil")), false);
    assert.equal(existsSync(join(f.ws, ".git/hooks/pre-commit")), false);
    assert.equal(readFileSync(join(f.ws, ".git/config"), "utf8"), config);
    const free = await run(noneSandbox, f.policy, f.ws, "echo x > .git/evil");
    assert.equal(free.code, 0, free.out);
    assert.equal(readFileSync(join(f.ws, ".git/evil"), "utf8"), "x\n");
  });

  test("writing inside the workspace and in /tmp works", async () => {
    const f = fixture();
    const tmpName = `/tmp/codex-sandbox-${id}-${crypto.randomUUID()}`;
    const r = await run(
      backend,
      f.policy,
      f.ws,
      `echo one > src/new.txt && echo two >> README && mkdir -p src/deep/er && echo three > '${tmpName}'`,
    );
    try {
      assert.equal(r.code, 0, r.out);
      assert.equal(readFileSync(join(f.ws, "src/new.txt"), "utf8"), "one\n");
      assert.equal(readFileSync(join(f.ws, "README"), "utf8"), "workspace readme\ntwo\n");
      assert.equal(existsSync(join(f.ws, "src/deep/er")), true);
      assert.equal(readFileSync(tmpName, "utf8"), "three\n");
    } finally {
      try {
        Deno.removeSync(tmpName);
      } catch { /* not created */ }
    }
  });

  test("reading a file still works after a denied write to it", async () => {
    const f = fixture();
    const secret = join(f.outside, "secret.txt");
    const r = await run(
      backend,
      f.policy,
      f.ws,
      `echo overwritten > '${secret}'; echo "write=$?"; cat '${secret}'`,
    );
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /write=[12]\n/);
    assert.match(r.out, /outside content\n/);
    assert.equal(readFileSync(secret, "utf8"), "outside content\n");
    const free = await run(noneSandbox, f.policy, f.ws, `echo overwritten > '${secret}'; cat '${secret}'`);
    assert.equal(free.out, "overwritten\n");
  });

  test("a TCP connection to a loopback listener fails with network off; so does a UNIX one", async () => {
    const f = fixture();
    const tcp = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const sockPath = join(f.ws, "src", "s.sock");
    const unix = Deno.listen({ transport: "unix", path: sockPath });
    const accepts = (async () => {
      for await (const c of unix) c.close();
    })();
    try {
      const connect = `exec 3<>/dev/tcp/127.0.0.1/${tcp.addr.port} && echo connected`;
      const denied = await run(backend, f.policy, f.ws, `bash -c '${connect}'`);
      assert.notEqual(denied.code, 0, denied.out);
      assert.equal(denied.out.includes("connected"), false);
      assert.match(denied.out, /Operation not permitted/);
      const free = await run(noneSandbox, f.policy, f.ws, `bash -c '${connect}'`);
      assert.equal(free.code, 0, free.out);
      assert.equal(free.out, "connected\n");
      const perl =
        `perl -MIO::Socket::UNIX -e 'IO::Socket::UNIX->new(Peer => "${sockPath}") or die "unix: $!\\n"; print "unix ok\\n"'`;
      // connect() is denied for every socket (only UNIX ones can exist): a socket outside, such as the
      // user's ssh agent, must be out of reach, and seccomp cannot tell inside from outside.
      const local = await run(backend, f.policy, f.ws, perl);
      assert.notEqual(local.code, 0, local.out);
      assert.match(local.out, /unix: Operation not permitted/);
      const freeUnix = await run(noneSandbox, f.policy, f.ws, perl);
      assert.equal(freeUnix.out, "unix ok\n");
    } finally {
      tcp.close();
      unix.close();
      await accepts.catch(() => {});
    }
  });

  test("read-only: nothing is writable, /dev/null is", async () => {
    const f = fixture();
    const tmpName = `/tmp/codex-sandbox-ro-${crypto.randomUUID()}`;
    for (
      const script of ["echo x > src/a.txt", "echo x >> README", `echo x > '${tmpName}'`, "mkdir newdir"]
    ) {
      const r = await run(backend, f.readOnly, f.ws, script);
      assert.notEqual(r.code, 0, `${script}: ${r.out}`);
    }
    assert.equal(existsSync(join(f.ws, "src/a.txt")), false);
    assert.equal(existsSync(tmpName), false);
    assert.equal(readFileSync(join(f.ws, "README"), "utf8"), "workspace readme\n");
    const ok = await run(backend, f.readOnly, f.ws, "echo x > /dev/null && cat README");
    assert.equal(ok.code, 0, ok.out);
    assert.equal(ok.out, "workspace readme\n");
    const free = await run(noneSandbox, f.readOnly, f.ws, "echo x > src/a.txt");
    assert.equal(free.code, 0, free.out);
  });

  test("danger-full-access leaves the command unwrapped", async () => {
    const spec = { argv: ["true"], cwd: "/", env: {} };
    const full: SandboxPolicy = {
      mode: "danger-full-access",
      writableRoots: [],
      readOnlyPaths: [],
      networkAccess: true,
    };
    assert.deepEqual(await backend.wrap(spec, full), spec);
  });
}

Deno.test({
  name: "landlock: the command inherits no_new_privs and the seccomp filter (also with network on)",
  ignore: !landlockOk.ok,
  fn: async () => {
    const f = fixture();
    const status = "grep -E '^(NoNewPrivs|Seccomp):' /proc/self/status";
    const off = await run(landlockSandbox, f.policy, f.ws, status);
    assert.equal(off.out, "NoNewPrivs:\t1\nSeccomp:\t2\n");
    const on = await run(landlockSandbox, { ...f.policy, networkAccess: true }, f.ws, status);
    assert.equal(on.out, "NoNewPrivs:\t1\nSeccomp:\t2\n");
    const none = await run(noneSandbox, f.policy, f.ws, status);
    assert.equal(none.out, "NoNewPrivs:\t0\nSeccomp:\t0\n");
  },
});

Deno.test({
  name: "landlock: SIGPIPE is back to its default action and the environment is the command's own",
  ignore: !landlockOk.ok,
  fn: async () => {
    const f = fixture();
    const r = await run(landlockSandbox, f.policy, f.ws, "grep '^SigIgn:' /proc/self/status; env | sort");
    const plain = await run(noneSandbox, f.policy, f.ws, "grep '^SigIgn:' /proc/self/status");
    // Deno ignores SIGPIPE (bit 13); an ignored signal would survive execve. Nothing is ignored beyond
    // what a plain spawn inherits.
    const mask = (line: string) => BigInt(`0x${line.split("\t")[1]}`);
    const sandboxed = mask(r.out.split("\n")[0]);
    assert.equal(sandboxed & 0x1000n, 0n);
    assert.equal(sandboxed & ~mask(plain.out.trim()), 0n);
    const vars = r.out.split("\n").slice(1).filter(Boolean).map((l) => l.split("=")[0]);
    assert.deepEqual(vars.filter((v) => !["PWD", "SHLVL", "_", "OLDPWD"].includes(v)), [
      "HOME",
      "LANG",
      "PATH",
    ]);
  },
});

Deno.test({
  name:
    "landlock: in a repository root, existing entries stay writable but new top-level entries cannot be created",
  ignore: !landlockOk.ok,
  fn: async () => {
    const f = fixture();
    const r = await run(landlockSandbox, f.policy, f.ws, "echo x > new-top.txt");
    assert.notEqual(r.code, 0, r.out);
    assert.equal(existsSync(join(f.ws, "new-top.txt")), false);
    // Without an existing .git, .git/.codex/.agents are still protected (missing): nothing new can appear
    // at the top (not even a `.git` file), while subdirectories stay fully writable.
    const plain = join(scratch("codex-sandbox-plain-"), "ws");
    mkdirSync(plain);
    const env = (k: string) => (k === "TMPDIR" ? undefined : Deno.env.get(k));
    const policy = resolveSandboxPolicy({ sandbox_mode: "workspace-write" }, { cwd: plain, env });
    assert.deepEqual(policy.readOnlyPaths, [".git", ".codex", ".agents"].map((n) => join(plain, n)));
    mkdirSync(join(plain, "sub"));
    writeFileSync(join(plain, "top.txt"), "old\n");
    const ok = await run(
      landlockSandbox,
      policy,
      plain,
      "echo x > top.txt && mkdir -p sub/a/b && echo y > sub/a/f",
    );
    assert.equal(ok.code, 0, ok.out);
    assert.equal(readFileSync(join(plain, "top.txt"), "utf8"), "x\n");
    for (
      const script of ["mkdir .codex", "mkdir other", "ln -s /var/tmp .codex", "echo 'gitdir: /x' > .git"]
    ) {
      const denied = await run(landlockSandbox, policy, plain, script);
      assert.notEqual(denied.code, 0, `${script}: ${denied.out}`);
    }
    assert.equal(existsSync(join(plain, ".codex")), false);
    assert.equal(existsSync(join(plain, ".git")), false);
  },
});

Deno.test({
  name: "landlock: a missing command exits 127 with a message naming it",
  ignore: !landlockOk.ok,
  fn: async () => {
    const f = fixture();
    const spec = await landlockSandbox.wrap({
      argv: ["no-such-command-xyz"],
      cwd: f.ws,
      env: { PATH: "/usr/bin:/bin" },
    }, f.policy);
    const out = await new Deno.Command(spec.argv[0], {
      args: spec.argv.slice(1),
      env: spec.env,
      clearEnv: true,
      stderr: "piped",
      stdout: "null",
    }).output();
    assert.equal(out.code, 127);
    assert.match(
      new TextDecoder().decode(out.stderr),
      /^codex sandbox: no-such-command-xyz: execvp\(no-such-command-xyz\) failed: No such file or directory/,
    );
  },
});
