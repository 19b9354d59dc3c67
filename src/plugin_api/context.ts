/**
 * What this CLI's host adds to the kernel's plugin and tool contexts (declaration merging): plugins
 * register slash commands, providers, sandbox backends and instructions; tools get the session's
 * sandbox, its current approval policy and `approve`. The host fills them in src/host/registry.ts and
 * src/host/thread.ts.
 * @module
 */
import type { ApprovalDecision, ApprovalQuery } from "./approval.ts";
import type { InstructionsContributor, SlashCommand } from "./commands.ts";
import type { ProviderRegistration } from "./provider.ts";
import type { SandboxBackend, SandboxRuntime } from "./sandbox.ts";

declare module "../kernel/plugin.ts" {
  /** This CLI's registrations. */
  interface PluginContextExtensions<S> {
    /** Registers a model provider. */
    provider(registration: ProviderRegistration): void;
    /** Registers a slash command. */
    command(command: SlashCommand<S>): void;
    /** Registers a sandbox backend. */
    sandbox(backend: SandboxBackend): void;
    /** Contributes developer-instructions text to every new thread. */
    instructions(contributor: InstructionsContributor): void;
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
  }
}
