/**
 * Name and version of this CLI.
 * @module
 */

/** Program name shown in headers and `--version`. */
export const PROGRAM_NAME = "codex-deno";

/** This CLI's version. */
export const VERSION = "0.1.0";
