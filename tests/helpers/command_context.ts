/**
 * A recording `SessionControl` and `CommandContext` for slash-command tests. Calls are recorded in
 * `calls` (method name and arguments), printed lines in `printed`, submitted prompts in `submitted`.
 * `shell` really runs the command in `cwd` with `/bin/sh` (so /diff can be tested against a real repo)
 * unless a `shell` answer is given.
 *
 * ```ts
 * const fake = new FakeSession({ cwd });
 * await fake.run(registry, "/model gpt-5 high");
 * assertEquals(fake.calls, [["setModel", "gpt-5", "high"]]);
 * ```
 * @module
 */
import { PersonalitySchema } from "../../src/config/personality.ts";
import type { Config } from "../../src/config/schema.ts";
import type { Usage } from "../../src/kernel/events.ts";
import type { ResponseItem } from "../../src/kernel/model.ts";
import type { CommandContext, ConfigEntry, SessionControl, SessionSummary, SlashCommand } from "../../mod.ts";
import type { HostRegistry } from "../../src/host/registry.ts";
import type { ToolSessionState } from "../../src/plugin_api/tools.ts";
import { ToolStates } from "../../src/host/tool_state.ts";

/** Options of `FakeSession`; every field has a default. */
export interface FakeSessionOptions {
  cwd?: string;
  codexHome?: string;
  threadId?: string;
  model?: string;
  reasoningEffort?: string;
  approvalPolicy?: string;
  sandboxMode?: string;
  usage?: Partial<Usage>;
  config?: Config;
  sessions?: SessionSummary[];
  configEntries?: ConfigEntry[];
  /** Result of `compact()` (default true). */
  compactResult?: boolean;
  /** Answers `shell` instead of running the command. */
  shell?: (command: string) => { code: number; output: string };
  /** Commands `commands()` returns (default: those of the registry passed to `run`). */
  commands?: SlashCommand[];
}

/** A recording session. */
export class FakeSession implements SessionControl {
  /** `[method, ...args]` for every call that changes something or runs something. */
  readonly calls: unknown[][] = [];
  readonly printed: string[] = [];
  readonly submitted: string[] = [];
  readonly cwd: string;
  readonly codexHome: string;
  threadId: string;
  model: string;
  reasoningEffort: string | undefined;
  approvalPolicy: string;
  sandboxMode: string;
  personality: string | undefined;
  usage: Usage;
  config: Config;
  quitCalled = false;
  #o: FakeSessionOptions;
  #commands: SlashCommand[] = [];
  #states = new ToolStates();

  constructor(o: FakeSessionOptions = {}) {
    this.#o = o;
    this.cwd = o.cwd ?? Deno.cwd();
    this.codexHome = o.codexHome ?? "/nonexistent/codex-home";
    this.threadId = o.threadId ?? "thread-1";
    this.model = o.model ?? "test-model";
    this.reasoningEffort = o.reasoningEffort;
    this.personality = o.config?.personality;
    this.approvalPolicy = o.approvalPolicy ?? "on-request";
    this.sandboxMode = o.sandboxMode ?? "workspace-write";
    this.usage = {
      input_tokens: 0,
      cached_input_tokens: 0,
      cache_write_input_tokens: 0,
      output_tokens: 0,
      reasoning_output_tokens: 0,
      ...o.usage,
    };
    this.config = o.config ?? {};
    this.#commands = o.commands ?? [];
  }

  history(): readonly ResponseItem[] {
    return [];
  }
  compact(): Promise<boolean> {
    this.calls.push(["compact"]);
    return Promise.resolve(this.#o.compactResult ?? true);
  }
  newThread(): Promise<void> {
    this.calls.push(["newThread"]);
    return Promise.resolve();
  }
  resume(id?: string): Promise<void> {
    this.calls.push(["resume", id]);
    return Promise.resolve();
  }
  fork(): Promise<void> {
    this.calls.push(["fork"]);
    return Promise.resolve();
  }
  listSessions(limit?: number): SessionSummary[] {
    return (this.#o.sessions ?? []).slice(0, limit);
  }
  setModel(model: string, effort?: string): void {
    this.calls.push(["setModel", model, effort]);
    this.model = model;
    if (effort) this.reasoningEffort = effort;
  }
  setPersonality(name: string): void {
    this.calls.push(["setPersonality", name]);
    if (!PersonalitySchema.safeParse(name).success) {
      throw new Error(`personality: expected one of friendly, pragmatic, none, found '${name}'`);
    }
    this.personality = name;
  }
  setPermissions(change: { approvalPolicy?: string; sandboxMode?: string }): void {
    this.calls.push(["setPermissions", change]);
    if (change.approvalPolicy) this.approvalPolicy = change.approvalPolicy;
    if (change.sandboxMode) this.sandboxMode = change.sandboxMode;
  }
  effectiveConfig(): ConfigEntry[] {
    return this.#o.configEntries ?? [];
  }
  commands(): readonly SlashCommand[] {
    return this.#commands;
  }
  async shell(command: string): Promise<{ code: number; output: string }> {
    this.calls.push(["shell", command]);
    if (this.#o.shell) return this.#o.shell(command);
    const out = await new Deno.Command("/bin/sh", {
      args: ["-c", command],
      cwd: this.cwd,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const dec = new TextDecoder();
    return { code: out.code, output: dec.decode(out.stdout) + dec.decode(out.stderr) };
  }
  pluginState(owner: string): ToolSessionState {
    return this.#states.for(owner);
  }
  quit(): void {
    this.calls.push(["quit"]);
    this.quitCalled = true;
  }

  /** A command context whose `print` and `submit` are recorded here. */
  context(): CommandContext {
    return {
      config: this.config,
      print: (text) => void this.printed.push(...text.split("\n")),
      submit: (prompt) => {
        this.submitted.push(prompt);
        return Promise.resolve();
      },
      session: this,
    };
  }

  /**
   * Runs a `/name args` line against `registry`'s commands, like the REPL does. Throws when the command
   * is unknown.
   */
  async run(registry: HostRegistry, line: string): Promise<void> {
    if (!this.#o.commands) this.#commands = [...new Set(registry.commands.values())];
    const [name, ...rest] = line.replace(/^\//, "").split(/\s+/);
    const command = registry.commands.get(name);
    if (!command) throw new Error(`expected a registered command /${name}, found none`);
    await command.run(rest.join(" "), this.context());
  }

  /** The printed output as one string. */
  output(): string {
    return this.printed.join("\n");
  }
}
