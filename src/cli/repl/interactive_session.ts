/**
 * The interactive session: owns the current thread and implements `SessionControl` for slash commands
 * (new, resume, fork, compact, model and permission switches, config view).
 * @module
 */
import { resolve } from "node:path";
import type { Approver } from "../../kernel/approval.ts";
import { describeError } from "../../kernel/errors.ts";
import type { ThreadEvent, Usage } from "../../kernel/events.ts";
import type { ContentPart, ResponseItem } from "../../kernel/model.ts";
import type { ConfigEntry, SessionControl, SessionSummary, SlashCommand } from "../../kernel/plugin.ts";
import type { SandboxMode } from "../../kernel/sandbox.ts";
import type { ToolSessionState } from "../../kernel/tool.ts";
import type { Thread, TurnOutcome } from "../../kernel/thread.ts";
import { createSandboxRuntime } from "../../../sandbox/mod.ts";
import { resolveSandboxPolicy } from "../../config/resolve.ts";
import { PersonalitySchema, personalityText } from "../../config/personality.ts";
import { permissionsText } from "../../kernel/context.ts";
import type { RolloutContents } from "../../session/reader.ts";
import { recentSessions, userMessages } from "./recent_sessions.ts";
import type { SessionSetup } from "../session_setup.ts";
import { loadSource, type SessionSource } from "../session_source.ts";
import { openThread } from "../open_thread.ts";
import { VERSION } from "../version.ts";
import type { HumanRenderer } from "../human_renderer.ts";
import { effectiveConfig } from "./effective_config.ts";

/** Front-end pieces the session uses. */
export interface SessionIo {
  renderer: HumanRenderer;
  print(text: string): void;
  approver: Approver;
  ephemeral: boolean;
  onQuit(): void;
}

const APPROVALS = ["untrusted", "on-failure", "on-request", "never"];
const SANDBOXES: SandboxMode[] = ["read-only", "workspace-write", "danger-full-access"];

/** A live interactive session. */
export class InteractiveSession implements SessionControl {
  #setup: SessionSetup;
  #io: SessionIo;
  #thread!: Thread;
  #model: string;
  #effort: string | undefined;
  #approval: string;
  #sandboxMode: SandboxMode;
  #sandbox;
  #controller: AbortController | undefined;
  #personality: string | undefined;
  /** Whether a resumed or forked thread still owes its recap. */
  #recap = false;
  /** Live settings and what set them (for `/config`). */
  #sources = new Map<string, string>();

  constructor(setup: SessionSetup, io: SessionIo) {
    this.#setup = setup;
    this.#io = io;
    this.#model = setup.model;
    this.#effort = setup.reasoning?.effort;
    this.#approval = setup.approvalPolicy;
    this.#sandboxMode = setup.sandbox.policy.mode;
    this.#sandbox = setup.sandbox;
    this.#personality = setup.config.personality;
  }

