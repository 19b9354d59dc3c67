/**
 * The permanent sandbox escape probe suite: one probe per hole of issue #11 plus the classics (`../`,
 * symlink, hardlink, rename, `/proc/<pid>/root`, TCP/UDP over IPv4/IPv6, raw and netlink sockets,
 * ptrace), for each Linux backend, as root and as an unprivileged user (`nobody`, through `setpriv`).
 *
 * Every probe runs twice in fresh directories: without a sandbox first, where it must escape (else
 * the probe proves nothing and is reported as inconclusive for that user), then sandboxed, where it
 * must not. A probe escapes when it prints ESCAPED or leaves its mark on the host (a file outside the
 * roots, a killed process, a surviving daemon). Nothing depends on the host's /tmp: the fixture lives
 * in a fresh directory under /var/tmp (or the system temp dir), with its own TMPDIR.
 *
 * The apply_patch, approval and environment holes are probed at the tool level in
 * sandbox/sandbox_holes_test.ts.
 * @module
 */
import assert from "node:assert/strict";
import { existsSync, lstatSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { resolveSandboxPolicy } from "../../src/config/resolve.ts";
import type { SandboxPolicy } from "../../src/kernel/sandbox.ts";
import type { ProbeRequest, ProbeResponse, ProbeRun } from "../helpers/sandbox_probe_runner.ts";

const RUNNER = fileURLToPath(new URL("../helpers/sandbox_probe_runner.ts", import.meta.url));
const CONFIG = fileURLToPath(new URL("../../deno.json", import.meta.url));
const PY = "/usr/bin/python3";
const isRoot = Deno.uid() === 0;
const isLinux = Deno.build.os === "linux";

/** Who runs the probes. */
interface ProbeUser {
  label: string;
  uid: number;
  gid: number;
}

function nobody(): ProbeUser | string {
  if (!isRoot) return "the unprivileged run needs root to switch users (this test runs as a user already)";
  if (!existsSync("/usr/bin/setpriv")) return "setpriv (util-linux) is not installed";
  try {
    const line = Deno.readTextFileSync("/etc/passwd").split("\n").find((l) => l.startsWith("nobody:"));
    if (!line) return "there is no 'nobody' user";
    const [, , uid, gid] = line.split(":");
    return { label: "nobody", uid: Number(uid), gid: Number(gid) };
  } catch {
    return "cannot read /etc/passwd";
  }
}

const ME: ProbeUser = { label: isRoot ? "root" : "user", uid: Deno.uid() ?? 0, gid: Deno.gid() ?? 0 };

/** The fixture of one batch: a workspace, extra workspace roots, an outside dir, a private TMPDIR. */
interface Fixture {
  dir: string;
  work: string;
  /** Extra roots for the probes that plant protected names (one each, so they do not interfere). */
  roots: Record<string, string>;
  outside: string;
  tmp: string;
  tcp4: Deno.TcpListener;
  tcp6?: Deno.TcpListener;
  unixPath: string;
  unix: Deno.UnixListener;
  abstractName: string;
  children: Deno.ChildProcess[];
  victims: Record<string, number>;
  shmId?: string;
  marker: string;
  nonce: string;
  user: ProbeUser;
  policy: SandboxPolicy;
  readOnly: SandboxPolicy;
}

const PLANT_ROOTS = ["dotcodex", "gitinit", "gitfile", "dotagents"];

function chownR(path: string, user: ProbeUser): void {
  if (!isRoot || user.uid === 0) return;
  Deno.chownSync(path, user.uid, user.gid);
  if (Deno.lstatSync(path).isDirectory) {
    for (const e of Deno.readDirSync(path)) chownR(join(path, e.name), user);
  }
}

function asUser(user: ProbeUser, argv: string[]): string[] {
  if (user.uid === Deno.uid()) return argv;
  return ["/usr/bin/setpriv", `--reuid=${user.uid}`, `--regid=${user.gid}`, "--clear-groups", ...argv];
}

async function setup(user: ProbeUser): Promise<Fixture> {
  const base = existsSync("/var/tmp") ? "/var/tmp" : undefined;
  const dir = await Deno.makeTempDir({ dir: base, prefix: "codex-probes-" });
  Deno.chmodSync(dir, 0o755);
  const work = join(dir, "work");
  const outside = join(dir, "outside");
  const tmp = join(dir, "tmp");
  const roots: Record<string, string> = {};
  for (const d of [work, join(work, "sub"), outside, tmp]) Deno.mkdirSync(d);
  for (const name of PLANT_ROOTS) Deno.mkdirSync(roots[name] = join(dir, `root_${name}`));
  Deno.writeTextFileSync(join(outside, "secret"), "secret\n");
  for (const name of ["mine_ro", "mine_ws"]) {
    Deno.writeTextFileSync(join(outside, name), "mine\n");
    Deno.chmodSync(join(outside, name), 0o644);
  }
  // What a racing swap leaves behind: a directory of the workspace replaced by a link to outside.
  Deno.symlinkSync(outside, join(work, "sub", "swapped"));
  chownR(dir, user);
  // Another user's /tmp/.git (hole 10): root-owned, in the temp root.
  Deno.mkdirSync(join(tmp, ".git"));
  Deno.chmodSync(tmp, 0o1777);
  const unixPath = join(outside, "agent.sock");
  const unix = Deno.listen({ transport: "unix", path: unixPath });
  Deno.chmodSync(unixPath, 0o777);
  (async () => {
    for await (const c of unix) c.close();
  })().catch(() => {});
  const tcp4 = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  (async () => {
    for await (const c of tcp4) c.close();
  })().catch(() => {});
  let tcp6: Deno.TcpListener | undefined;
  try {
    tcp6 = Deno.listen({ hostname: "::1", port: 0 });
    (async () => {
      for await (const c of tcp6!) c.close();
    })().catch(() => {});
  } catch {
    tcp6 = undefined;
  }
  const nonce = String(Math.floor(Math.random() * 1e6)).padStart(6, "0");
  const abstractName = `codex-probe-${nonce}`;
  const children: Deno.ChildProcess[] = [];
  const spawn = (argv: string[]) => {
    const child = new Deno.Command(argv[0], {
      args: argv.slice(1),
      stdin: "null",
      stdout: "null",
      stderr: "null",
    })
      .spawn();
    children.push(child);
    return child.pid;
  };
  // An abstract UNIX socket outside (a desktop bus, another user's agent).
  spawn(asUser(user, [
    PY,
    "-c",
    `import socket,time\ns=socket.socket(socket.AF_UNIX)\ns.bind("\\0${abstractName}")\ns.listen(8)\nwhile True:\n  c,_=s.accept(); c.close()`,
  ]));
  // Processes of the same user outside the sandbox: targets for signals and ptrace.
  const victims: Record<string, number> = {};
  for (const v of ["signal", "ptrace"]) victims[v] = spawn(asUser(user, ["/bin/sleep", "600"]));
  let shmId: string | undefined;
  try {
    const out = await new Deno.Command("ipcmk", { args: ["-M", "64"], stdout: "piped", stderr: "null" })
      .output();
    shmId = /(\d+)\s*$/.exec(new TextDecoder().decode(out.stdout).trim())?.[1];
  } catch {
    shmId = undefined;
  }
  const env = (k: string) => (k === "TMPDIR" ? tmp : undefined);
  const policy = resolveSandboxPolicy(
    {
      sandbox_mode: "workspace-write",
      sandbox_workspace_write: { exclude_slash_tmp: true, writable_roots: Object.values(roots) },
    },
    { cwd: work, env },
  );
  const readOnly = resolveSandboxPolicy({ sandbox_mode: "read-only" }, { cwd: work, env });
  await new Promise((r) => setTimeout(r, 100)); // the python listener binds
  return {
    dir,
    work,
    roots,
    outside,
    tmp,
    tcp4,
    tcp6,
    unixPath,
    unix,
    abstractName,
    children,
    victims,
    shmId,
    marker: `codex-probe-marker-${nonce}`,
    nonce,
    user,
    policy,
    readOnly,
  };
}

function alive(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

/** Pids whose command line holds `needle`. */
function findProcesses(needle: string): number[] {
  const out: number[] = [];
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const cmd = Deno.readTextFileSync(`/proc/${e.name}/cmdline`).replaceAll("\0", " ");
      if (cmd.includes(needle) && alive(Number(e.name))) out.push(Number(e.name));
    } catch {
      // gone
    }
  }
  return out;
}

