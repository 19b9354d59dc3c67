/**
 * The kernel's errors. Each carries the process exit code it maps to (1 unless said otherwise), and a
 * message meant for a person: one line saying what was expected and what was found. The CLI's own
 * (usage, config, model) extend `CodexError` in src/plugin_api/errors.ts.
 * @module
 */

/** Base class: an error whose message is shown as-is (no stack trace) and which ends the process with `exitCode`. */
export class CodexError extends Error {
  /** The process exit code this error maps to. */
  readonly exitCode: number;
  /** Creates the error. */
  constructor(message: string, exitCode: number = 1, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** A plugin could not be loaded or registered something invalid. Exit code 1. */
export class PluginError extends CodexError {}

/** Renders any thrown value as one line for a person. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
