/**
 * The plugin contract. Built-in plugins and organizations' plugins use exactly this API.
 * @module
 */
import type { z } from "zod";
import type { Config } from "../config/schema.ts";
import type { HookEvent, HookHandler, HookOptions } from "./hooks.ts";
import type { ProviderRegistration, ResponseItem } from "./model.ts";
import type { Usage } from "./events.ts";
import type { SandboxBackend } from "./sandbox.ts";
import type { CustomToolDefinition, FunctionToolDefinition, ToolSessionState } from "./tool.ts";

/** The plugin API major version this kernel implements. */
export const PLUGIN_API = 1;

/** A saved session, as listed for `/resume`. */
export interface SessionSummary {
  id: string;
  cwd: string;
  path: string;
  /** When it started (ISO 8601). */
  startedAt: string;
  /** The first user message, shortened. */
  preview: string;
}

/** One effective config value and the layer it came from (for `/config`). */
export interface ConfigEntry {
  key: string;
  value: unknown;
  /** File path, `-c flags`, or `default`. */
  source: string;
}

/** The interactive session as slash commands see it. */
export interface SessionControl {
  readonly threadId: string;
  readonly cwd: string;
  readonly codexHome: string;
  readonly model: string;
  readonly reasoningEffort: string | undefined;
  readonly approvalPolicy: string;
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
  commands(): readonly SlashCommand[];
  /** Runs a shell command in cwd (the user's own command: not sandboxed) and returns its output. */
  shell(command: string): Promise<{ code: number; output: string }>;
  /** The current thread's session state of plugin `owner` (shared with that plugin's tools). */
  pluginState(owner: string): ToolSessionState;
  /** Ends the interactive session. */
  quit(): void;
}

/** Context handed to a slash command. */
export interface CommandContext {
  /** The effective configuration. */
  config: Config;
  /** Prints text to the user (a newline is added). */
  print(text: string): void;
  /** Sends text to the model as the next user message and waits for the turn to end. */
  submit(prompt: string): Promise<void>;
  /** The running session. */
  session: SessionControl;
}

/** A slash command (`/name args`). */
export interface SlashCommand {
  name: string;
  description: string;
  /** Other names that invoke it (e.g. `exit` for `quit`). */
  aliases?: string[];
  /** Words its arguments may be, offered by Tab completion (e.g. `friendly`, `pragmatic`). */
  args?: readonly string[];
  run(args: string, ctx: CommandContext): void | Promise<void>;
}

/** What an instructions contributor sees when a thread starts. */
export interface InstructionsEnv {
  cwd: string;
  codexHome: string;
  config: Config;
}

/** Adds developer-instructions text at thread start (skills list, memory, org policy…); undefined adds nothing. */
export type InstructionsContributor = (
  env: InstructionsEnv,
) => string | undefined | Promise<string | undefined>;

/** What `setup` may register. */
export interface PluginContext {
  /** The effective configuration (read-only). */
  readonly config: Config;
  /** Registers a tool offered to the model. */
  tool<S extends z.ZodType>(definition: FunctionToolDefinition<S> | CustomToolDefinition): void;
  /** Registers a model provider. */
  provider(registration: ProviderRegistration): void;
  /** Registers a slash command. */
  command(command: SlashCommand): void;
  /** Registers a sandbox backend. */
  sandbox(backend: SandboxBackend): void;
  /** Adds a hook handler. `event` may be a Codex alias (`AfterAgent`, `AfterToolUse`). */
  on<E extends HookEvent>(
    event: E | "AfterAgent" | "AfterToolUse",
    handler: HookHandler<E>,
    options?: HookOptions,
  ): void;
  /** Adds a folder of SKILL.md skills. */
  skills(root: URL): void;
  /** Skill folders added with `skills()` by any plugin so far (a live view; read it at thread start). */
  skillRoots(): readonly URL[];
  /** Contributes developer-instructions text to every new thread. */
  instructions(contributor: InstructionsContributor): void;
  /** Reports a non-fatal setup problem; sessions show it as an `error` item (like config warnings). */
  warn(message: string): void;
}

/** A plugin. */
export interface Plugin {
  /** Unique name. */
  name: string;
  version?: string;
  /** The plugin API major it was written for; must equal `PLUGIN_API`. */
  api: number;
  /** `pre` plugins set up before normal ones, `post` after. */
  enforce?: "pre" | "post";
  /** Names of plugins that must be loaded first. */
  requires?: string[];
  setup(ctx: PluginContext): void | Promise<void>;
}

/** Declares a plugin (identity function that gives type checking). */
export function definePlugin(plugin: Plugin): Plugin {
  return plugin;
}
