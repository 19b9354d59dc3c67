/**
 * The host configuration as the kernel sees it: an opaque object the kernel hands to plugins and tools
 * and never reads. The host augments this interface with its full schema type (TypeScript declaration
 * merging in src/config/schema.ts), so plugins and tools see every key typed without the kernel importing
 * the app.
 * @module
 */

/** The effective host configuration (read-only for plugins and tools). */
// deno-lint-ignore no-empty-interface
export interface HostConfig {}
