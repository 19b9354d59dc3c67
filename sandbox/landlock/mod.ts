/**
 * The `landlock` sandbox backend (Linux). A command runs as `<this CLI> sandbox-exec-helper --policy
 * <json> -- CMD...`: the helper (see `helper.ts`) sets no_new_privs, applies a Landlock ruleset (read
 * everywhere, write only under the writable roots, protected paths kept read-only) and, with network
 * off, a seccomp filter that makes non-UNIX `socket()` fail with EPERM, then `execvp`s the command.
 * See `ruleset.ts` for how protected paths inside writable roots are kept read-only, and what that costs.
 * @module
 */
import { existsSync } from "../../lib/fs.ts";
import { basename, fileURLToPath, join } from "../../lib/path.ts";
import {
  definePlugin,
  type Plugin,
  type SandboxAvailability,
  type SandboxBackend,
  type SandboxPolicy,
  type SpawnSpec,
} from "../../mod.ts";
import { HELPER_COMMAND, type HelperPayload } from "./helper.ts";

export { HELPER_COMMAND } from "./helper.ts";

let probe: Promise<SandboxAvailability> | undefined;

async function probeHost(): Promise<SandboxAvailability> {
  if (Deno.build.os !== "linux") return { ok: false, reason: `requires Linux, this is ${Deno.build.os}` };
  if (Deno.build.arch !== "x86_64" && Deno.build.arch !== "aarch64") {
    return { ok: false, reason: `requires x86_64 or aarch64, this is ${Deno.build.arch}` };
  }
  if ((await Deno.permissions.query({ name: "ffi" })).state !== "granted") {
    return { ok: false, reason: "requires --allow-ffi (run with -A)" };
  }
  if (Deno.uid() === 0) {
    const { ROOT_REFUSAL } = await import("./apply.ts");
    return { ok: false, reason: ROOT_REFUSAL };
  }
  if (!selfCommand()) return { ok: false, reason: "cannot find the CLI entry point to re-run as the helper" };
  try {
    const { landlockAbi } = await import("./apply.ts");
    const abi = landlockAbi();
    if (abi < 1) return { ok: false, reason: "the kernel has no Landlock support (disabled or too old)" };
    const scopes = abi >= 6 ? ", signal and abstract-socket scopes" : " (no signal scoping before ABI 6)";
    return {
      ok: true,
      reason:
        `landlock ABI ${abi}${scopes} + seccomp (nothing new can be created directly in a workspace root)`,
    };
  } catch (err) {
    return { ok: false, reason: `cannot load libc through FFI: ${(err as Error).message}` };
  }
}

/** Whether this process is a `deno compile` binary (its executable is not `deno` itself). */
export function isCompiledBinary(execPath: string = Deno.execPath()): boolean {
  const name = basename(execPath).toLowerCase();
  return name !== "deno" && name !== "deno.exe";
}

/**
 * The argv prefix that re-runs this CLI as the helper, or undefined when the entry cannot be found: the
 * binary itself when compiled; under `deno run` from source, `helper.ts` directly (the same code the
 * CLI's `sandbox-exec-helper` subcommand runs, without loading the entry module: ~20 ms instead of ~50
 * ms per command); under `deno run` of a bundle, the bundle.
 */
export function selfCommand(): string[] | undefined {
  if (isCompiledBinary()) return [Deno.execPath()];
  const helper = new URL("./helper.ts", import.meta.url);
  let entry: string | undefined;
  if (helper.protocol === "file:" && existsSync(helper)) entry = fileURLToPath(helper);
  else if (Deno.mainModule.startsWith("file:")) entry = fileURLToPath(Deno.mainModule);
  if (!entry || !existsSync(entry)) return undefined;
  return [Deno.execPath(), "run", "-A", "--quiet", "--no-lock", "--cached-only", entry];
}

/** Deno's cache directory for a child process, as this process would compute it. */
function denoDir(): string | undefined {
  const explicit = Deno.env.get("DENO_DIR");
  if (explicit) return explicit;
  const cache = Deno.env.get("XDG_CACHE_HOME") ??
    (Deno.env.get("HOME") ? join(Deno.env.get("HOME")!, ".cache") : undefined);
  return cache ? join(cache, "deno") : undefined;
}

/** Rewrites `spec` to run through the helper under `policy`. */
export function wrapWithHelper(spec: SpawnSpec, policy: SandboxPolicy): SpawnSpec {
  if (policy.mode === "danger-full-access") return spec;
  const self = selfCommand();
  if (!self) throw new Error("landlock: cannot find the CLI entry point to re-run as the sandbox helper");
  const env = { ...spec.env };
  const restoreEnv: Record<string, string | null> = {};
  const setForHelper = (k: string, v: string | undefined) => {
    if (v === undefined || env[k] === v) return;
    restoreEnv[k] = env[k] ?? null;
    env[k] = v;
  };
  if (!isCompiledBinary()) {
    setForHelper("DENO_DIR", denoDir());
    setForHelper("DENO_NO_UPDATE_CHECK", "1");
  }
  const payload: HelperPayload = { policy, ...(Object.keys(restoreEnv).length ? { restoreEnv } : {}) };
  return {
    argv: [...self, HELPER_COMMAND, "--policy", JSON.stringify(payload), "--", ...spec.argv],
    cwd: spec.cwd,
    env,
  };
}

/** The backend. */
export const landlockSandbox: SandboxBackend = {
  id: "landlock",
  priority: 20,
  available: () => probe ??= probeHost(),
  wrap: (spec, policy) => Promise.resolve(wrapWithHelper(spec, policy)),
};

/** Registers the `landlock` backend. */
export const landlockSandboxPlugin: Plugin = definePlugin({
  name: "sandbox-landlock",
  version: "0.1.0",
  api: 1,
  setup(ctx) {
    ctx.sandbox(landlockSandbox);
  },
});

export default landlockSandboxPlugin;
