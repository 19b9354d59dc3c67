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
import type { ApprovalDecision, ApprovalRequest } from "../../src/plugin_api/approval.ts";
import { Approvals } from "../../src/host/approvals.ts";
import type { ThreadEvent, ThreadItem } from "../../src/kernel/events.ts";
import type { DecisionResult } from "../../src/kernel/hooks.ts";
import { ItemTracker } from "../../src/kernel/items.ts";
import { ToolStates } from "../../src/host/tool_state.ts";
import type { Plugin } from "../../src/kernel/plugin.ts";
import { registerTool } from "../../src/host/register_tool.ts";
import { HostRegistry } from "../../src/host/registry.ts";
import type { SandboxBackend, SandboxPolicy, SandboxRuntime } from "../../src/plugin_api/sandbox.ts";
import type { CustomToolDefinition, FunctionToolDefinition } from "../../src/plugin_api/tools.ts";
import type { ToolContext, ToolResult } from "../../src/kernel/tool.ts";
import { createSandboxRuntime } from "../../sandbox/mod.ts";
import { noneSandbox } from "../../sandbox/none/mod.ts";
import type { z } from "zod";

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
  /** Answers approval requests (default: deny). Every request is also recorded in `approvals`. */
  approver?: (request: ApprovalRequest) => ApprovalDecision | Promise<ApprovalDecision>;
}

/** Builds contexts for tool calls and records everything they emit. */
export class ToolHarness {
  /** Every thread event emitted by items, in order. */
  readonly events: ThreadEvent[] = [];
  /** Messages passed to `ctx.warn`. */
  readonly warnings: string[] = [];
  readonly items: ItemTracker;
  readonly states = new ToolStates();
  readonly sandbox: SandboxRuntime;
  readonly registry = new HostRegistry();
  readonly cwd: string;
  readonly config: Config;
  readonly threadId: string;
  /** The current turn; change it to simulate a new turn. */
  turnId: string;
  /** Approval requests that reached the approver, in order. */
  readonly approvals: ApprovalRequest[] = [];
  readonly #approvals: Approvals;

  constructor(options: HarnessOptions = {}) {
    this.cwd = options.cwd ?? Deno.cwd();
    this.config = options.config ?? {};
    this.threadId = options.threadId ?? crypto.randomUUID();
    this.turnId = options.turnId ?? "turn-1";
    this.items = new ItemTracker((event) => this.events.push(event));
    const answer = options.approver ?? (() => ({ decision: "denied" as const }));
    this.#approvals = new Approvals(this.registry.hooks, {
      ask: async (request) => {
        this.approvals.push(request);
        return await answer(request);
      },
    });
    this.sandbox = createSandboxRuntime(
      options.backend ?? noneSandbox,
      options.policy ?? testPolicy(this.cwd),
      "test harness",
    );
  }

  /** A context for one call of a tool registered by plugin `owner` (tools of one owner share state). */
  context(owner: string, overrides: Partial<ToolContext> = {}): ToolContext {
    return {
      callId: `call_${crypto.randomUUID().slice(0, 8)}`,
      threadId: this.threadId,
      turnId: this.turnId,
      cwd: this.cwd,
      signal: new AbortController().signal,
      items: this.items,
      sandbox: this.sandbox,
      approvalPolicy: this.config.approval_policy ?? "on-request",
      config: this.config,
      session: this.states.for(owner),
      warn: (message) => this.warnings.push(message),
      approve: (request) =>
        this.#approvals.request(request, {
          hookCommon: { session_id: this.threadId, cwd: this.cwd, model: "test-model", turn_id: this.turnId },
          callId: "call_harness",
          signal: new AbortController().signal,
          abortTurn: () => this.warnings.push("turn aborted at an approval prompt"),
        }),
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
    return await tool.invoke(raw, this.context(tool.owner, overrides));
  }

  /** Calls a tool definition directly through `registerTool` (validation included); such tools share one state. */
  async invoke<S extends z.ZodType>(
    def: FunctionToolDefinition<S> | CustomToolDefinition,
    args: unknown,
    overrides: Partial<ToolContext> = {},
  ): Promise<ToolResult> {
    const raw = typeof args === "string" ? args : JSON.stringify(args);
    return await registerTool(def, "direct").invoke(raw, this.context("direct", overrides));
  }

  /** Runs the `Stop` hook for the current (or given) turn, as the kernel does before `turn.completed`. */
  async stop(turnId: string = this.turnId): Promise<DecisionResult<"Stop">> {
    return await this.registry.hooks.decide("Stop", {
      session_id: this.threadId,
      turn_id: turnId,
      cwd: this.cwd,
      model: "test-model",
      hook_event_name: "Stop",
      stop_hook_active: false,
      last_assistant_message: null,
      input_messages: [],
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
    const [first] = await this.states.dispose();
    if (first) throw first;
  }
}
