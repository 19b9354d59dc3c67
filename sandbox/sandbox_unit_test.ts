/**
 * Sandbox pieces that need no kernel support: Landlock rule plans on a fake tree, the seccomp program
 * (run through a small classic-BPF interpreter), bubblewrap argv, seatbelt profile text, backend choice
 * and the helper's argument parsing.
 */
import assert from "node:assert/strict";
import { bwrapArgs, ISOLATION_ARGS } from "./bwrap/mod.ts";
import { chooseSandbox, probeSandboxes } from "./mod.ts";
import { archInfo } from "./landlock/ffi.ts";
import { parseHelperArgs } from "./landlock/helper.ts";
import { isCompiledBinary, wrapWithHelper } from "./landlock/mod.ts";
import {
  FILE_ACCESS_MASK,
  type FsView,
  handledAccess,
  MAKE_ANY,
  planRules,
  READ_ACCESS,
} from "./landlock/ruleset.ts";
import { type BpfInstruction, encodeFilter, networkFilter, RET, sandboxFilter } from "./landlock/seccomp.ts";
import { seatbeltArgv, seatbeltProfile } from "./seatbelt/mod.ts";
import { noneSandbox } from "./none/mod.ts";
import { PluginError } from "../src/kernel/errors.ts";
import type { SandboxBackend, SandboxPolicy } from "../src/kernel/sandbox.ts";

const ws = (over: Partial<SandboxPolicy> = {}): SandboxPolicy => ({
  mode: "workspace-write",
  writableRoots: ["/w", "/tmp"],
  readOnlyPaths: ["/w/.git", "/w/.codex"],
  networkAccess: false,
  ...over,
});

// ---------------------------------------------------------------- landlock rule plans

/** A fake tree: paths ending in "/" are directories. */
function fakeFs(paths: string[]): FsView {
  const set = new Set(paths);
  const kind = (p: string) => (set.has(`${p}/`) || p === "/" ? "dir" : set.has(p) ? "file" : undefined);
  return {
    kind,
    list: (dir) =>
      [...set].map((p) => p.replace(/\/$/, "")).filter((p) =>
        p.startsWith(`${dir}/`) && !p.slice(dir.length + 1).includes("/")
      )
        .map((p) => p.slice(dir.length + 1)),
    real: (p) => (kind(p) ? p : undefined),
  };
}

Deno.test("handledAccess grows with the Landlock ABI (IOCTL_DEV is never handled)", () => {
  assert.equal(handledAccess(1), 0x1fff);
  assert.equal(handledAccess(2), 0x3fff);
  assert.equal(handledAccess(3), 0x7fff);
  assert.equal(handledAccess(7), 0x7fff);
});

Deno.test("planRules: read-only grants read on / and write only on the harmless devices", () => {
  const fs = fakeFs(["/dev/", "/dev/null", "/dev/zero", "/w/"]);
  const rules = planRules(ws({ mode: "read-only" }), 3, fs);
  const fileWrite = (READ_ACCESS | handledAccess(3)) & FILE_ACCESS_MASK;
  assert.deepEqual(rules, [
    { path: "/", access: READ_ACCESS },
    { path: "/dev/null", access: fileWrite },
    { path: "/dev/zero", access: fileWrite },
  ]);
});

Deno.test("planRules: a root with an existing .git is granted child by child, .git left out", () => {
  const fs = fakeFs(["/w/", "/w/.git/", "/w/.git/config", "/w/src/", "/w/README", "/tmp/"]);
  const all = handledAccess(3);
  const rules = planRules(ws(), 3, fs).filter((r) => r.path !== "/");
  assert.deepEqual(rules, [
    { path: "/w/src", access: all },
    { path: "/w/README", access: (READ_ACCESS | all) & FILE_ACCESS_MASK },
    { path: "/tmp", access: all },
  ]);
});

Deno.test("planRules: only a missing .codex below a root keeps the root minus creating entries", () => {
  const fs = fakeFs(["/w/", "/w/src/", "/w/README", "/tmp/"]);
  const all = handledAccess(3);
  const rules = planRules(ws(), 3, fs).filter((r) => r.path !== "/");
  assert.deepEqual(rules, [
    // Not even a regular file: a `.git` file ("gitdir: /elsewhere") would redirect git.
    { path: "/w", access: all & ~MAKE_ANY },
    { path: "/w/src", access: all },
    { path: "/tmp", access: all },
  ]);
});