  get threadId(): string {
    return this.#thread.id;
  }
  get cwd(): string {
    return this.#setup.cwd;
  }
  get codexHome(): string {
    return this.#setup.codexHome;
  }
  get model(): string {
    return this.#model;
  }
  get reasoningEffort(): string | undefined {
    return this.#effort;
  }
  get approvalPolicy(): string {
    return this.#approval;
  }
  get sandboxMode(): string {
    return this.#sandboxMode;
  }
  get usage(): Usage {
    return { ...this.#thread.usage };
  }
  /** Whether a turn is running. */
  get busy(): boolean {
    return this.#controller !== undefined;
  }

  history(): readonly ResponseItem[] {
    return this.#thread.history;
  }

  /** Starts the first thread (new, resumed or forked). */
  async open(source: SessionSource): Promise<void> {
    const previous = loadSource(source, this.#setup.codexHome, this.#setup.cwd);
    await this.#startThread(
      source.kind === "resume" ? "resume" : source.kind === "fork" ? "fork" : "new",
      previous,
    );
  }

  async #startThread(kind: "new" | "resume" | "fork", previous?: RolloutContents): Promise<void> {
    if (this.#thread) await this.#thread.dispose();
    const s = this.#setup;
    const initialContext = await s.contextFor(
      this.#sandbox.policy,
      this.#approval,
      kind === "new" && !!this.#thread,
    );
    this.#thread = openThread(s, {
      kind,
      previous,
      source: "cli",
      ephemeral: this.#io.ephemeral,
      emit: (e: ThreadEvent) => this.#io.renderer.event(e),
      onDelta: (d) => this.#io.renderer.delta(d),
      approver: this.#io.approver,
      model: this.#model,
      reasoning: this.#reasoning(),
      sandbox: this.#sandbox,
      approvalPolicy: this.#approval,
      initialContext,
    });
    for (const w of previous?.warnings ?? []) this.#thread.warn(w);
    await s.registry.hooks.run("SessionStart", {
      ...this.#thread.hookCommon(),
      hook_event_name: "SessionStart",
      source: kind === "new" ? "startup" : kind,
    });
    if (kind !== "new") {
      this.#io.print(`(${kind === "resume" ? "resumed" : "forked"} session ${this.#thread.id})`);
      this.#recap = true;
    }
    // Settings changed in this session outlive the thread: the new one starts from the startup
    // context, so a switched personality is said again (the model and permissions are passed above).
    this.#restateSettings(kind !== "new");
  }

  /**
   * Re-states settings the thread's context does not already carry: the personality when it differs
   * from the config's, and, for a resumed or forked history (which holds the old permissions text),
   * the current permissions.
   */
  #restateSettings(continued: boolean): void {
    const personality = this.#personality;
    if (personality !== undefined && personality !== this.#setup.config.personality) {
      this.#thread.addContext(
        personalityText(personality as never) ??
          "Personality: none. Drop any personality instruction given earlier.",
        "developer",
      );
    }
    if (continued && (this.#sources.has("approval_policy") || this.#sources.has("sandbox_mode"))) {
      this.#thread.addContext(permissionsText(this.#sandbox.policy, this.#approval), "developer");
    }
  }

  #reasoning() {
    const base = this.#setup.reasoning;
    if (!this.#effort) return base;
    return { ...(base ?? {}), effort: this.#effort };
  }

  /** Runs a turn; Ctrl-C (`interrupt`) ends it early. */
  async submit(prompt: string | ContentPart[]): Promise<TurnOutcome> {
    this.#controller = new AbortController();
    try {
      const outcome = await this.#thread.runTurn(prompt, this.#controller.signal);
      this.#io.renderer.finishTurn();
      if (outcome.status === "interrupted") this.#io.print("(turn interrupted)");
      return outcome;
    } finally {
      this.#controller = undefined;
    }
  }

  /** Aborts the running turn, if any. Returns whether one was running. */
  interrupt(): boolean {
    if (!this.#controller) return false;
    this.#controller.abort();
    return true;
  }

  /** Adds context the model sees next turn. */
  note(text: string): void {
    this.#thread.addContext(text);
  }

  async compact(): Promise<boolean> {
    try {
      const done = await this.#thread.compact("manual");
      // Compaction restarts history from the startup context: say the live settings again.
      if (done) {
        this.#restateSettings(false);
        if (this.#sources.has("approval_policy") || this.#sources.has("sandbox_mode")) {
          this.#thread.addContext(permissionsText(this.#sandbox.policy, this.#approval), "developer");
        }
      }
      return done;
    } catch (err) {
      this.#io.print(`compaction failed: ${describeError(err)}`);
      return false;
    }
  }

  async newThread(): Promise<void> {
    await this.#startThread("new");
    this.#io.print(`(new session ${this.#thread.id})`);
  }

  async resume(id?: string): Promise<void> {
    const source: SessionSource = id
      ? { kind: "resume", id, last: false, all: false }
      : { kind: "resume", last: true, all: false };
    await this.#startThread("resume", loadSource(source, this.#setup.codexHome, this.#setup.cwd));
    this.showRecap();
  }

  async fork(): Promise<void> {
    const snapshot: RolloutContents = {
      path: "",
      meta: {
        id: this.#thread.id,
        cwd: this.cwd,
        originator: "",
        cli_version: VERSION,
        source: "cli",
        model_provider: "",
      },
      history: [...this.#thread.history],
      usage: this.usage,
      records: 0,
      warnings: [],
    };
    await this.#startThread("fork", snapshot);
    this.showRecap();
  }

  listSessions(limit = 20): SessionSummary[] {
    return recentSessions(this.#setup.codexHome, limit);
  }

  /** Prints a short recap of a resumed or forked session: its size and the last exchange. */
  showRecap(): void {
    if (!this.#recap) return;
    this.#recap = false;
    const history = this.#thread.history;
    const users = userMessages(history);
    if (users.length === 0) return;
    const short = (t: string) => {
      const one = t.replace(/\s+/g, " ").trim();
      return one.length > 100 ? one.slice(0, 99) + "…" : one;
    };
    let lastAssistant: string | undefined;
    for (const item of history) {
      if (item.type === "message" && item.role === "assistant") {
        lastAssistant = item.content.map((p) => ("text" in p ? p.text : "")).join("");
      }
    }
    this.#io.print(`Recap: ${users.length} message${users.length === 1 ? "" : "s"} so far.`);
    this.#io.print(`  you: ${short(users.at(-1)!)}`);
    if (lastAssistant) this.#io.print(`  codex: ${short(lastAssistant)}`);
  }

  setModel(model: string, effort?: string): void {
    this.#model = model;
    this.#sources.set("model", "session (/model)");
    if (effort) {
      this.#effort = effort;
      this.#sources.set("model_reasoning_effort", "session (/model)");
    }
    this.#thread.update({ model, reasoning: this.#reasoning() });
  }

  get personality(): string | undefined {
    return this.#personality;
  }

  setPersonality(name: string): void {
    const parsed = PersonalitySchema.safeParse(name);
    if (!parsed.success) {
      throw new Error(
        `personality: expected one of ${PersonalitySchema.options.join(", ")}, found '${name}'`,
      );
    }
    this.#personality = parsed.data;
    this.#sources.set("personality", "session (/personality)");
    this.#thread.addContext(
      personalityText(parsed.data) ?? "Personality: none. Drop any personality instruction given earlier.",
      "developer",
    );
  }

  setPermissions(change: { approvalPolicy?: string; sandboxMode?: string }): void {
    if (change.approvalPolicy !== undefined && !APPROVALS.includes(change.approvalPolicy)) {
      throw new Error(
        `approval policy: expected one of ${APPROVALS.join(", ")}, found '${change.approvalPolicy}'`,
      );
    }
    if (change.sandboxMode !== undefined && !SANDBOXES.includes(change.sandboxMode as SandboxMode)) {
      throw new Error(`sandbox mode: expected one of ${SANDBOXES.join(", ")}, found '${change.sandboxMode}'`);
    }
    if (change.approvalPolicy !== undefined) {
      this.#approval = change.approvalPolicy;
      this.#sources.set("approval_policy", "session (/permissions)");
    }
    if (change.sandboxMode !== undefined) {
      this.#sources.set("sandbox_mode", "session (/permissions)");
      this.#sandboxMode = change.sandboxMode as SandboxMode;
      const policy = resolveSandboxPolicy({ ...this.#setup.config, sandbox_mode: this.#sandboxMode }, {
        cwd: this.cwd,
      });
      this.#sandbox = createSandboxRuntime(this.#sandbox.backend, policy, this.#sandbox.reason);
    }
    this.#thread.update({ approvalPolicy: this.#approval, sandbox: this.#sandbox });
  }

  /** The effective config with this session's live settings (and what set them) on top. */
  effectiveConfig(): ConfigEntry[] {
    const live: Record<string, unknown> = {
      model: this.#model,
      model_reasoning_effort: this.#effort,
      approval_policy: this.#approval,
      sandbox_mode: this.#sandboxMode,
      personality: this.#personality,
    };
    const entries = effectiveConfig(this.#setup.loaded.layers, this.#setup.config);
    for (const [key, source] of this.#sources) {
      const entry = { key, value: live[key], source };
      const at = entries.findIndex((e) => e.key === key);
      if (at >= 0) entries[at] = entry;
      else entries.push(entry);
    }
    return entries.sort((a, b) => a.key.localeCompare(b.key));
  }

  commands(): readonly SlashCommand[] {
    return [...new Set(this.#setup.registry.commands.values())];
  }

  /**
   * Runs a `!command` in the user's shell (its own process group, so Ctrl-C stops everything it
   * started). `signal` interrupts it.
   */
  async shell(
    command: string,
    signal?: AbortSignal,
  ): Promise<{ code: number; output: string; interrupted: boolean }> {
    const shell = Deno.env.get("SHELL") ?? "/bin/bash";
    const spawn = (argv: string[]) =>
      new Deno.Command(argv[0], {
        args: argv.slice(1),
        cwd: resolve(this.cwd),
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
    let child: Deno.ChildProcess;
    let group = true;
    try {
      try {
        child = spawn(["setsid", shell, "-c", command]);
      } catch {
        group = false; // no setsid(1): the shell alone
        child = spawn([shell, "-c", command]);
      }
    } catch (err) {
      return { code: 127, output: `cannot run ${shell}: ${describeError(err)}`, interrupted: false };
    }
    let interrupted = false;
    const onAbort = () => {
      interrupted = true;
      for (const sig of ["SIGTERM", "SIGKILL"] as const) {
        setTimeout(() => {
          try {
            if (group) Deno.kill(-child.pid, sig);
            else child.kill(sig);
          } catch { /* already gone */ }
        }, sig === "SIGTERM" ? 0 : 2000);
      }
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const out = await child.output();
      const dec = new TextDecoder();
      return { code: out.code, output: dec.decode(out.stdout) + dec.decode(out.stderr), interrupted };
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
  }

  pluginState(owner: string): ToolSessionState {
    return this.#thread.pluginState(owner);
  }

  quit(): void {
    this.#io.onQuit();
  }

  /** Ends the session: tool processes are stopped, SessionEnd runs. */
  async close(reason: string): Promise<void> {
    await this.#setup.registry.hooks.run("SessionEnd", {
      ...this.#thread.hookCommon(),
      hook_event_name: "SessionEnd",
      reason,
    });
    await this.#thread.dispose();
  }
}
