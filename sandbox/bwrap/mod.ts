/**
 * The `bwrap` sandbox backend (Linux, bubblewrap on PATH). Commands run in new user, PID, IPC, UTS,
 * cgroup and (network off) network namespaces, in a new session, with every capability dropped (root
 * included), over a read-only view of `/`, with each existing writable root bound read-write and each
 * protected path (`.git`, `.codex`, `.agents`) bound read-only again on top, and the seccomp filter both
 * Linux backends share (`lib/seccomp.ts`, handed to bwrap as `--seccomp 3`).
 *
 * A protected path that does not exist yet is masked by an empty read-only tmpfs: bubblewrap creates
 * its mount point, so an empty directory of that name stays behind in the workspace (harmless: an
 * empty `.git` is not a repository, an empty `.codex` holds no config). Without it a sandboxed
 * `git init` or `mkdir .codex` would plant config that runs unsandboxed later.
 * @module
 */
import { existsSync } from "../../lib/fs.ts";
import { dirname, join } from "../../lib/path.ts";
import { privateFile } from "../../lib/private_dir.ts";
import { archInfo, encodeFilter, sandboxFilter } from "../../lib/seccomp.ts";
import {
  definePlugin,
  type Plugin,
  type SandboxAvailability,
  type SandboxBackend,
  type SandboxPolicy,
  type SpawnSpec,
} from "../../mod.ts";

/** Where bubblewrap is, from PATH (`path` overrides, for tests). */
export function findBwrap(path: string = Deno.env.get("PATH") ?? ""): string | undefined {
  for (const dir of path.split(":")) {
    if (!dir) continue;
    const p = join(dir, "bwrap");
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** Sorts paths so parents come before their children (bind order). */
function parentsFirst(paths: string[]): string[] {
  return [...new Set(paths)].sort((a, b) => a.split("/").length - b.split("/").length || a.localeCompare(b));
}

/** The fd the wrapper opens the seccomp program on for bubblewrap's `--seccomp`. */
export const SECCOMP_FD = 3;

/** Namespaces, session and capability options (everything but the mounts and the command). */
export const ISOLATION_ARGS: readonly string[] = [
  "--new-session",
  "--die-with-parent",
  "--unshare-user",
  "--unshare-pid",
  "--unshare-ipc",
  "--unshare-uts",
  "--unshare-cgroup-try",
  "--cap-drop",
  "ALL",
];

/**
 * The bubblewrap arguments (without the program) that confine `spec` under `policy`. With `seccomp`,
 * `--seccomp 3` is added (the caller must open the program on fd 3; see `bwrapWrap`).
 */
export function bwrapArgs(
  spec: SpawnSpec,
  policy: SandboxPolicy,
  exists: (p: string) => boolean = existsSync,
  seccomp = false,
): string[] {
  const args = [...ISOLATION_ARGS];
  if (!policy.networkAccess) args.push("--unshare-net");
  args.push("--ro-bind", "/", "/", "--dev", "/dev");
  if (policy.mode !== "read-only") {
    const roots = parentsFirst(policy.writableRoots).filter((r) => exists(r));
    for (const root of roots) args.push("--bind", root, root);
    for (const sub of parentsFirst(policy.readOnlyPaths)) {
      if (exists(sub)) args.push("--ro-bind", sub, sub);
      else if (roots.some((r) => dirname(sub) === r || dirname(sub).startsWith(`${r}/`))) {
        args.push("--tmpfs", sub, "--remount-ro", sub);
      }
    }
  }
  args.push("--proc", "/proc");
  if (seccomp) args.push("--seccomp", String(SECCOMP_FD));
  args.push("--chdir", spec.cwd, "--", ...spec.argv);
  return args;
}

/** The seccomp program file for `network` (written once per process, in a private directory). */
export function seccompProgramFile(network: boolean): string {
  const arch = archInfo();
  if (!arch) {
    throw new Error(`bwrap: expected x86_64 or aarch64 for the seccomp filter, found ${Deno.build.arch}`);
  }
  const bytes = encodeFilter(sandboxFilter(arch, { network }));
  return privateFile("sandbox", network ? "seccomp-net.bpf" : "seccomp.bpf", bytes);
}

/**
 * The full argv: `/bin/sh` opens the seccomp program on fd 3 and execs bubblewrap (Deno cannot hand
 * a child an extra fd); bubblewrap reads and closes it before running the command.
 */
export function bwrapWrap(bwrap: string, spec: SpawnSpec, policy: SandboxPolicy): string[] {
  const program = seccompProgramFile(policy.networkAccess);
  return [
    "/bin/sh",
    "-c",
    `exec "$@" ${SECCOMP_FD}<"$0"`,
    program,
    bwrap,
    ...bwrapArgs(spec, policy, existsSync, true),
  ];
}

let probe: Promise<SandboxAvailability> | undefined;
let bwrapPath: string | undefined;

async function probeHost(): Promise<SandboxAvailability> {
  if (Deno.build.os !== "linux") return { ok: false, reason: `requires Linux, this is ${Deno.build.os}` };
  const bwrap = findBwrap();
  if (!bwrap) return { ok: false, reason: "bubblewrap (bwrap) is not on PATH" };
  const policy: SandboxPolicy = {
    mode: "read-only",
    writableRoots: [],
    readOnlyPaths: [],
    networkAccess: false,
  };
  try {
    const [program, ...args] = bwrapWrap(bwrap, { argv: ["true"], cwd: "/", env: {} }, policy);
    const out = await new Deno.Command(program, { args, stdin: "null", stdout: "null", stderr: "piped" })
      .output();
    if (!out.success) {
      const why = new TextDecoder().decode(out.stderr).trim().split("\n")[0];
      return { ok: false, reason: `${bwrap} cannot create namespaces here: ${why || `exit ${out.code}`}` };
    }
    const v = await new Deno.Command(bwrap, { args: ["--version"], stdout: "piped", stderr: "null" })
      .output();
    const version = new TextDecoder().decode(v.stdout).trim() || "bubblewrap";
    bwrapPath = bwrap;
    return {
      ok: true,
      reason: `${version} at ${bwrap}, user+pid+ipc+net namespaces, no capabilities, seccomp`,
    };
  } catch (err) {
    return { ok: false, reason: `cannot run ${bwrap}: ${(err as Error).message}` };
  }
}

/** The backend. */
export const bwrapSandbox: SandboxBackend = {
  id: "bwrap",
  priority: 10,
  available: () => probe ??= probeHost(),
  wrap(spec, policy) {
    if (policy.mode === "danger-full-access") return Promise.resolve(spec);
    const bwrap = bwrapPath ?? findBwrap() ?? "bwrap";
    return Promise.resolve({ argv: bwrapWrap(bwrap, spec, policy), cwd: spec.cwd, env: spec.env });
  },
};

/** Registers the `bwrap` backend. */
export const bwrapSandboxPlugin: Plugin = definePlugin({
  name: "sandbox-bwrap",
  version: "0.1.0",
  api: 1,
  setup(ctx) {
    ctx.sandbox(bwrapSandbox);
  },
});

export default bwrapSandboxPlugin;
