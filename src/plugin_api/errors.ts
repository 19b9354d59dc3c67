/**
 * The CLI's typed errors that cross its boundary (usage, config, model), each mapped to an exit code.
 * @module
 */
import { CodexError } from "../kernel/errors.ts";

/** Exit codes used by the CLI: 0 ok, 1 failure, 2 usage. */
export const ExitCode = { Ok: 0, Failure: 1, Usage: 2 } as const;

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