async function teardown(f: Fixture): Promise<void> {
  for (const c of f.children) {
    try {
      c.kill("SIGKILL");
    } catch {
      // gone
    }
    await c.status.catch(() => {});
  }
  for (const pid of findProcesses(`40${f.nonce}`)) {
    try {
      Deno.kill(pid, "SIGKILL");
    } catch {
      // gone
    }
  }
  for (const l of [f.tcp4, f.tcp6, f.unix]) {
    try {
      l?.close();
    } catch {
      // closed
    }
  }
  if (f.shmId) {
    await new Deno.Command("ipcrm", { args: ["-m", f.shmId], stderr: "null" }).output().catch(() => {});
  }
  await Deno.remove(f.dir, { recursive: true }).catch(() => {});
}

/** One probe: what it runs, and how the host shows an escape. */
interface Probe {
  name: string;
  /** Which policy it runs under (default workspace-write). */
  readOnly?: boolean;
  /** Working directory (default the workspace). */
  cwd?: (f: Fixture) => string;
  script: (f: Fixture) => string;
  /** A mark the escape leaves on the host (besides printing ESCAPED). */
  escaped?: (f: Fixture) => boolean;
  /** apply_patch writes (through the sandboxed writer) instead of a script. */
  writes?: (f: Fixture) => { absPath: string; content: string | null }[];
  /** Why it cannot run here, if so. */
  skip?: (f: Fixture) => string | undefined;
  /** For escapes a backend cannot prevent: why (the probe then asserts nothing for that backend). */
  known?: (backend: string, readOnly: boolean) => string | undefined;
}

