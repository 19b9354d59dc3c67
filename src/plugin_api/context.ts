/**
 * What this CLI's host adds to the kernel's plugin and tool contexts (declaration merging): plugins
 * register tools, slash commands, providers, sandbox backends, instructions, shared contributions and
 * resolvers of namespaced tool calls;
 * tools get the session's sandbox, its current approval policy, `approve` and their plugin's session
 * state. The host fills them in src/host/registry.ts and src/host/thread.ts.
 * @module
 */
import type { Schema } from "../kernel/schema.ts";
import type { ApprovalDecision, ApprovalQuery } from "./approval.ts";
import type { InstructionsContributor, SlashCommand } from "./commands.ts";
import type { ProviderRegistration } from "./provider.ts";
import type { SandboxBackend, SandboxRuntime } from "./sandbox.ts";
import type {
  CustomToolDefinition,
  FunctionToolDefinition,
  ToolCallResolver,
  ToolSessionState,
} from "./tools.ts";

declare module "../kernel/plugin.ts" {
  /** This CLI's registrations. */
  interface PluginContextExtensions<S> {
    /** Registers a tool offered to the model. */
    tool<P extends Schema>(definition: FunctionToolDefinition<P> | CustomToolDefinition): void;
    /** Registers a model provider. */
    provider(registration: ProviderRegistration): void;
    /** Registers a slash command. */
    command(command: SlashCommand<S>): void;
    /** Registers a sandbox backend. */
    sandbox(backend: SandboxBackend): void;
    /** Contributes developer-instructions text to every new thread. */
    instructions(contributor: InstructionsContributor): void;
    /**
     * Adds `value` to the shared list `kind`, which other plugins read with `contributions` (e.g. the skills
     * plugin reads `"skills"`: folder URLs of SKILL.md skills).
     */
    contribute(kind: string, value: unknown): void;
    /** Everything plugins contributed to `kind` so far (a live view; read it when needed, not at setup). */
    contributions<T = unknown>(kind: string): readonly T[];
    /**
     * Maps a namespaced tool call (`namespace` + `name`, as some models send) to a registered tool name;
     * return undefined for calls the plugin does not own.
     */
    resolveToolCall(resolver: ToolCallResolver): void;
  }
}

declare module "../kernel/tool.ts" {
  /** What this CLI's tools get from the session. */
  interface ToolContextExtensions {
    /** The sandbox backend and policy every command must go through (the session's current ones). */
    sandbox: SandboxRuntime;
    /**
     * The session's current approval policy (it changes mid-session, e.g. with `/permissions`); tools read
     * this, never the startup `config.approval_policy`.
     */
    approvalPolicy: string;
    /**
     * Asks whether a person allows an action (PermissionRequest hooks first, then the session's approver;
     * "approved for this session" answers are remembered by `cacheKey`). An `abort` answer ends the turn.
     */
    approve(request: ApprovalQuery): Promise<ApprovalDecision>;
    /** Session-scoped state of the plugin that registered this tool. */
    session: ToolSessionState;
  }
}
