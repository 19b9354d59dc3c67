/**
 * The application's one session object. Every front end (exec, the interactive session, mcp-server,
 * review) gets it from `createSession`, and the admin commands (doctor, sandbox, plugins list) get its
 * first stages from `openHost`, so config layers, requirements.toml, run-time plugins, the sandbox choice
 * and hooks are the same everywhere. What the user changes mid-session (model, permissions,
 * personality) lives here and is what threads, tools and the model's permission text read.
 * @module
 */
import { createSandboxRuntime } from "../../sandbox/mod.ts";
import type { Config, LoadedConfig, Personality, Requirements } from "../config/mod.ts";
import { PersonalitySchema, personalityText } from "../config/personality.ts";
import { ApprovalPolicySchema, SandboxModeSchema } from "../config/schema.ts";
import { describeError } from "../kernel/errors.ts";
import type { ModelClient, ModelRequest, ResponseItem } from "../kernel/model.ts";
import type { ModelProviderInfo } from "../config/provider_info.ts";
import type { Plugin } from "../kernel/plugin.ts";
import type { Registry } from "../kernel/registry.ts";
import type { SandboxPolicy, SandboxRuntime } from "../kernel/sandbox.ts";
import type { Thread } from "../kernel/thread.ts";
import { type Env, loadSettings, type Settings } from "./config_stage.ts";
import { FRONT_ENDS, type FrontEnd } from "./front_ends.ts";
import { InstructionsBuilder, loadInstructionFiles } from "./instructions_stage.ts";
import { buildThread, type ThreadIo } from "./open_thread.ts";
import { type CommonOptions, CommonOptionsSchema } from "./options.ts";
import { loadRegistry } from "./plugins_stage.ts";
import { bundlesPlugin } from "./bundles/plugin.ts";
import type { LoadedBundle } from "./bundles/load.ts";
import { rejectUnownedKeys, withoutOwnedTables } from "../config/plugin_tables.ts";
import { permissionsText } from "./context.ts";
import { type ProviderSetup, setupProvider } from "./provider_stage.ts";
import { chooseBackend, sandboxPolicy } from "./sandbox_stage.ts";

/** Inputs of `openHost` and `createSession`. */
export interface HostOptions {
  /** Who builds the session (decides the originator, the default approval policy, which plugins load). */
  frontEnd: FrontEnd;
  /** The run's settings: parsed by `CommonOptionsSchema` (raw command-line option objects are accepted). */
  flags: Partial<CommonOptions> | Record<string, unknown>;
  /** Environment lookup (tests pass their own). */
  env?: Env;
  /** Compiled-in plugins (and tests' extra ones), set up after the built-ins. */
  plugins?: readonly Plugin[];
}

/** What every command works from: settled config, plugins and the configured sandbox policy. */
export interface Host extends Settings {
  frontEnd: FrontEnd;
  flags: CommonOptions;
  registry: Registry;
  /** The sandbox policy the settled config asks for. */
  policy: SandboxPolicy;
}

/** The permissions in effect: the approval policy and the sandbox (backend bound to a policy). */
export interface Permissions {
  readonly approvalPolicy: string;
  readonly sandbox: SandboxRuntime;
}

/** A requested permissions change (either part may be left as is). */
export interface PermissionsChange {
  approvalPolicy?: string;
  sandboxMode?: string;
}

