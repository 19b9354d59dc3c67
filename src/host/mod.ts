/**
 * The host: the application's one composition root. Front ends and admin commands build their session
 * here (`createSession`, `openHost`), never from plugins directly.
 * @module
 */
export {
  createSession,
  type Host,
  type HostOptions,
  loadHostSettings,
  openHost,
  type OpenThreadOptions,
  type Permissions,
  type PermissionsChange,
  Session,
} from "./session.ts";
export { FRONT_ENDS, type FrontEnd, type FrontEndProfile } from "./front_ends.ts";
export { adminFlags, bypassAll, type CommonOptions, CommonOptionsSchema, flagValues } from "./options.ts";
export type { ThreadIo } from "./open_thread.ts";
export type { ConfigEntry, SessionControl, SessionSummary } from "./session_control.ts";
export { loadSource, type SessionSource } from "./session_source.ts";
export {
  backendProtections,
  chooseBackend,
  commandEnv,
  describePolicy,
  killSession,
  probeBackends,
  type Protection,
} from "./sandbox_stage.ts";
export { runApplyPatch, runSandboxHelper } from "./helpers.ts";
export { isInsideGitRepo } from "./git.ts";
export type { Env, Settings } from "./config_stage.ts";
export * as bundleStore from "./bundles/mod.ts";
export type { LoadedBundle } from "./bundles/load.ts";