Deno.test("planRules: a protected path under a nested root is protected from the outer root too", () => {
  // cwd inside /tmp: the /tmp grant must not cover /tmp/p/w/.git.
  const fs = fakeFs(["/tmp/", "/tmp/other/", "/tmp/p/", "/tmp/p/w/", "/tmp/p/w/.git/", "/tmp/p/w/src/"]);
  const policy = ws({ writableRoots: ["/tmp/p/w", "/tmp"], readOnlyPaths: ["/tmp/p/w/.git"] });
  const paths = planRules(policy, 3, fs).map((r) => r.path);
  assert.deepEqual(paths, ["/", "/tmp/p/w/src", "/tmp/other", "/tmp/p/w/src"]);
  assert.equal(paths.some((p) => p === "/tmp" || p === "/tmp/p" || p === "/tmp/p/w"), false);
});

// ---------------------------------------------------------------- seccomp

/** Runs a classic BPF seccomp program on one syscall; returns the action value. */
function runBpf(
  prog: BpfInstruction[],
  data: { arch: number; nr: number; arg0: number; args?: number[] },
): number {
  let acc = 0;
  const args = data.args ?? [data.arg0];
  for (let pc = 0; pc < prog.length;) {
    const ins = prog[pc];
    if (ins.code === 0x20) {
      if (ins.k === 0) acc = data.nr;
      else if (ins.k === 4) acc = data.arch;
      else if (ins.k >= 16 && (ins.k - 16) % 8 === 0) acc = args[(ins.k - 16) / 8] ?? 0; // low word
      else if (ins.k >= 20 && (ins.k - 20) % 8 === 0) acc = 0; // high word (test args are < 2^32)
      else acc = NaN;
      pc++;
    } else if (ins.code === 0x15) pc += 1 + (acc === ins.k ? ins.jt : ins.jf);
    else if (ins.code === 0x35) pc += 1 + (acc >>> 0 >= ins.k ? ins.jt : ins.jf);
    else if (ins.code === 0x06) return ins.k >>> 0;
    else throw new Error(`unexpected opcode ${ins.code}`);
  }
  throw new Error("fell off the end of the program");
}

for (const archName of ["x86_64", "aarch64"]) {
  Deno.test(`seccomp filter (${archName}): only AF_UNIX sockets, no io_uring, foreign arch killed`, () => {
    const arch = archInfo(archName)!;
    const prog = networkFilter(arch);
    const call = (nr: number, arg0 = 0, a = arch.auditArch) => runBpf(prog, { arch: a, nr, arg0 });
    const EPERM = RET.ERRNO | 1;
    assert.equal(call(arch.socket, 1), RET.ALLOW); // AF_UNIX
    assert.equal(call(arch.socket, 2), EPERM); // AF_INET
    assert.equal(call(arch.socket, 10), EPERM); // AF_INET6
    assert.equal(call(arch.socket, 16), EPERM); // AF_NETLINK
    for (const nr of [425, 426, 427]) assert.equal(call(nr), EPERM);
    assert.equal(call(arch.prctl), RET.ALLOW);
    assert.equal(call(0), RET.ALLOW);
    assert.equal(call(arch.socket, 1, 0x40000003), RET.KILL_PROCESS); // i386
    if (arch.x32Bit) assert.equal(call(arch.x32Bit | arch.socket, 1), RET.KILL_PROCESS);
    const bytes = encodeFilter(prog);
    assert.equal(bytes.length, prog.length * 8);
    assert.deepEqual([...bytes.subarray(0, 8)], [0x20, 0, 0, 0, 4, 0, 0, 0]);
  });
}

for (const archName of ["x86_64", "aarch64"]) {
  Deno.test(`shared seccomp filter (${archName}): connect, ptrace, mounts, TIOCSTI denied; options`, () => {
    const arch = archInfo(archName)!;
    const EPERM = RET.ERRNO | 1;
    const off = sandboxFilter(arch, { network: false, denySetsid: true, denyMetadata: true });
    const on = sandboxFilter(arch, { network: true });
    const call = (prog: BpfInstruction[], nr: number, args: number[] = []) =>
      runBpf(prog, { arch: arch.auditArch, nr, arg0: args[0] ?? 0, args });
    // Network off: no connect at all (only UNIX sockets exist, and the ones outside must stay out of
    // reach), no datagram with a destination, no socketpair of another family.
    assert.equal(call(off, arch.connect, [3]), EPERM);
    assert.equal(call(off, arch.sendto, [3, 0, 0, 0, 0x1000]), EPERM);
    assert.equal(call(off, arch.sendto, [3, 0, 0, 0, 0]), RET.ALLOW);
    assert.equal(call(off, arch.sendmmsg), EPERM);
    assert.equal(call(off, arch.socketpair, [1]), RET.ALLOW);
    assert.equal(call(off, arch.socketpair, [2]), EPERM);
    assert.equal(call(off, arch.socket, [16]), EPERM);
    // Always: ptrace, reading/writing other processes' memory, mounts, terminal injection.
    for (const prog of [off, on]) {
      assert.equal(call(prog, arch.ptrace), EPERM);
      for (const nr of [...arch.processVm, ...arch.mount]) assert.equal(call(prog, nr), EPERM);
      assert.equal(call(prog, arch.ioctl, [0, 0x5412]), EPERM); // TIOCSTI
      assert.equal(call(prog, arch.ioctl, [0, 0x541c]), EPERM); // TIOCLINUX
      assert.equal(call(prog, arch.ioctl, [0, 0x5401]), RET.ALLOW); // TCGETS
    }
    assert.equal(call(off, arch.setsid), EPERM);
    for (const nr of arch.metadata) assert.equal(call(off, nr), EPERM);
    // Network on, no options: sockets, connect, setsid and chmod are fine.
    for (const nr of [arch.connect, arch.sendto, arch.setsid, ...arch.metadata]) {
      assert.equal(call(on, nr, [2, 0, 0, 0, 0x1000]), RET.ALLOW);
    }
    assert.equal(call(on, arch.socket, [2]), RET.ALLOW);
  });
}

