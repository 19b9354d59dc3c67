/**
 * The plugin contract. Built-in plugins and organizations' plugins use exactly this API.
 * @module
 */
import type { z } from "zod";
import type { Config } from "../config/schema.ts";
import type { HookEvent, HookHandler, HookOptions } from "./hooks.ts";
import type { ProviderRegistration } from "./model.ts";
import type { SandboxBackend } from "./sandbox.ts";
import type { CustomToolDefinition, FunctionToolDefinition } from "./tool.ts";

/** The plugin API major version this kernel implements. */
export const PLUGIN_API = 1;

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
  name: string;
  description: string;
  /** Other names that invoke it (e.g. `exit` for `quit`). */
  aliases?: string[];
  /** Words its arguments may be, offered by Tab completion (e.g. `friendly`, `pragmatic`). */
  args?: readonly string[];
  run(args: string, ctx: CommandContext<S>): void | Promise<void>;
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

/** What `setup` may register. `S` is the front end's session slash commands get (see `CommandContext`). */
export interface PluginContext<S = unknown> {
  /** The effective configuration (read-only). */
  readonly config: Config;
  /** Registers a tool offered to the model. */
  tool<S extends z.ZodType>(definition: FunctionToolDefinition<S> | CustomToolDefinition): void;
  /** Registers a model provider. */
  provider(registration: ProviderRegistration): void;
  /** Registers a slash command. */
  command(command: SlashCommand<S>): void;
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

/** A plugin. `S` as in `PluginContext`. */
export interface Plugin<S = unknown> {
  /** Unique name. */
  name: string;
  version?: string;
  /** The plugin API major it was written for; must equal `PLUGIN_API`. */
  api: number;
  /** `pre` plugins set up before normal ones, `post` after. */
  enforce?: "pre" | "post";
  /** Names of plugins that must be loaded first. */
  requires?: string[];
  setup(ctx: PluginContext<S>): void | Promise<void>;
}

/** Declares a plugin (identity function that gives type checking). */
export function definePlugin<S>(plugin: Plugin<S>): Plugin<S> {
  return plugin;
}
