/**
 * The hook bus. Each event kind declares how its handlers run (Rollup-style):
 * - `decision`: in registration order; each sees the input as rewritten by the previous one; the strongest
 *   decision wins (deny > ask > allow, the first handler's reason among equals); a deny stops the chain.
 * - `transform`: in order, each sees the previous result; no decisions.
 * - `observe`: all at once; results are ignored.
 * Handlers have a timeout; a failing or timed-out handler is reported through `onError`, never thrown.
 * @module
 */

/** Fields present on every hook input. */
export interface HookCommon {
  session_id: string;
  cwd: string;
  model: string;
  hook_event_name: HookEvent;
  turn_id?: string;
}

/** Per-event input payloads. */
export interface HookInputs {
  SessionStart: { source: "startup" | "resume" | "clear" | "fork" };
  UserPromptSubmit: { prompt: string };
  BeforeModel: { model: string; input_items: number };
  PreToolUse: { tool_name: string; tool_input: unknown; tool_use_id: string };
  PermissionRequest: { tool_name: string; tool_input: unknown; tool_use_id: string };
  PostToolUse: { tool_name: string; tool_input: unknown; tool_use_id: string; tool_response: string };
  PostToolUseFailure: { tool_name: string; tool_input: unknown; tool_use_id: string; error: string };
  PreCompact: { trigger: "manual" | "auto" };
  PostCompact: { trigger: "manual" | "auto" };
  Stop: { stop_hook_active: boolean; last_assistant_message: string | null; input_messages: string[] };
  SessionEnd: { reason: string };
  Notification: { message: string };
}

/** Canonical hook event names. */
export type HookEvent = keyof HookInputs;

/** How the handlers of an event run. */
export type HookMode = "decision" | "transform" | "observe";

/** The run mode of every event. */
export const HOOK_MODES: Readonly<Record<HookEvent, HookMode>> = {
  SessionStart: "observe",
  UserPromptSubmit: "decision",
  BeforeModel: "transform",
  PreToolUse: "decision",
  PermissionRequest: "decision",
  PostToolUse: "observe",
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

/** A decision, strongest first: deny > ask > allow. */
export type HookDecision = "allow" | "ask" | "deny";

const STRENGTH: Record<HookDecision, number> = { allow: 0, ask: 1, deny: 2 };

/** The full input a handler receives. */
export type HookInput<E extends HookEvent> = HookInputs[E] & HookCommon;

/** What a handler may return. Returning nothing means "no opinion". */
export interface HookOutput<E extends HookEvent> {
  decision?: HookDecision;
  reason?: string;
  /** A rewritten input (decision and transform events). */
  input?: Partial<HookInputs[E]>;
  /** Extra text to give the model. */
  additionalContext?: string;
}

/** A hook handler. */
export type HookHandler<E extends HookEvent> = (
  input: HookInput<E>,
) => HookOutput<E> | void | Promise<HookOutput<E> | void>;

/** Options of `ctx.on`. */
export interface HookOptions {
  /** Tool-name matcher for tool events: exact names separated by `|`, `*`, or a RegExp. */
  match?: string | RegExp;
  /** Milliseconds before the handler is abandoned and reported (default 60 000). */
  timeoutMs?: number;
}

/** The combined result of running an event. */
export interface HookRunResult<E extends HookEvent> {
  decision?: HookDecision;
  reason?: string;
  input: HookInput<E>;
  additionalContext: string[];
}

interface Entry {
  handler: HookHandler<HookEvent>;
  options: HookOptions;
  owner: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** Tests a tool name against a matcher. */
export function matchesTool(match: HookOptions["match"], toolName: string | undefined): boolean {
  if (match === undefined || match === "" || match === "*") return true;
  if (toolName === undefined) return true;
  if (match instanceof RegExp) return match.test(toolName);
  if (/^[A-Za-z0-9_|]+$/.test(match)) return match.split("|").includes(toolName);
  return new RegExp(match).test(toolName);
}

/** Registers handlers and runs events according to their mode. */
export class HookBus {
  #entries = new Map<HookEvent, Entry[]>();
  #onError: (message: string) => void;

  constructor(onError: (message: string) => void = () => {}) {
    this.#onError = onError;
  }

  /** Replaces the error reporter (the session wires it to `error` items). */
  setErrorReporter(onError: (message: string) => void): void {
    this.#onError = onError;
  }

  /** Adds a handler. `event` may be an alias. */
  on<E extends HookEvent>(event: E, handler: HookHandler<E>, options: HookOptions = {}, owner = "?"): void {
    const list = this.#entries.get(event) ?? [];
    list.push({ handler: handler as unknown as HookHandler<HookEvent>, options, owner });
    this.#entries.set(event, list);
  }

  /** Number of handlers registered for `event`. */
  count(event: HookEvent): number {
    return this.#entries.get(event)?.length ?? 0;
  }

  async #call<E extends HookEvent>(entry: Entry, input: HookInput<E>): Promise<HookOutput<E> | undefined> {
    const ms = entry.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const timeout = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), ms);
      });
      const result = await Promise.race([
        Promise.resolve(entry.handler(input as unknown as HookInput<HookEvent>)),
        timeout,
      ]);
      if (result === "timeout") {
        this.#onError(`${input.hook_event_name} hook from ${entry.owner} timed out after ${ms} ms`);
        return undefined;
      }
      return (result ?? undefined) as HookOutput<E> | undefined;
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      this.#onError(`${input.hook_event_name} hook from ${entry.owner} failed: ${why}`);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs every matching handler of `event` per its mode. `toolName` filters tool-event matchers. */
  async run<E extends HookEvent>(
    event: E,
    input: HookInput<E>,
    toolName?: string,
  ): Promise<HookRunResult<E>> {
    const entries = (this.#entries.get(event) ?? []).filter((e) => matchesTool(e.options.match, toolName));
    const result: HookRunResult<E> = { input, additionalContext: [] };
    if (entries.length === 0) return result;
    const mode = HOOK_MODES[event];
    if (mode === "observe") {
      await Promise.all(entries.map((e) => this.#call(e, input)));
      return result;
    }
    for (const entry of entries) {
      const out = await this.#call(entry, result.input);
      if (!out) continue;
      if (out.input) result.input = { ...result.input, ...out.input };
      if (out.additionalContext) result.additionalContext.push(out.additionalContext);
      if (mode === "decision" && out.decision) {
        if (result.decision === undefined || STRENGTH[out.decision] > STRENGTH[result.decision]) {
          result.decision = out.decision;
          result.reason = out.reason;
        }
        if (out.decision === "deny") break;
      }
    }
    return result;
  }
}