// ---------------------------------------------------------------- landlock wrap and helper args

Deno.test("landlock wrap re-runs the CLI as the helper with the policy, restoring Deno's own env", () => {
  const spec = { argv: ["ls", "-la"], cwd: "/w", env: { PATH: "/bin", DENO_DIR: "/user/deno" } };
  const wrapped = wrapWithHelper(spec, ws());
  const i = wrapped.argv.indexOf("sandbox-exec-helper");
  assert.ok(i > 0);
  assert.equal(wrapped.argv[0], Deno.execPath());
  assert.equal(isCompiledBinary(), false);
  assert.deepEqual(wrapped.argv.slice(i + 3), ["--", "ls", "-la"]);
  const { payload, argv } = parseHelperArgs(wrapped.argv.slice(i + 1));
  assert.deepEqual(argv, ["ls", "-la"]);
  assert.deepEqual(payload.policy, ws());
  assert.equal(wrapped.cwd, "/w");
  // Whatever the helper's runtime needed is put back before exec.
  for (const [k, v] of Object.entries(payload.restoreEnv ?? {})) {
    assert.equal(v, (spec.env as Record<string, string>)[k] ?? null);
  }
  assert.equal(payload.restoreEnv?.DENO_NO_UPDATE_CHECK, null);
});

Deno.test("helper argument errors say what was expected", () => {
  assert.throws(() => parseHelperArgs(["ls"]), /expected '--policy <json> -- CMD...', found 'ls'/);
  assert.throws(() => parseHelperArgs(["--policy", "{}", "--"]), /expected a command after '--'/);
  assert.throws(() => parseHelperArgs(["--policy", "nope", "--", "ls"]), /expected JSON after --policy/);
  assert.throws(
    () => parseHelperArgs(["--policy", '{"policy":{}}', "--", "ls"]),
    /expected --policy to hold/,
  );
});

// ---------------------------------------------------------------- bwrap

Deno.test("bwrapArgs: isolation first, read-only view, writable roots parents first, every protected path masked", () => {
  const exists = (p: string) => p !== "/w/.codex" && p !== "/tmp/p/w/.agents";
  const policy = ws({
    writableRoots: ["/tmp/p/w", "/tmp"],
    readOnlyPaths: ["/tmp/p/w/.git", "/tmp/p/w/.agents", "/w/.codex"],
  });
  assert.deepEqual(bwrapArgs({ argv: ["sh", "-c", "x"], cwd: "/tmp/p/w", env: {} }, policy, exists, true), [
    "--new-session",
    "--die-with-parent",
    "--unshare-user",
    "--unshare-pid",
    "--unshare-ipc",
    "--unshare-uts",
    "--unshare-cgroup-try",
    "--cap-drop",
    "ALL",
    "--unshare-net",
    "--ro-bind",
    "/",
    "/",
    "--dev",
    "/dev",
    "--bind",
    "/tmp",
    "/tmp",
    "--bind",
    "/tmp/p/w",
    "/tmp/p/w",
    // A missing protected path inside a bound root gets an empty read-only tmpfs; one outside every
    // root (/w/.codex) needs nothing: / is read-only.
    "--tmpfs",
    "/tmp/p/w/.agents",
    "--remount-ro",
    "/tmp/p/w/.agents",
    "--ro-bind",
    "/tmp/p/w/.git",
    "/tmp/p/w/.git",
    "--proc",
    "/proc",
    "--seccomp",
    "3",
    "--chdir",
    "/tmp/p/w",
    "--",
    "sh",
    "-c",
    "x",
  ]);
  const ro = bwrapArgs(
    { argv: ["true"], cwd: "/", env: {} },
    ws({ mode: "read-only", networkAccess: true }),
    exists,
  );
  assert.deepEqual(ro, [
    ...ISOLATION_ARGS,
    "--ro-bind",
    "/",
    "/",
    "--dev",
    "/dev",
    "--proc",
    "/proc",
    "--chdir",
    "/",
    "--",
    "true",
  ]);
});

