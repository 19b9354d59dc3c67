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
import type { SlashCommand } from "../../kernel/plugin.ts";
import type { ToolSessionState } from "../../kernel/tool.ts";
import type { Thread, TurnOutcome } from "../../kernel/thread.ts";
import { listRollouts, peekMeta } from "../../session/list.ts";
import { readRollout, type RolloutContents } from "../../session/reader.ts";
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
    }
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
    await this.#startThread("resume", loadSource(source, this.#session.codexHome, this.#session.cwd));
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
    return listRollouts(this.#session.codexHome).slice(0, limit).map((path) => {
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
    this.#session.setModel(model, effort);
  }

  get personality(): string | undefined {
    return this.#session.personality;
  }

  setPersonality(name: string): void {
    this.#session.setPersonality(name);
  }

  setPermissions(change: { approvalPolicy?: string; sandboxMode?: string }): void {
    this.#session.setPermissions(change);
  }

  effectiveConfig(): ConfigEntry[] {
    return effectiveConfig(this.#session.loaded.layers, this.#session.config);
  }

  commands(): readonly SlashCommand<SessionControl>[] {
    return [...new Set(this.#session.registry.commands.values())];
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

  /** Ends the session: SessionEnd runs, tool processes are stopped. */
  close(reason: string): Promise<void> {
    return this.#session.close(reason);
  }
}
