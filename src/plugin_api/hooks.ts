/**
 * The hook events of this CLI (Codex's vocabulary): each event's mode and input, added to the kernel's
 * `HookSpecs` by declaration merging, the run-time table of modes and Codex's legacy aliases.
 * @module
 */
import type { HookEvent } from "../kernel/hooks.ts";

/** Fields present on every hook input. */
export interface HookCommon {
  /** The session (thread) id. */
  session_id: string;
  /** Working directory (absolute). */
  cwd: string;
  /** Model slug. */
  model: string;
  /** The event being run. */
  hook_event_name: HookEvent;
  /** The turn id, when inside a turn. */
  turn_id?: string;
  /** The session's rollout file; null for an ephemeral session. */
  transcript_path?: string | null;
  /** `bypassPermissions` under approval policy `never`, else `default` (as Codex 0.171 reports it). */
  permission_mode?: "default" | "bypassPermissions";
}

/** Tool fields shared by the tool events. */
export interface ToolFields {
  /** The tool called (its registered name). */
  tool_name: string;
  /** The call's arguments (parsed JSON, or the raw text). */
  tool_input: unknown;
  /** The model's call id. */
  tool_use_id: string;
}

/** Every event's mode and its own input fields (the common fields are added in `HookSpecs`). */
export interface CodexHookEvents {
  /** Before the first turn; `additionalContext` becomes developer context the model sees. */
  SessionStart: { mode: "transform"; input: { source: "startup" | "resume" | "clear" | "fork" } };
  /** A user prompt; deny blocks the turn, `input.prompt` rewrites it, context is added after it. */
  UserPromptSubmit: { mode: "decision"; input: { prompt: string } };
  /** Before each model request; `input.model` switches the model, context is added to that request. */
  BeforeModel: { mode: "transform"; input: { model: string; input_items: number } };
  /** Before a tool runs: deny blocks, ask forces an approval prompt, allow skips the tool's approval. */
  PreToolUse: { mode: "decision"; input: ToolFields };
  /** Before a person is asked: allow/deny answer without asking. */
  PermissionRequest: { mode: "decision"; input: ToolFields };
  /** After a tool succeeded: deny (`block`) replaces the output the model sees with the reason. */
  PostToolUse: { mode: "decision"; input: ToolFields & { tool_response: string } };
  /** After a tool failed. */
  PostToolUseFailure: { mode: "observe"; input: ToolFields & { error: string } };
  /** Before compaction; deny skips it. */
  PreCompact: { mode: "decision"; input: { trigger: "manual" | "auto" } };
  /** After compaction. */
  PostCompact: { mode: "observe"; input: { trigger: "manual" | "auto" } };
  /** When the model ends a turn; deny with a reason continues the turn with the reason as user input. */
  Stop: {
    mode: "decision";
    input: { stop_hook_active: boolean; last_assistant_message: string | null; input_messages: string[] };
  };
  /** When the session ends. */
  SessionEnd: { mode: "observe"; input: { reason: string } };
  /** When a person is being waited for. */
  Notification: { mode: "observe"; input: { message: string } };
}

/** The events as the bus runs them: each input carries the common fields. */
export type CodexHookSpecs = {
  [E in keyof CodexHookEvents]: {
    mode: CodexHookEvents[E]["mode"];
    input: CodexHookEvents[E]["input"] & HookCommon;
  };
};

declare module "../kernel/hooks.ts" {
  /** The kernel's hook bus runs this CLI's events. */
  interface HookSpecs extends CodexHookSpecs {}
  /** Codex's legacy names. */
  interface HookEventAliases {
    /** Codex's name for `Stop`. */
    AfterAgent: "Stop";
    /** Codex's name for `PostToolUse`. */
    AfterToolUse: "PostToolUse";
  }
}

/** The run mode of every event, checked against the specs by the compiler. */
export const HOOK_MODES: { readonly [E in keyof CodexHookEvents]: CodexHookEvents[E]["mode"] } = {
  SessionStart: "transform",
  UserPromptSubmit: "decision",
  BeforeModel: "transform",
  PreToolUse: "decision",
  PermissionRequest: "decision",
  PostToolUse: "decision",
  PostToolUseFailure: "observe",
  PreCompact: "decision",
  PostCompact: "observe",
  Stop: "decision",
  SessionEnd: "observe",
  Notification: "observe",
};

/** Codex's legacy names, accepted wherever an event name is. */
export const HOOK_ALIASES: Readonly<Record<string, HookEvent>> = {
  AfterAgent: "Stop",
  AfterToolUse: "PostToolUse",
};

/** Resolves a canonical name or alias; undefined when unknown. */
export function resolveHookEvent(name: string): HookEvent | undefined {
  if (name in HOOK_MODES) return name as HookEvent;
  return HOOK_ALIASES[name];
}
