/**
 * The `seatbelt` sandbox backend (macOS): commands run under `/usr/bin/sandbox-exec` with a generated
 * SBPL profile (see `profile.ts`). Only the `/usr/bin` copy of `sandbox-exec` is trusted.
 * @module
 */
import { existsSync, realpathSync } from "../../lib/fs.ts";
import { definePlugin, type Plugin, type SandboxBackend } from "../../mod.ts";
import { seatbeltArgv } from "./profile.ts";

export { seatbeltArgv, seatbeltProfile } from "./profile.ts";

/** The only `sandbox-exec` used. */
export const SANDBOX_EXEC = "/usr/bin/sandbox-exec";

function canonical(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** The backend. */
export const seatbeltSandbox: SandboxBackend = {
  id: "seatbelt",
  priority: 15,
  available() {
    if (Deno.build.os !== "darwin") {
      return Promise.resolve({ ok: false, reason: `requires macOS, this is ${Deno.build.os}` });
    }
    if (!existsSync(SANDBOX_EXEC)) {
      return Promise.resolve({ ok: false, reason: `${SANDBOX_EXEC} is missing` });
    }
    return Promise.resolve({ ok: true, reason: `seatbelt profile through ${SANDBOX_EXEC}` });
  },
  wrap(spec, policy) {
    if (policy.mode === "danger-full-access") return Promise.resolve(spec);
    return Promise.resolve({
      argv: seatbeltArgv(spec.argv, policy, canonical, SANDBOX_EXEC),
      cwd: spec.cwd,
      env: { ...spec.env, CODEX_SANDBOX: "seatbelt" },
    });
  },
};

/** Registers the `seatbelt` backend. */
export const seatbeltSandboxPlugin: Plugin = definePlugin({
  name: "sandbox-seatbelt",
  version: "0.1.0",
  api: 1,
  setup(ctx) {
    ctx.sandbox(seatbeltSandbox);
  },
});

export default seatbeltSandboxPlugin;
