/**
 * The interactive session as slash commands see it (`CommandContext.session`): what a front end that
 * runs slash commands implements on top of its host session.
 * @module
 */
import type { Usage } from "../kernel/events.ts";
import type { ResponseItem } from "../kernel/model.ts";
import type { SlashCommand } from "../plugin_api/commands.ts";
import type { ToolSessionState } from "../plugin_api/tools.ts";

/** A saved session, as listed for `/resume`. */
export interface SessionSummary {
  /** The session id. */
  id: string;
  /** Working directory (absolute). */
  cwd: string;
  /** The rollout file. */
  path: string;
  /** When it started (ISO 8601). */
  startedAt: string;
  /** The first user message, shortened. */
  preview: string;
}

/** One effective config value and the layer it came from (for `/config`). */
export interface ConfigEntry {
  /** The config key (dotted path). */
  key: string;
  /** The effective value. */
  value: unknown;
  /** File path, `-c flags`, or `default`. */
  source: string;
}

/** The interactive session as slash commands see it. */
export interface SessionControl {
  /** The current thread id. */
  readonly threadId: string;
  /** Working directory (absolute). */
  readonly cwd: string;
  /** The `CODEX_HOME` directory. */
  readonly codexHome: string;
  /** The model in effect. */
  readonly model: string;
  /** Reasoning effort, if set. */
  readonly reasoningEffort: string | undefined;
  /** The approval policy in effect. */
  readonly approvalPolicy: string;
  /** The sandbox mode in effect. */
  readonly sandboxMode: string;
  /** Thread-cumulative token usage. */
  readonly usage: Usage;
  /** The model-visible history of the current thread. */
  history(): readonly ResponseItem[];
  /** Summarizes and shrinks history; false when a PreCompact hook declined. */
  compact(): Promise<boolean>;
  /** Starts a new thread (same settings). */
  newThread(): Promise<void>;
  /** Continues a saved session by id, or the newest one in this directory when `id` is undefined. */
  resume(id?: string): Promise<void>;
  /** Continues in a new thread that starts from a copy of the current one. */
  fork(): Promise<void>;
  /** Saved sessions, newest first. */
  listSessions(limit?: number): SessionSummary[];
  /** Switches the model (and optionally the reasoning effort) for later turns. */
  setModel(model: string, effort?: string): void;
  /** The personality in effect (`friendly`, `pragmatic`, `none`), if any. */
  readonly personality: string | undefined;
  /** Switches the personality for later turns; throws for an unknown name. */
  setPersonality(name: string): void;
  /** Switches the approval policy and/or sandbox mode for later turns. */
  setPermissions(change: { approvalPolicy?: string; sandboxMode?: string }): void;
  /** Effective config values with their source layer. */
  effectiveConfig(): ConfigEntry[];
  /** Every registered slash command. */
  commands(): readonly SlashCommand<SessionControl>[];
  /** Runs a shell command in cwd (the user's own command: not sandboxed) and returns its output. */
  shell(command: string): Promise<{ code: number; output: string }>;
  /** The current thread's session state of plugin `owner` (shared with that plugin's tools). */
  pluginState(owner: string): ToolSessionState;
  /** Ends the interactive session. */
  quit(): void;
}