const py = (code: string) => `${PY} -c '${code}' 2>&1`;
const ESC = 'print("ESCAPED")';

const PROBES: Probe[] = [
  {
    name: "hole 1: apply_patch writes outside the roots",
    script: () => "",
    writes: (f) => [{ absPath: join(f.outside, "patched"), content: "x\n" }],
    escaped: (f) => existsSync(join(f.outside, "patched")),
  },
  {
    name: "hole 2: apply_patch through a directory swapped for a symlink",
    script: () => "",
    writes: (f) => [{ absPath: join(f.work, "sub", "swapped", "via_link"), content: "x\n" }],
    escaped: (f) => existsSync(join(f.outside, "via_link")),
  },
  {
    name: "dotdot write",
    script: () => `echo x > ../outside/dotdot && echo ESCAPED`,
    escaped: (f) => existsSync(join(f.outside, "dotdot")),
  },
  {
    name: "absolute write",
    script: (f) => `echo x > ${f.outside}/abs && echo ESCAPED`,
    escaped: (f) => existsSync(join(f.outside, "abs")),
  },
  {
    name: "symlink",
    script: (f) => `ln -s ${f.outside} sub/link && echo x > sub/link/sym && echo ESCAPED`,
    escaped: (f) => existsSync(join(f.outside, "sym")),
  },
  {
    name: "hardlink",
    script: (f) => `ln ${f.outside}/secret sub/hl && echo pwned >> sub/hl && echo ESCAPED`,
    escaped: (f) => readFileSync(join(f.outside, "secret"), "utf-8") !== "secret\n",
  },
  {
    name: "rename",
    script: (f) => `mv ${f.outside}/secret sub/stolen && echo ESCAPED`,
    escaped: (f) => !existsSync(join(f.outside, "secret")),
  },
  {
    name: "/proc/*/root",
    script: (f) =>
      `echo x > /proc/self/root${f.outside}/procroot && echo ESCAPED; echo x > /proc/$RUNNER_PID/root${f.outside}/procroot2 && echo ESCAPED`,
    escaped: (f) => existsSync(join(f.outside, "procroot")) || existsSync(join(f.outside, "procroot2")),
  },
  {
    name: "tcp v4",
    script: (f) => `bash -c 'exec 3<>/dev/tcp/127.0.0.1/${f.tcp4.addr.port} && echo ESCAPED'`,
  },
  {
    name: "tcp v6",
    skip: (f) => f.tcp6 ? undefined : "no IPv6 loopback here",
    script: (f) => `bash -c 'exec 3<>/dev/tcp/::1/${f.tcp6!.addr.port} && echo ESCAPED'`,
  },
  {
    name: "udp v4",
    script: (f) =>
      py(
        `import socket\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\ns.sendto(b"x",("127.0.0.1",${f.tcp4.addr.port}))\n${ESC}`,
      ),
  },
  {
    name: "udp v6",
    skip: (f) => f.tcp6 ? undefined : "no IPv6 loopback here",
    script: (f) =>
      py(
        `import socket\ns=socket.socket(socket.AF_INET6,socket.SOCK_DGRAM)\ns.sendto(b"x",("::1",${
          f.tcp6!.addr.port
        }))\n${ESC}`,
      ),
  },
  {
    name: "raw socket",
    script: () => py(`import socket\nsocket.socket(socket.AF_INET,socket.SOCK_RAW,1)\n${ESC}`),
  },
  {
    name: "netlink socket",
    script: () =>
      py(`import socket\ns=socket.socket(socket.AF_NETLINK,socket.SOCK_RAW,0)\ns.bind((0,0))\n${ESC}`),
  },
  {
    name: "ptrace a process outside",
    script: (f) =>
      py(
        `import ctypes\nl=ctypes.CDLL(None,use_errno=True)\nif l.ptrace(16,${f.victims.ptrace},0,0)==0: ${ESC}`,
      ),
  },
  {
    name: "hole 3: remount / read-write",
    readOnly: true,
    script: (f) =>
      `[ -n "$SANDBOXED" ] && mount -o remount,rw,bind / 2>&1; touch ${f.outside}/remount && echo ESCAPED`,
    escaped: (f) => existsSync(join(f.outside, "remount")),
  },
  {
    name: "hole 4: host SysV shared memory",
    skip: (f) => f.shmId ? undefined : "ipcmk is not installed",
    script: (f) =>
      py(
        `import ctypes\nl=ctypes.CDLL(None)\nb=ctypes.create_string_buffer(512)\nif l.shmctl(${f.shmId},2,b)==0: ${ESC}`,
      ),
  },
  {
    name: "hole 5: connect to a pathname UNIX socket outside",
    script: (f) => py(`import socket\ns=socket.socket(socket.AF_UNIX)\ns.connect("${f.unixPath}")\n${ESC}`),
  },
  {
    name: "hole 5: connect to an abstract UNIX socket outside",
    script: (f) =>
      py(`import socket\ns=socket.socket(socket.AF_UNIX)\ns.connect("\\0${f.abstractName}")\n${ESC}`),
  },
  {
    name: "hole 6: mkdir .codex + hooks",
    cwd: (f) => f.roots.dotcodex,
    script: () => `mkdir .codex && echo '{}' > .codex/hooks.json && echo ESCAPED`,
    escaped: (f) => existsSync(join(f.roots.dotcodex, ".codex", "hooks.json")),
  },
  {
    name: "hole 6: mkdir .agents",
    cwd: (f) => f.roots.dotagents,
    script: () => `mkdir -p .agents/skills/x && echo ESCAPED`,
    escaped: (f) => existsSync(join(f.roots.dotagents, ".agents", "skills")),
  },
  {
    name: "hole 6: git init + core.fsmonitor in a non-repository",
    cwd: (f) => f.roots.gitinit,
    script: (f) =>
      `git init -q . 2>&1 && git config core.fsmonitor 'touch ${f.outside}/fsmon' && echo ESCAPED`,
    escaped: (f) => existsSync(join(f.roots.gitinit, ".git", "config")),
  },
  {
    name: "hole 6: a .git file pointing elsewhere",
    cwd: (f) => f.roots.gitfile,
    script: (f) => `echo 'gitdir: ${f.outside}/g' > .git && echo ESCAPED`,
    escaped: (f) => {
      try {
        return lstatSync(join(f.roots.gitfile, ".git")).isFile();
      } catch {
        return false;
      }
    },
  },
  {
    name: "hole 8: append to BASH_ENV",
    script: (f) => `[ -n "$BASH_ENV" ] && echo 'touch ${f.outside}/bashenv' >> "$BASH_ENV" && echo ESCAPED`,
  },
  {
    name: "hole 9: signal a process outside",
    script: (f) => `kill -TERM ${f.victims.signal} && echo ESCAPED`,
    escaped: (f) => !alive(f.victims.signal),
  },
  {
    name: "hole 9: read the CLI's environment",
    script: (f) => `grep -q ${f.marker} /proc/$RUNNER_PID/environ 2>/dev/null && echo ESCAPED`,
  },
  {
    name: "hole 9: chmod a file outside (read-only policy)",
    readOnly: true,
    script: (f) => `chmod 600 ${f.outside}/mine_ro && echo ESCAPED`,
    escaped: (f) => (Deno.statSync(join(f.outside, "mine_ro")).mode! & 0o777) !== 0o644,
  },
  {
    name: "hole 9: chmod a file outside (workspace-write policy)",
    script: (f) => `chmod 600 ${f.outside}/mine_ws && echo ESCAPED`,
    escaped: (f) => (Deno.statSync(join(f.outside, "mine_ws")).mode! & 0o777) !== 0o644,
    known: (backend) =>
      backend === "landlock"
        ? "Landlock does not govern chmod/chown: as a user, files the user owns outside the roots can change mode (codex doctor says so; as root the backend refuses to run)"
        : undefined,
  },
  {
    name: "hole 9: daemons outlive the command",
    script: (f) =>
      `(setsid sleep 40${f.nonce}1 >/dev/null 2>&1 &); nohup sleep 40${f.nonce}2 >/dev/null 2>&1 & (sleep 40${f.nonce}3 >/dev/null 2>&1 &); sleep 0.2; echo started`,
    escaped: (f) => findProcesses(`40${f.nonce}`).length > 0,
  },
];

