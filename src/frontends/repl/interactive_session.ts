/**
 * The interactive session: owns the current thread and implements `SessionControl` for slash commands
 * (new, resume, fork, compact, model and permission switches, config view).
 * @module
 */
import { resolve } from "node:path";
import type { Approver } from "../../plugin_api/approval.ts";
import { describeError } from "../../kernel/errors.ts";
import type { ThreadEvent, Usage } from "../../kernel/events.ts";
import type { ContentPart, ResponseItem } from "../../kernel/model.ts";
import type { SlashCommand } from "../../plugin_api/commands.ts";
import type { ToolSessionState } from "../../plugin_api/tools.ts";
import type { TurnOutcome } from "../../kernel/thread.ts";
import type { HostThread as Thread } from "../../host/thread.ts";
import type { RolloutContents } from "../../session/reader.ts";
import { permissionsText } from "../../host/context.ts";
import { personalityText } from "../../config/personality.ts";
import { recentSessions, userMessages } from "./recent_sessions.ts";
import {
  type ConfigEntry,
  loadSource,
  type Session,
  type SessionControl,
  type SessionSource,
  type SessionSummary,
} from "../../host/mod.ts";
import { VERSION } from "../../../lib/version.ts";
import type { HumanRenderer } from "../exec/human_renderer.ts";
import { effectiveConfig } from "./effective_config.ts";

/** Front-end pieces the session uses. */
export interface SessionIo {
  renderer: HumanRenderer;
  print(text: string): void;
  approver: Approver;
  ephemeral: boolean;
  onQuit(): void;
}

/** A live interactive session: the host session plus the REPL's I/O, as slash commands see it. */
export class InteractiveSession implements SessionControl {
  #session: Session;
  #io: SessionIo;
  #controller: AbortController | undefined;
  /** Whether a resumed or forked thread still owes its recap. */
  #recap = false;
  /** Settings changed in this session and what changed them (for `/config`). */
  #sources = new Map<string, string>();

  constructor(session: Session, io: SessionIo) {
    this.#session = session;
    this.#io = io;
  }

  get #thread(): Thread {
    const thread = this.#session.thread;
    if (!thread) throw new Error("the interactive session has no thread yet: call open() first");
    return thread;
  }

  get threadId(): string {
    return this.#thread.id;
  }
  get cwd(): string {
    return this.#session.cwd;
  }
  get codexHome(): string {
    return this.#session.codexHome;
  }
  get model(): string {
    return this.#session.model;
  }
  get reasoningEffort(): string | undefined {
    return this.#session.reasoning?.effort;
  }
  get approvalPolicy(): string {
    return this.#session.permissions.approvalPolicy;
  }
  get sandboxMode(): string {
    return this.#session.permissions.sandbox.policy.mode;
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
    const previous = loadSource(source, this.#session.codexHome, this.#session.cwd);
    await this.#startThread(source.kind, previous);
  }

  async #startThread(kind: "new" | "resume" | "fork", previous?: RolloutContents): Promise<void> {
    const thread = await this.#session.openThread({
      kind,
      previous,
      source: "cli",
      ephemeral: this.#io.ephemeral,
      emit: (e: ThreadEvent) => this.#io.renderer.event(e),
      onDelta: (d) => this.#io.renderer.delta(d),
      approver: this.#io.approver,
      onOpen: (thread) => {
        for (const w of previous?.warnings ?? []) thread.warn(w);
      },
    });
    if (kind !== "new") {
      this.#io.print(`(${kind === "resume" ? "resumed" : "forked"} session ${thread.id})`);
      this.#recap = true;
      // A continued history holds the settings of its time: say the ones changed in this session.
      const personality = this.#session.personality;
      if (this.#sources.has("personality")) {
        thread.addContext(
          personalityText(personality) ??
            "Personality: none. Drop any personality instruction given earlier.",
          "developer",
        );
      }
      if (this.#sources.has("approval_policy") || this.#sources.has("sandbox_mode")) {
        const p = this.#session.permissions;
        thread.addContext(permissionsText(p.sandbox.policy, p.approvalPolicy), "developer");
      }
    }
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
    await this.#startThread("resume", loadSource(source, this.#session.codexHome, this.#session.cwd));
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
    return recentSessions(this.#session.codexHome, limit);
  }

  setModel(model: string, effort?: string): void {
    this.#session.setModel(model, effort);
    this.#sources.set("model", "session (/model)");
    if (effort) this.#sources.set("model_reasoning_effort", "session (/model)");
  }

  get personality(): string | undefined {
    return this.#session.personality;
  }

  setPersonality(name: string): void {
    this.#session.setPersonality(name);
    this.#sources.set("personality", "session (/personality)");
  }

  setPermissions(change: { approvalPolicy?: string; sandboxMode?: string }): void {
    this.#session.setPermissions(change);
    if (change.approvalPolicy !== undefined) this.#sources.set("approval_policy", "session (/permissions)");
    if (change.sandboxMode !== undefined) this.#sources.set("sandbox_mode", "session (/permissions)");
  }

  /** The effective config with this session's live settings (and what set them) on top. */
  effectiveConfig(): ConfigEntry[] {
    const live: Record<string, unknown> = {
      model: this.model,
      model_reasoning_effort: this.reasoningEffort,
      approval_policy: this.approvalPolicy,
      sandbox_mode: this.sandboxMode,
      personality: this.personality,
    };
    const entries = effectiveConfig(this.#session.loaded.layers, this.#session.config);
    for (const [key, source] of this.#sources) {
      const entry = { key, value: live[key], source };
      const at = entries.findIndex((e) => e.key === key);
      if (at >= 0) entries[at] = entry;
      else entries.push(entry);
    }
    return entries.sort((a, b) => a.key.localeCompare(b.key));
  }

  commands(): readonly SlashCommand<SessionControl>[] {
    return [...new Set(this.#session.registry.commands.values())];
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

  /** Ends the session: SessionEnd runs, tool processes are stopped. */
  close(reason: string): Promise<void> {
    return this.#session.close(reason);
  }
}
