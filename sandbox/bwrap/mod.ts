/**
 * The `bwrap` sandbox backend (Linux, bubblewrap on PATH). Commands run in new user, PID and (network
 * off) network namespaces over a read-only view of `/`, with each existing writable root bound
 * read-write and each existing protected path bound read-only again on top.
 *
 * Protected paths that do not exist (the workspace's `.codex` before anyone created it) are not mounted:
 * bubblewrap would have to create a mount point for them, which stays behind on the host as an empty
 * directory.
 * @module
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
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

/** The bubblewrap arguments (without the program) that confine `spec` under `policy`. */
export function bwrapArgs(
  spec: SpawnSpec,
  policy: SandboxPolicy,
  exists: (p: string) => boolean = existsSync,
): string[] {
  const args = ["--new-session", "--die-with-parent", "--ro-bind", "/", "/", "--dev", "/dev"];
  if (policy.mode !== "read-only") {
    for (const root of parentsFirst(policy.writableRoots)) {
      if (exists(root)) args.push("--bind", root, root);
    }
    for (const sub of parentsFirst(policy.readOnlyPaths)) {
      if (exists(sub)) args.push("--ro-bind", sub, sub);
    }
  }
  args.push("--unshare-user", "--unshare-pid");
  if (!policy.networkAccess) args.push("--unshare-net");
  args.push("--proc", "/proc", "--chdir", spec.cwd, "--", ...spec.argv);
  return args;
}

let probe: Promise<SandboxAvailability> | undefined;
let bwrapPath: string | undefined;

async function probeHost(): Promise<SandboxAvailability> {
  if (Deno.build.os !== "linux") return { ok: false, reason: `requires Linux, this is ${Deno.build.os}` };
  const bwrap = findBwrap();
  if (!bwrap) return { ok: false, reason: "bubblewrap (bwrap) is not on PATH" };
  const args = ["--new-session", "--die-with-parent", "--ro-bind", "/", "/", "--dev", "/dev"];
  args.push("--unshare-user", "--unshare-pid", "--unshare-net", "--proc", "/proc", "--", "true");
  try {
    const out = await new Deno.Command(bwrap, { args, stdin: "null", stdout: "null", stderr: "piped" })
      .output();
    if (!out.success) {
      const why = new TextDecoder().decode(out.stderr).trim().split("\n")[0];
      return { ok: false, reason: `${bwrap} cannot create namespaces here: ${why || `exit ${out.code}`}` };
    }
    const v = await new Deno.Command(bwrap, { args: ["--version"], stdout: "piped", stderr: "null" })
      .output();
    const version = new TextDecoder().decode(v.stdout).trim() || "bubblewrap";
    bwrapPath = bwrap;
    return { ok: true, reason: `${version} at ${bwrap}, user+pid+net namespaces` };
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
    return Promise.resolve({ argv: [bwrap, ...bwrapArgs(spec, policy)], cwd: spec.cwd, env: spec.env });
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