/** How a thread of the session starts. */
export interface OpenThreadOptions extends ThreadIo {
  kind: "new" | "resume" | "fork";
  /** Runs once the thread exists, before SessionStart (announce it, show warnings). */
  onOpen?(thread: Thread): void;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function settingsOf(o: Omit<HostOptions, "plugins">, flags: CommonOptions): Settings {
  return loadSettings(flags, o.frontEnd, o.env ?? ((k: string) => Deno.env.get(k)));
}

/** Settles config (layers, flags, requirements.toml) only: what config admin commands (`codex mcp`) read. */
export function loadHostSettings(o: Omit<HostOptions, "plugins">): Settings {
  const flags = CommonOptionsSchema.parse(o.flags);
  const settings = settingsOf(o, flags);
  if (flags.strictConfig) rejectUnownedKeys(settings.loaded.unknownKeys, []);
  return settings;
}

/**
 * Settles config (layers, flags, requirements.toml) and loads the plugins for `frontEnd` (the built-ins
 * its profile names, then compiled-in and `plugins_ts`). The first stages of `createSession`, alone.
 */
export async function openHost(o: HostOptions): Promise<Host> {
  const flags = CommonOptionsSchema.parse(o.flags);
  const settings = settingsOf(o, flags);
  const env = settings.env;
  const builtins = FRONT_ENDS[o.frontEnd].builtins;
  const registry = await loadRegistry(settings.config, {
    builtins,
    hostMade: builtins === "all" ? [bundlesPlugin(settings.bundles)] : [],
    compiledIn: o.plugins,
    requirements: settings.requirements,
    layers: settings.loaded.layers,
  });
  // Unknown keys are errors under --strict-config, except the tables plugins own (`[<name>]`).
  if (flags.strictConfig) rejectUnownedKeys(settings.loaded.unknownKeys, registry.ownedConfigKeys);
  const warnings = withoutOwnedTables(settings.loaded.warnings, registry.ownedConfigKeys);
  settings.loaded.warnings.splice(0, settings.loaded.warnings.length, ...warnings, ...registry.warnings);
  const policy = sandboxPolicy(settings.config, settings.cwd, flags.addDir, env);
  return { ...settings, frontEnd: o.frontEnd, flags, registry, policy };
}

/**
 * Builds a session: `openHost`, then the provider client, the sandbox backend and the instructions.
 * The config is frozen afterwards. Call `close()` when done (it fires SessionEnd once).
 */
export async function createSession(o: HostOptions): Promise<Session> {
  const host = await openHost(o);
  const provider = setupProvider(host.config, host.registry, host.env, {
    originator: FRONT_ENDS[o.frontEnd].originator,
    oss: host.flags.oss,
    codexHome: host.codexHome,
  });
  if (provider.warning) host.loaded.warnings.push(provider.warning);
  const sandbox = await chooseBackend(host.registry, host.policy, host.config.sandbox_backend);
  const baseInstructions = loadInstructionFiles(host.config, host.codexHome);
  deepFreeze(host.config);
  const instructions = new InstructionsBuilder(baseInstructions, {
    config: host.config,
    registry: host.registry,
    codexHome: host.codexHome,
    cwd: host.cwd,
    env: host.env,
    warn: (m) => host.loaded.warnings.push(m),
  });
  await instructions.refresh();
  return new Session(host, provider, sandbox, instructions);
}

const APPROVALS: readonly string[] = ApprovalPolicySchema.options;
const SANDBOXES: readonly string[] = SandboxModeSchema.options;

/** A live session: one provider client, one registry, the current settings and its threads. */
export class Session {
  readonly frontEnd: FrontEnd;
  readonly flags: CommonOptions;
  readonly env: Env;
  readonly codexHome: string;
  readonly cwd: string;
  /** Config layers and setup warnings. */
  readonly loaded: LoadedConfig;
  /** The settled configuration (frozen: mid-session changes live in the session, not here). */
  readonly config: Config;
  readonly requirements: Requirements | undefined;
  /** The plugin bundles loaded in this session. */
  readonly bundles: readonly LoadedBundle[];
  readonly registry: Registry;
  readonly providerId: string;
  readonly provider: ModelProviderInfo;
  readonly client: ModelClient;
  readonly originator: string;
  /** `text.verbosity` from config or the model catalog (sent when the model supports it). */
  readonly verbosity: string | undefined;
  readonly #instructions: InstructionsBuilder;
  #permissions: Permissions;
  #model: string;
  #reasoning: ModelRequest["reasoning"];
  #personality: Personality | undefined;
  #thread: Thread | undefined;
  #threads = 0;
  #closing: Promise<void> | undefined;

  /** Use `createSession`. */
  constructor(
    host: Host,
    provider: ProviderSetup,
    sandbox: SandboxRuntime,
    instructions: InstructionsBuilder,
  ) {
    this.frontEnd = host.frontEnd;
    this.flags = host.flags;
    this.env = host.env;
    this.codexHome = host.codexHome;
    this.cwd = host.cwd;
    this.loaded = host.loaded;
    this.config = host.config;
    this.requirements = host.requirements;
    this.bundles = host.bundles;
    this.registry = host.registry;
    this.providerId = provider.providerId;
    this.provider = provider.provider;
    this.client = provider.client;
    this.originator = provider.originator;
    this.verbosity = provider.verbosity;
    this.#instructions = instructions;
    this.#permissions = { approvalPolicy: host.config.approval_policy!, sandbox };
    this.#model = provider.model;
    this.#reasoning = provider.reasoning;
    this.#personality = host.config.personality;
  }

  /** The base instructions (built-in or `model_instructions_file`). */
  get baseInstructions(): string {
    return this.#instructions.baseInstructions;
  }
  /** Setup warnings (config, plugins, instructions). */
  get warnings(): readonly string[] {
    return this.loaded.warnings;
  }
  /** The permissions in effect now. */
  get permissions(): Permissions {
    return this.#permissions;
  }
  /** The model in effect now. */
  get model(): string {
    return this.#model;
  }
  /** The reasoning parameters in effect now. */
  get reasoning(): ModelRequest["reasoning"] {
    return this.#reasoning;
  }
  /** The personality in effect now. */
  get personality(): Personality | undefined {
    return this.#personality;
  }
  /** The current thread (the last one opened). */
  get thread(): Thread | undefined {
    return this.#thread;
  }