let sharedDenoDir: Promise<string> | undefined;

/**
 * A DENO_DIR the unprivileged user can write: fresh, plus this process's npm packages (the runner loads
 * mod.ts, and with it the CLI's npm dependencies), so it starts without network.
 */
function userDenoDir(user: ProbeUser): Promise<string> {
  return sharedDenoDir ??= (async () => {
    const info = await new Deno.Command(Deno.execPath(), { args: ["info", "--json"], stdout: "piped" })
      .output();
    const own = JSON.parse(new TextDecoder().decode(info.stdout)).denoDir as string;
    const dir = await Deno.makeTempDir({
      dir: existsSync("/var/tmp") ? "/var/tmp" : undefined,
      prefix: "codex-probes-deno-",
    });
    await new Deno.Command("chown", { args: [`${user.uid}:${user.gid}`, dir] }).output();
    // The npm packages mod.ts loads: hard links when possible (no copy; the files stay root's, readable),
    // else a copy.
    const linked = await new Deno.Command("cp", { args: ["-al", join(own, "npm"), dir], stderr: "null" })
      .output();
    if (!linked.success) await new Deno.Command("cp", { args: ["-r", join(own, "npm"), dir] }).output();
    globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
    return dir;
  })();
}

/** Runs a batch through the runner as `user`. */
async function runBatch(
  f: Fixture,
  backend: string,
  sandboxed: boolean,
  probes: Probe[],
): Promise<ProbeResponse> {
  const runs: ProbeRun[] = probes.map((p) => ({
    name: p.name,
    script: p.script(f),
    cwd: p.cwd?.(f) ?? f.work,
    policy: p.readOnly ? f.readOnly : f.policy,
    ...(p.writes ? { writes: p.writes(f) } : {}),
    env: {
      PATH: "/usr/local/bin:/usr/bin:/bin",
      HOME: f.dir,
      TMPDIR: f.tmp,
      LANG: "C.UTF-8",
      ...(sandboxed ? { SANDBOXED: "1" } : {}),
    },
  }));
  const req: ProbeRequest = {
    backend: sandboxed ? backend as ProbeRequest["backend"] : "none",
    probes: runs,
  };
  const own = f.user.uid === Deno.uid();
  const denoDir = own ? Deno.env.get("DENO_DIR") : await userDenoDir(f.user);
  const argv = asUser(f.user, [
    Deno.execPath(),
    "run",
    "-A",
    "--quiet",
    "--no-lock",
    "--config",
    CONFIG,
    "--cached-only",
    RUNNER,
    JSON.stringify(req),
  ]);
  const env: Record<string, string> = {
    PATH: "/usr/local/bin:/usr/bin:/bin",
    HOME: own ? (Deno.env.get("HOME") ?? f.dir) : f.dir,
    TMPDIR: f.tmp,
    DENO_NO_UPDATE_CHECK: "1",
    NO_COLOR: "1",
    CODEX_PROBE_SECRET: f.marker,
    ...(denoDir ? { DENO_DIR: denoDir } : {}),
    ...(Deno.env.get("DENO_TLS_CA_STORE") ? { DENO_TLS_CA_STORE: Deno.env.get("DENO_TLS_CA_STORE")! } : {}),
  };
  const out = await new Deno.Command(argv[0], {
    args: argv.slice(1),
    cwd: f.dir,
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout).trim();
  if (!out.success || !text) {
    throw new Error(`probe runner failed (${out.code}): ${new TextDecoder().decode(out.stderr)}`);
  }
  return JSON.parse(text.split("\n").pop()!) as ProbeResponse;
}

/** Runs every applicable probe unsandboxed and then sandboxed; returns per probe what happened. */
async function probeAll(backend: string, user: ProbeUser) {
  const base = await setup(user);
  const skipped = new Map<string, string>();
  const active = PROBES.filter((p) => {
    const why = p.skip?.(base);
    if (why) skipped.set(p.name, why);
    return !why;
  });
  const escapedFree = new Map<string, boolean>();
  try {
    const baseline = await runBatch(base, backend, false, active);
    for (const p of active) {
      const r = baseline.results.find((x) => x.name === p.name)!;
      escapedFree.set(p.name, r.output.includes("ESCAPED") || !!p.escaped?.(base));
    }
  } finally {
    await teardown(base);
  }
  const f = await setup(user);
  try {
    const res = await runBatch(f, backend, true, active);
    if (res.unavailable) return { unavailable: res.unavailable, rows: [] };
    const rows = active.map((p) => {
      const r = res.results.find((x) => x.name === p.name)!;
      const escaped = r.output.includes("ESCAPED") || !!p.escaped?.(f);
      return { probe: p, free: escapedFree.get(p.name)!, escaped, output: r.output };
    });
    return { rows, skipped };
  } finally {
    await teardown(f);
  }
}

const users: (ProbeUser | string)[] = [ME, ...(isRoot ? [nobody()] : [])];
for (const u of users) if (typeof u === "string") console.log(`sandbox probes as nobody skipped: ${u}`);

for (const backend of ["bwrap", "landlock"]) {
  for (const user of users) {
    const label = typeof user === "string" ? "nobody" : user.label;
    Deno.test({
      name: `sandbox probes: ${backend} as ${label}: no escapes`,
      ignore: !isLinux || typeof user === "string",
      sanitizeResources: false,
      sanitizeOps: false,
      async fn(t) {
        const u = user as ProbeUser;
        const result = await probeAll(backend, u);
        if (result.unavailable) {
          if (backend === "landlock" && u.uid === 0) {
            // The landlock backend refuses root (it cannot stop root's chmod/chown outside the roots).
            assert.match(result.unavailable, /refuses to run as root/);
          }
          console.log(`  ${backend} unavailable as ${u.label}: ${result.unavailable}`);
          return;
        }
        const escapes: string[] = [];
        for (const row of result.rows) {
          await t.step(row.probe.name, () => {
            const known = row.probe.known?.(backend, !!row.probe.readOnly);
            if (!row.free) {
              console.log(`    inconclusive as ${u.label}: it does not escape without a sandbox either`);
              return;
            }
            if (known) {
              console.log(`    known limitation: ${known}`);
              return;
            }
            if (row.escaped) escapes.push(row.probe.name);
            assert.equal(row.escaped, false, `${row.probe.name} escaped:\n${row.output}`);
          });
        }
        for (const [name, why] of result.skipped ?? []) console.log(`  skipped ${name}: ${why}`);
        assert.deepEqual(escapes, []);
      },
    });
  }
}

Deno.test({
  name: "sandbox probes: hole 10: another user's .git in the temp root does not break mktemp",
  ignore: !isLinux,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    for (const backend of ["bwrap", "landlock"]) {
      for (const user of users) {
        if (typeof user === "string") continue;
        const f = await setup(user);
        try {
          const res = await runBatch(f, backend, true, [{
            name: "mktemp",
            script: () => `d=$(mktemp -d) && f=$(mktemp) && echo "$d" "$f" && echo WORKS`,
          }]);
          if (res.unavailable) continue;
          const r = res.results[0];
          assert.match(r.output, /WORKS/, `${backend} as ${user.label}: ${r.output}`);
          assert.ok(r.output.includes(f.tmp), r.output);
        } finally {
          await teardown(f);
        }
      }
    }
  },
});
