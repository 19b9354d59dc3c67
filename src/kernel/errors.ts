/**
 * Typed errors that cross the CLI boundary. Each carries the process exit code it maps to, and a
 * message meant for a person: one line saying what was expected and what was found.
 * @module
 */

/** Exit codes used by the CLI: 0 ok, 1 failure, 2 usage. */
export const ExitCode = { Ok: 0, Failure: 1, Usage: 2 } as const;

/** Base class: an error whose message is shown as-is (no stack trace) and which ends the process with `exitCode`. */
export class CodexError extends Error {
  /** The process exit code this error maps to. */
  readonly exitCode: number;
  /** Creates the error. */
  constructor(message: string, exitCode: number = ExitCode.Failure, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Bad command-line usage (unknown flag, missing argument). Exit code 2. */
export class UsageError extends CodexError {
  /** Creates the error. */
  constructor(message: string) {
    super(message, ExitCode.Usage);
  }
}

/** Invalid configuration: names the file (or `-c` flag) and the key. Exit code 1. */
export class ConfigError extends CodexError {
  /** Creates the error. */
  constructor(message: string) {
    super(message, ExitCode.Failure);
  }
}

/** A model request or stream failed for good (after retries). Exit code 1. */
export class ModelError extends CodexError {
  /** Whether a stream-level retry may help (disconnects, 5xx, idle timeouts). */
  readonly retryable: boolean;
  /** Creates the error. */
  constructor(message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, ExitCode.Failure, { cause: options.cause });
    this.retryable = options.retryable ?? false;
  }
}

/** A plugin could not be loaded or registered something invalid. Exit code 1. */
export class PluginError extends CodexError {}

/** Renders any thrown value as one line for a person. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