// ---------------------------------------------------------------- seatbelt

Deno.test("seatbelt profile: deny by default, writable roots as params with protected subpaths excluded", () => {
  const profile = seatbeltProfile(ws());
  assert.ok(profile.text.startsWith("(version 1)\n(deny default)\n"));
  assert.ok(profile.text.includes("(allow file-read*)"));
  assert.ok(profile.text.includes(
    `(allow file-write*\n  (require-all (subpath (param "WRITABLE_ROOT_0")) (require-not (subpath (param "WRITABLE_ROOT_0_RO_0")))` +
      ` (require-not (subpath (param "WRITABLE_ROOT_0_RO_1"))))\n  (subpath (param "WRITABLE_ROOT_1"))\n)`,
  ));
  assert.equal(profile.text.includes("(allow network-outbound)"), false);
  assert.deepEqual(profile.params, [
    ["WRITABLE_ROOT_0", "/w"],
    ["WRITABLE_ROOT_0_RO_0", "/w/.git"],
    ["WRITABLE_ROOT_0_RO_1", "/w/.codex"],
    ["WRITABLE_ROOT_1", "/tmp"],
  ]);
  const net = seatbeltProfile(ws({ networkAccess: true }));
  assert.ok(net.text.includes("(allow network-outbound)\n(allow network-inbound)\n(allow system-socket)"));
  const ro = seatbeltProfile(ws({ mode: "read-only" }));
  assert.equal(ro.text.includes("file-write* "), false);
  assert.equal(ro.text.includes("(allow file-write*"), false);
  assert.deepEqual(ro.params, []);
  const argv = seatbeltArgv(
    ["ls", "-l"],
    ws({ writableRoots: ["/tmp"], readOnlyPaths: [] }),
    (p) => `/private${p}`,
  );
  assert.deepEqual(argv.slice(0, 2), ["/usr/bin/sandbox-exec", "-p"]);
  assert.deepEqual(argv.slice(3), ["-DWRITABLE_ROOT_0=/private/tmp", "--", "ls", "-l"]);
});

// ---------------------------------------------------------------- choosing a backend

function fake(id: string, priority: number, ok: boolean): SandboxBackend {
  return {
    id,
    priority,
    available: () => Promise.resolve({ ok, reason: ok ? `${id} works` : `${id} is broken` }),
    wrap: (spec) => Promise.resolve(spec),
  };
}

Deno.test("chooseSandbox probes by priority, reports skipped backends, honours sandbox_backend", async () => {
  const backends = [noneSandbox, fake("b", 20, true), fake("a", 10, false)];
  const auto = await chooseSandbox(backends, ws());
  assert.equal(auto.backend.id, "b");
  assert.equal(auto.reason, "b works (skipped: a: a is broken)");
  assert.deepEqual((await probeSandboxes(backends)).map((p) => [p.backend.id, p.availability.ok]), [
    ["a", false],
    ["b", true],
    ["none", true],
  ]);
  const forced = await chooseSandbox(backends, ws(), { forced: "none" });
  assert.equal(forced.backend.id, "none");
  assert.match(forced.reason, /forced by sandbox_backend$/);
  await assert.rejects(
    chooseSandbox(backends, ws(), { forced: "a" }),
    (e) =>
      e instanceof PluginError && e.message === 'sandbox_backend = "a" is not available here: a is broken',
  );
  await assert.rejects(
    chooseSandbox(backends, ws(), { forced: "firejail" }),
    (e) =>
      e instanceof PluginError &&
      e.message === 'sandbox_backend: expected "auto" or one of "a", "b", "none", found "firejail"',
  );
  await assert.rejects(
    chooseSandbox(backends, ws(), { only: ["a"] }),
    (e) => e instanceof PluginError && e.message === "no sandbox backend is available (a): a: a is broken",
  );
  const full = await chooseSandbox(backends, ws({ mode: "danger-full-access" }), { forced: "b" });
  assert.equal(full.backend.id, "none");
  assert.equal(full.reason, "danger-full-access: no sandbox requested");
});
