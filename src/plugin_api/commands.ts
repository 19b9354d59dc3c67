/**
 * Slash commands and instructions contributors: what plugins register with `ctx.command` and
 * `ctx.instructions`.
 * @module
 */
import type { HostConfig as Config } from "../kernel/config.ts";

/**
 * Context handed to a slash command. `S` is the front end's session; the host's `SessionControl`
 * (exported by mod.ts, where `CommandContext` names this type with it).
 */
export interface CommandContext<S = unknown> {
  /** The effective configuration. */
  config: Config;
  /** Prints text to the user (a newline is added). */
  print(text: string): void;
  /** Sends text to the model as the next user message and waits for the turn to end. */
  submit(prompt: string): Promise<void>;
  /** The running session. */
  session: S;
}

/** A slash command (`/name args`); `S` as in `CommandContext`. */
export interface SlashCommand<S = unknown> {
  /** The name typed after `/`. */
  name: string;
  /** One line shown by `/help`. */
  description: string;
  /** Other names that invoke it (e.g. `exit` for `quit`). */
  aliases?: string[];
  /** Words its arguments may be, offered by Tab completion (e.g. `friendly`, `pragmatic`). */
  args?: readonly string[];
  /** Runs the command with the text after its name. */
  run(args: string, ctx: CommandContext<S>): void | Promise<void>;
}

/** What an instructions contributor sees when a thread starts. */
export interface InstructionsEnv {
  /** Working directory (absolute). */
  cwd: string;
  /** The `CODEX_HOME` directory. */
  codexHome: string;
  /** The effective host configuration. */
  config: Config;
}

/** Adds developer-instructions text at thread start (skills list, memory, org policy…); undefined adds nothing. */
export type InstructionsContributor = (
  env: InstructionsEnv,
) => string | undefined | Promise<string | undefined>;
