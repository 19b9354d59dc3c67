/**
 * A real `ToolContext` for tool tests: items go to an `ItemTracker` whose events are collected, tool
 * state is kept per tool name like the kernel does, and commands run through the `none` sandbox.
 *
 * ```ts
 * const h = new ToolHarness();
 * await h.load(shellPlugin);
 * const result = await h.call("exec_command", { cmd: "echo hi" });
 * await h.dispose();
 * ```
 * @module
 */
import type { Config } from "../../src/config/schema.ts";
import type { ThreadEvent, ThreadItem } from "../../src/kernel/events.ts";
import type { HookRunResult } from "../../src/kernel/hooks.ts";
import { ItemTracker } from "../../src/kernel/items.ts";
import type { Plugin } from "../../src/kernel/plugin.ts";
import { registerTool, Registry } from "../../src/kernel/registry.ts";
import type { SandboxBackend, SandboxPolicy, SandboxRuntime } from "../../src/kernel/sandbox.ts";
import type {
  CustomToolDefinition,
  FunctionToolDefinition,
  ToolContext,
  ToolResult,
  ToolSessionState,
} from "../../src/kernel/tool.ts";
import { createSandboxRuntime } from "../../sandbox/mod.ts";
import { noneSandbox } from "../../sandbox/none/mod.ts";
import type { z } from "zod";

/** Session state per tool name (as the kernel keeps it), disposed all at once. */
export class TestToolStates {
  readonly #values = new Map<string, Map<string, unknown>>();
  #disposers: (() => void | Promise<void>)[] = [];

  /** The state of one tool. */
  for(tool: string): ToolSessionState {
    let values = this.#values.get(tool);
    if (!values) {
      values = new Map();
      this.#values.set(tool, values);
    }
    const map = values;
    return {
      get: <T>(key: string, init: () => T): T => {
        if (!map.has(key)) map.set(key, init());
        return map.get(key) as T;
      },
      onDispose: (fn) => {
        this.#disposers.push(fn);
      },
    };
  }

  /** Cleanups registered and not yet run. */
  get pendingDisposers(): number {
    return this.#disposers.length;
  }

  /** Runs every cleanup once; rejects with the first error (tests should see cleanup failures). */
  async dispose(): Promise<void> {
    const fns = this.#disposers.splice(0);
    const results = await Promise.allSettled(fns.map(async (fn) => await fn()));
    const failed = results.find((r) => r.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }
}

/** A workspace-write policy rooted at `cwd`, network off (override fields as needed). */
export function testPolicy(cwd: string, overrides: Partial<SandboxPolicy> = {}): SandboxPolicy {
  return {
    mode: "workspace-write",
    writableRoots: [cwd],
    readOnlyPaths: [],
    networkAccess: false,
    ...overrides,
  };
}

/** Options of `ToolHarness`. */
export interface HarnessOptions {
  /** Turn cwd (default: `Deno.cwd()`). */
  cwd?: string;
  config?: Config;
  /** Default: `testPolicy(cwd)`. */
  policy?: SandboxPolicy;
  /** Default: the `none` backend. */
  backend?: SandboxBackend;
  threadId?: string;
  turnId?: string;
}

/** Builds contexts for tool calls and records everything they emit. */
export class ToolHarness {
  /** Every thread event emitted by items, in order. */
  readonly events: ThreadEvent[] = [];
  /** Messages passed to `ctx.warn`. */
  readonly warnings: string[] = [];
  readonly items: ItemTracker;
  readonly states = new TestToolStates();
  readonly sandbox: SandboxRuntime;
  readonly registry = new Registry();
  readonly cwd: string;
  readonly config: Config;
  readonly threadId: string;
  /** The current turn; change it to simulate a new turn. */
  turnId: string;

  constructor(options: HarnessOptions = {}) {
    this.cwd = options.cwd ?? Deno.cwd();
    this.config = options.config ?? {};
    this.threadId = options.threadId ?? crypto.randomUUID();
    this.turnId = options.turnId ?? "turn-1";
    this.items = new ItemTracker((event) => this.events.push(event));
    this.sandbox = createSandboxRuntime(
      options.backend ?? noneSandbox,
      options.policy ?? testPolicy(this.cwd),
      "test harness",
    );
  }

  /** A context for one call of `tool`. */
  context(tool: string, overrides: Partial<ToolContext> = {}): ToolContext {
    return {
      callId: `call_${crypto.randomUUID().slice(0, 8)}`,
      threadId: this.threadId,
      turnId: this.turnId,
      cwd: this.cwd,
      signal: new AbortController().signal,
      items: this.items,
      sandbox: this.sandbox,
      config: this.config,
      session: this.states.for(tool),
      warn: (message) => this.warnings.push(message),
      ...overrides,
    };
  }

  /** Sets up plugins in the harness's registry. */
  async load(...plugins: Plugin[]): Promise<void> {
    await this.registry.load(plugins, this.config);
  }

  /** Calls a tool registered by a loaded plugin. `args` is JSON-encoded unless it is already a string. */
  async call(name: string, args: unknown, overrides: Partial<ToolContext> = {}): Promise<ToolResult> {
    const tool = this.registry.tools.get(name);
    if (!tool) throw new Error(`no tool named ${name} is registered`);
    const raw = typeof args === "string" ? args : JSON.stringify(args);
    return await tool.invoke(raw, this.context(name, overrides));
  }

  /** Calls a tool definition directly through `registerTool` (validation included). */
  async invoke<S extends z.ZodType>(
    def: FunctionToolDefinition<S> | CustomToolDefinition,
    args: unknown,
    overrides: Partial<ToolContext> = {},
  ): Promise<ToolResult> {
    const raw = typeof args === "string" ? args : JSON.stringify(args);
    return await registerTool(def).invoke(raw, this.context(def.name, overrides));
  }

  /** Runs the `Stop` hook for the current (or given) turn, as the kernel does before `turn.completed`. */
  async stop(turnId: string = this.turnId): Promise<HookRunResult<"Stop">> {
    return await this.registry.hooks.run("Stop", {
      session_id: this.threadId,
      turn_id: turnId,
      cwd: this.cwd,
      model: "test-model",
      hook_event_name: "Stop",
      stop_hook_active: false,
      last_assistant_message: null,
    });
  }

  /** The items of `item.*` events, with the event type, for compact assertions. */
  itemEvents(): { type: string; item: ThreadItem }[] {
    return this.events.flatMap((e) =>
      e.type.startsWith("item.") ? [{ type: e.type, item: (e as { item: ThreadItem }).item }] : []
    );
  }

  /** Ends the session: runs every tool's cleanup. */
  async dispose(): Promise<void> {
    await this.states.dispose();
  }
}
