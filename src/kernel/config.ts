/**
 * The host configuration as the kernel sees it. The kernel reads only the keys declared here; the host
 * augments this interface with its full schema type (TypeScript declaration merging in
 * src/config/schema.ts), so plugins and tools see every key typed without the kernel importing the app.
 * @module
 */

/** The effective host configuration (read-only for plugins and tools). */
export interface HostConfig {
  /** Tool outputs above this many tokens are truncated. */
  tool_output_token_limit?: number;
  /** The instruction of the summarizing request. */
  compact_prompt?: string;
  /** Auto-compaction threshold in tokens. */
  model_auto_compact_token_limit?: number;
  /** The model's context window in tokens (auto-compaction at 90 %). */
  model_context_window?: number;
}
