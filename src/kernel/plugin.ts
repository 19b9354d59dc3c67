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
 * The front end's session as slash commands see it. The kernel declares no members: the host adds them
 * (its `SessionControl`, merged into this interface by src/host/session_control.ts and exported by mod.ts).
 */
// deno-lint-ignore no-empty-interface
export interface CommandSession {}

/** Context handed to a slash command. */
export interface CommandContext {
  /** The effective configuration. */
  config: Config;
  /** Prints text to the user (a newline is added). */
  print(text: string): void;
  /** Sends text to the model as the next user message and waits for the turn to end. */
  submit(prompt: string): Promise<void>;
  /** The running session. */
  session: CommandSession;
}

/** A slash command (`/name args`). */
export interface SlashCommand {
  name: string;
  description: string;
  /** Other names that invoke it (e.g. `exit` for `quit`). */
  aliases?: string[];
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
