/**
 * The `none` sandbox backend: always available, runs commands unchanged. Probed last.
 * @module
 */
import { definePlugin, type Plugin, type SandboxBackend } from "../../mod.ts";

/** The backend: no confinement at all. */
export const noneSandbox: SandboxBackend = {
  id: "none",
  priority: 1000,
  available: () =>
    Promise.resolve({ ok: true, reason: "no sandbox: commands run with the user's own permissions" }),
  wrap: (spec) => Promise.resolve(spec),
};

/** Registers the `none` backend. */
export const noneSandboxPlugin: Plugin = definePlugin({
  name: "sandbox-none",
  version: "0.1.0",
  api: 1,
  setup(ctx) {
    ctx.sandbox(noneSandbox);
  },
});

export default noneSandboxPlugin;