  /** The items a thread opened now starts with (current permissions and personality). */
  initialContext(): ResponseItem[] {
    return this.#instructions.contextFor({
      sandbox: this.#permissions.sandbox.policy,
      approvalPolicy: this.#permissions.approvalPolicy,
      personality: this.#personality,
    });
  }

  /**
   * Opens a thread with the session's current settings and makes it the current one (disposing the
   * previous one); fires SessionStart for it (source `startup`, `resume` or `fork`; `clear` for a later
   * new thread). A later new thread re-asks the plugins for their instructions first.
   */
  async openThread(o: OpenThreadOptions): Promise<Thread> {
    if (this.#closing) throw new Error("openThread: the session is closed");
    const first = this.#threads === 0;
    if (this.#thread) await this.#thread.dispose();
    if (!first && o.kind === "new") await this.#instructions.refresh();
    const thread = buildThread(this, o.kind, o);
    this.#thread = thread;
    this.#threads++;
    o.onOpen?.(thread);
    await thread.sessionStart(o.kind === "new" ? (first ? "startup" : "clear") : o.kind);
    return thread;
  }

  /** Switches the model (and optionally the reasoning effort) for later turns. */
  setModel(model: string, effort?: string): void {
    this.#model = model;
    if (effort) {
      this.#reasoning = {
        ...(this.#reasoning ?? {}),
        effort: effort as NonNullable<ModelRequest["reasoning"]>["effort"],
      };
    }
    this.#thread?.update({ model, reasoning: this.#reasoning });
  }

  /** Switches the personality for later turns; throws for an unknown name. */
  setPersonality(name: string): void {
    const parsed = PersonalitySchema.safeParse(name);
    if (!parsed.success) {
      throw new Error(
        `personality: expected one of ${PersonalitySchema.options.join(", ")}, found '${name}'`,
      );
    }
    this.#personality = parsed.data;
    this.#thread?.addContext(
      personalityText(parsed.data) ?? "Personality: none. Drop any personality instruction given earlier.",
      "developer",
    );
    this.#thread?.update({ initialContext: this.initialContext() });
  }

  /**
   * Switches the approval policy and/or sandbox mode for later turns: tools, the model's permission text
   * and the context a compaction restores all see the new ones. Throws for an unknown value.
   */
  setPermissions(change: PermissionsChange): void {
    if (change.approvalPolicy !== undefined && !APPROVALS.includes(change.approvalPolicy)) {
      throw new Error(
        `approval policy: expected one of ${APPROVALS.join(", ")}, found '${change.approvalPolicy}'`,
      );
    }
    if (change.sandboxMode !== undefined && !SANDBOXES.includes(change.sandboxMode)) {
      throw new Error(`sandbox mode: expected one of ${SANDBOXES.join(", ")}, found '${change.sandboxMode}'`);
    }
    const req = this.requirements;
    const refuse = (what: string, value: string, allowed: readonly string[] | undefined) => {
      if (!req || !allowed || allowed.includes(value)) return;
      const why = req.message ?? req.reason;
      throw new Error(
        `${what} '${value}' is not allowed by ${req.source}; allowed: ${allowed.join(", ")}${
          why ? `. ${why}` : ""
        }`,
      );
    };
    if (change.approvalPolicy !== undefined) {
      refuse("approval policy", change.approvalPolicy, req?.allowed_approval_policies);
    }
    if (change.sandboxMode !== undefined) {
      refuse("sandbox mode", change.sandboxMode, req?.allowed_sandbox_modes);
    }
    let sandbox = this.#permissions.sandbox;
    if (change.sandboxMode !== undefined) {
      const policy = sandboxPolicy(
        { ...this.config, sandbox_mode: change.sandboxMode as Config["sandbox_mode"] },
        this.cwd,
        this.flags.addDir,
        this.env,
      );
      sandbox = createSandboxRuntime(sandbox.backend, policy, sandbox.reason);
    }
    const before = permissionsText(this.#permissions.sandbox.policy, this.#permissions.approvalPolicy);
    this.#permissions = {
      approvalPolicy: change.approvalPolicy ?? this.#permissions.approvalPolicy,
      sandbox,
    };
    const after = permissionsText(sandbox.policy, this.#permissions.approvalPolicy);
    // The model is told when what it may do changed.
    if (after !== before) this.#thread?.addContext(after, "developer");
    this.#thread?.update({
      approvalPolicy: this.#permissions.approvalPolicy,
      sandbox,
      initialContext: this.initialContext(),
    });
  }

  /**
   * Ends the session once (later calls wait for the first): when a thread was opened, SessionEnd runs
   * for it with `reason`; then the current thread's tool processes are stopped.
   */
  close(reason: string): Promise<void> {
    this.#closing ??= (async () => {
      const thread = this.#thread;
      if (!thread) return;
      try {
        await thread.sessionEnd(reason);
      } catch (err) {
        thread.warn(`SessionEnd failed: ${describeError(err)}`);
      }
      await thread.dispose();
    })();
    return this.#closing;
  }
}
