/**
 * The sandbox contract: a policy saying what a command may touch, and backends that wrap a command so
 * the OS enforces it. The shell and patch tools run everything through the active `SandboxRuntime`.
 * @module
 */

/** `sandbox_mode` values. */
export type SandboxMode = "read-only" | "workspace-write" | "danger-full-access";

/** The resolved policy for commands of one turn. */
export interface SandboxPolicy {
  /** The sandbox mode. */
  mode: SandboxMode;
  /** Absolute directories writable under `workspace-write` (cwd, --add-dir, writable_roots, tmp dirs). */
  writableRoots: string[];
  /** Absolute paths inside writable roots that stay read-only (`.git`, `.codex`). */
  readOnlyPaths: string[];
  /** Whether outbound network is allowed. */
  networkAccess: boolean;
}

/** A command ready to spawn. */
export interface SpawnSpec {
  /** Program and arguments. */
  argv: string[];
  /** Working directory. */
  cwd: string;
  /** The complete environment. */
  env: Record<string, string>;
}

/** Whether a backend can run here, and why (shown by `codex doctor`). */
export interface SandboxAvailability {
  /** Whether the backend can be used here. */
  ok: boolean;
  /** Why it can or cannot be used. */
  reason: string;
}

/** A sandbox backend plugin registration (`ctx.sandbox`). */
export interface SandboxBackend {
  /** Backend id (`landlock`, `bwrap`, `seatbelt`, `none`, …). */
  id: string;
  /** Lower runs earlier when probing which backend to use. */
  priority?: number;
  /** Probes the host. */
  available(): Promise<SandboxAvailability>;
  /** Rewrites a command so it runs confined by `policy`. */
  wrap(spec: SpawnSpec, policy: SandboxPolicy): Promise<SpawnSpec>;
}

/** The backend chosen for a session, bound to its policy. What tools use. */
export interface SandboxRuntime {
  /** The backend in use. */
  readonly backend: SandboxBackend;
  /** The policy commands run under. */
  readonly policy: SandboxPolicy;
  /** Why this backend was chosen. */
  readonly reason: string;
  /** Wraps a command with the session's policy. */
  wrap(spec: SpawnSpec): Promise<SpawnSpec>;
}
