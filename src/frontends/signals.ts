/**
 * Termination signals for front ends. The first SIGINT/SIGTERM/SIGHUP asks the front end to stop (abort
 * the turn, record it, end the session's processes, exit with 128 + the signal number); a second one
 * exits at once (the `unload` handlers still kill the commands' process groups and remove temp dirs).
 * @module
 */

/** The exit code for each handled signal: 128 + its number. */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGHUP: 129, SIGTERM: 143 } as const;

/** A handled signal. */
export type ExitSignal = keyof typeof SIGNAL_EXIT_CODES;

/** Signals being listened for. */
export interface SignalTrap {
  /** The first signal received, if any. */
  readonly received: ExitSignal | undefined;
  /** 128 + the first signal's number, once one was received. */
  readonly exitCode: number | undefined;
  /** Stops listening. */
  dispose(): void;
}

/**
 * Calls `onFirst` on the first of `signals` (default: all three); any later one exits at once with its
 * code. Signals other than SIGINT are not available on Windows and are skipped there.
 */
export function trapSignals(
  onFirst: (signal: ExitSignal) => void,
  signals: readonly ExitSignal[] = ["SIGINT", "SIGTERM", "SIGHUP"],
): SignalTrap {
  let received: ExitSignal | undefined;
  const listeners: [ExitSignal, () => void][] = [];
  for (const signal of signals) {
    if (Deno.build.os === "windows" && signal !== "SIGINT") continue;
    const listener = () => {
      if (received !== undefined) Deno.exit(SIGNAL_EXIT_CODES[signal]);
      received = signal;
      onFirst(signal);
    };
    Deno.addSignalListener(signal, listener);
    listeners.push([signal, listener]);
  }
  return {
    get received() {
      return received;
    },
    get exitCode() {
      return received === undefined ? undefined : SIGNAL_EXIT_CODES[received];
    },
    dispose() {
      for (const [signal, listener] of listeners.splice(0)) Deno.removeSignalListener(signal, listener);
    },
  };
}
