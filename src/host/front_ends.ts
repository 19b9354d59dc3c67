/**
 * The front ends that build a session, and what each implies: the `originator` sent to the provider,
 * the approval policy used when none is configured, and which built-in plugins it loads (an agent front
 * end all of them; `doctor`/`sandbox` only the sandbox backends; config admin commands none). Compiled-in
 * and `plugins_ts` plugins load everywhere plugins load.
 * @module
 */
import type { Config } from "../config/schema.ts";

/** An `approval_policy` value. */
export type ApprovalPolicy = NonNullable<Config["approval_policy"]>;

/** Who builds the session. */
export type FrontEnd =
  | "exec"
  | "repl"
  | "mcp-server"
  | "review"
  | "doctor"
  | "sandbox"
  | "plugins"
  | "config";

/** What a front end implies for its session. */
export interface FrontEndProfile {
  /** `originator` header value (CODEX_INTERNAL_ORIGINATOR_OVERRIDE wins). */
  originator: string;
  /** Approval policy when none is configured. */
  defaultApproval: ApprovalPolicy;
  /** Which built-in plugins load: every one, only the sandbox backends, or none (config only). */
  builtins: "all" | "sandbox" | "none";
}

/** Every front end's profile. */
export const FRONT_ENDS: Readonly<Record<FrontEnd, FrontEndProfile>> = {
  exec: { originator: "codex_exec", defaultApproval: "never", builtins: "all" },
  review: { originator: "codex_exec", defaultApproval: "never", builtins: "all" },
  repl: { originator: "codex_cli_rs", defaultApproval: "on-request", builtins: "all" },
  "mcp-server": { originator: "codex_mcp_server", defaultApproval: "never", builtins: "all" },
  doctor: { originator: "codex_cli_rs", defaultApproval: "on-request", builtins: "sandbox" },
  sandbox: { originator: "codex_cli_rs", defaultApproval: "on-request", builtins: "sandbox" },
  plugins: { originator: "codex_cli_rs", defaultApproval: "on-request", builtins: "all" },
  config: { originator: "codex_cli_rs", defaultApproval: "on-request", builtins: "none" },
};
