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
import { listRollouts, peekMeta } from "../../session/list.ts";
import { readRollout, type RolloutContents } from "../../session/reader.ts";
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
    await this.#thread.sessionStart(kind === "new" ? "startup" : kind);
    if (kind !== "new") {
      this.#io.print(`(${kind === "resume" ? "resumed" : "forked"} session ${this.#thread.id})`);
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
      return await this.#thread.compact("manual");
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
  }

  listSessions(limit = 20): SessionSummary[] {
    return listRollouts(this.#setup.codexHome).slice(0, limit).map((path) => {
      const meta = peekMeta(path) as { id?: string; cwd?: string; timestamp?: string } | undefined;
      let preview = "";
      try {
        const first = readRollout(path).history.find((i) =>
          i.type === "message" && i.role === "user" &&
          !/^(# AGENTS\.md|<environment_context>)/.test(
            i.content.map((p) => ("text" in p ? p.text : "")).join(""),
          )
        );
        if (first?.type === "message") {
          preview = first.content.map((p) => ("text" in p ? p.text : "")).join(" ");
        }
      } catch { /* unreadable: no preview */ }
      return {
        id: meta?.id ?? "?",
        cwd: meta?.cwd ?? "?",
        path,
        startedAt: meta?.timestamp ?? "",
        preview: preview.replace(/\s+/g, " ").slice(0, 80),
      };
    });
  }

  setModel(model: string, effort?: string): void {
    this.#model = model;
    if (effort) this.#effort = effort;
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
    if (change.approvalPolicy !== undefined) this.#approval = change.approvalPolicy;
    if (change.sandboxMode !== undefined) {
      this.#sandboxMode = change.sandboxMode as SandboxMode;
      const policy = resolveSandboxPolicy({ ...this.#setup.config, sandbox_mode: this.#sandboxMode }, {
        cwd: this.cwd,
      });
      this.#sandbox = createSandboxRuntime(this.#sandbox.backend, policy, this.#sandbox.reason);
    }
    this.#thread.update({ approvalPolicy: this.#approval, sandbox: this.#sandbox });
  }

  effectiveConfig(): ConfigEntry[] {
    return effectiveConfig(this.#setup.loaded.layers, this.#setup.config);
  }

  commands(): readonly SlashCommand[] {
    return [...new Set(this.#setup.registry.commands.values())];
  }

  async shell(command: string): Promise<{ code: number; output: string }> {
    const shell = Deno.env.get("SHELL") ?? "/bin/bash";
    try {
      const out = await new Deno.Command(shell, {
        args: ["-c", command],
        cwd: resolve(this.cwd),
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      const dec = new TextDecoder();
      return { code: out.code, output: dec.decode(out.stdout) + dec.decode(out.stderr) };
    } catch (err) {
      return { code: 127, output: `cannot run ${shell}: ${describeError(err)}` };
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
    await this.#thread.sessionEnd(reason);
    await this.#thread.dispose();
  }
}
