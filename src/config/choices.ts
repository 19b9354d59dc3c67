/**
 * The values of the host's enumerated settings, as plain constants: the config schema builds its enums
 * from them, and `mod.ts` hands them to plugins (`HOST_CHOICES`) without loading zod.
 * @module
 */

/** `approval_policy` values. */
export const APPROVAL_POLICIES = ["untrusted", "on-failure", "on-request", "never"] as const;
/** `sandbox_mode` values. */
export const SANDBOX_MODES = ["read-only", "workspace-write", "danger-full-access"] as const;
/** `model_reasoning_effort` values. */
export const REASONING_EFFORTS = ["none", "minimal", "low", "medium", "high", "xhigh"] as const;
/** `personality` values. */
export const PERSONALITIES = ["friendly", "pragmatic", "none"] as const;
