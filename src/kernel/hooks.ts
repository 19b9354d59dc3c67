/**
 * The hook bus. One typed spec (`HookSpecs`) declares, per event, how its handlers run and what they
 * may receive (Rollup's PluginDriver idea):
 * - `decision`: in registration order; each sees the input as rewritten by the previous one; the strongest
 *   decision wins (deny > ask > allow, the first handler's reason among equals); a deny stops the chain.
 * - `transform`: in order, each sees the input as rewritten so far and may add context; no decisions.
 * - `observe`: all at once; handlers return nothing.
 * The bus has one method per mode (`decide`, `transform`, `observe`) accepting only that mode's events,
 * so a caller cannot run a decision or transform event in a way that throws its result away.
 * The kernel names no event: the host declares its events by adding them to `HookSpecs` (declaration
 * merging, see src/plugin_api/hooks.ts). Handlers have a timeout; a failing or timed-out handler is
 * reported through `onError` (naming the plugin and the event), never thrown.
 * @module
 */

/** How the handlers of an event run. */
export type HookMode = "decision" | "transform" | "observe";

/**
 * The one spec of every event: its mode and its full input payload (the output type follows from the
 * mode). Empty here; the host adds its events by declaration merging.
 */
// deno-lint-ignore no-empty-interface
export interface HookSpecs {}

/**
 * Other names of events, each mapped to its canonical name (e.g. Codex's `AfterAgent` for `Stop`).
 * Empty here; the host adds its aliases by declaration merging.
 */
// deno-lint-ignore no-empty-interface
export interface HookEventAliases {}

/** Event names. */
export type HookEvent = keyof HookSpecs & string;

/** The spec of event `E`. */
export type SpecOf<E extends HookEvent> = HookSpecs[E] extends { mode: HookMode; input: object }
  ? HookSpecs[E]
  : never;

/** Per-event input payloads. */
export type HookInputs = { [E in HookEvent]: SpecOf<E>["input"] };

/** Events of one mode. */
export type HookEventOf<M extends HookMode> = {
  [E in HookEvent]: SpecOf<E>["mode"] extends M ? E : never;
}[HookEvent];

/** Events whose handlers decide (deny > ask > allow). */
export type DecisionEvent = HookEventOf<"decision">;
/** Events whose handlers rewrite the input and add context. */
export type TransformEvent = HookEventOf<"transform">;
/** Events whose handlers only observe. */
export type ObserveEvent = HookEventOf<"observe">;

/** A decision, strongest first: deny > ask > allow. */
export type HookDecision = "allow" | "ask" | "deny";

const STRENGTH: Record<HookDecision, number> = { allow: 0, ask: 1, deny: 2 };

/** The full input a handler receives (read-only: a handler changes things only through its output). */
export type HookInput<E extends HookEvent> = Readonly<HookInputs[E]>;

/** What a transform handler may return. */
export interface TransformOutput<E extends HookEvent> {
  /** A rewritten input; later handlers and the kernel see it. */
  input?: Partial<HookInputs[E]>;
  /** Extra text to give the model. */
  additionalContext?: string;
}

/** What a decision handler may return. */
export interface DecisionOutput<E extends HookEvent> extends TransformOutput<E> {
  /** The decision. */
  decision?: HookDecision;
  /** Why; shown to the model or the user. */
  reason?: string;
}

/** What a handler of `E` may return: observers return nothing. Returning nothing means "no opinion". */
export type HookOutput<E extends HookEvent> = E extends DecisionEvent ? DecisionOutput<E>
  : E extends TransformEvent ? TransformOutput<E>
  : void;

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

/** The combined result of a transform event. */
export interface TransformResult<E extends HookEvent> {
  /** The input as rewritten by every handler in order. */
  input: HookInput<E>;
  /** Context text the handlers added, in order. */
  additionalContext: string[];
}

/** The combined result of a decision event. */
export interface DecisionResult<E extends HookEvent> extends TransformResult<E> {
  /** The decision. */
  decision?: HookDecision;
  /** Why; shown to the model or the user. */
  reason?: string;
}

interface Entry {
  handler: (input: unknown) => unknown;
  options: HookOptions;
  owner: string;
}

/** A handler's output with its event erased. */
type AnyOutput =
  | { input?: object; additionalContext?: string; decision?: HookDecision; reason?: string }
  | undefined;

const DEFAULT_TIMEOUT_MS = 60_000;

/** Tests a tool name (or any of a tool's names) against a matcher. */
export function matchesTool(
  match: HookOptions["match"],
  toolName: string | readonly string[] | undefined,
): boolean {
  if (match === undefined || match === "" || match === "*") return true;
  if (toolName === undefined) return true;
  if (typeof toolName !== "string") return toolName.some((n) => matchesTool(match, n));
  if (match instanceof RegExp) return match.test(toolName);
  if (/^[A-Za-z0-9_|]+$/.test(match)) return match.split("|").includes(toolName);
  return new RegExp(match).test(toolName);
}

/** Registers handlers and runs events according to their mode. */
export class HookBus {
  #entries = new Map<HookEvent, Entry[]>();
  #onError: (message: string) => void;

  /** Creates a bus that reports handler failures to `onError`. */
  constructor(onError: (message: string) => void = () => {}) {
    this.#onError = onError;
  }

  /** Replaces the error reporter (the session wires it to `error` items). */
  setErrorReporter(onError: (message: string) => void): void {
    this.#onError = onError;
  }

  /** Adds a handler for `event` on behalf of plugin `owner`. */
  on<E extends HookEvent>(event: E, handler: HookHandler<E>, options: HookOptions = {}, owner = "?"): void {
    const list = this.#entries.get(event) ?? [];
    list.push({ handler: handler as (input: unknown) => unknown, options, owner });
    this.#entries.set(event, list);
  }

  /** Number of handlers registered for `event`. */
  count(event: HookEvent): number {
    return this.#entries.get(event)?.length ?? 0;
  }

  async #call(entry: Entry, event: HookEvent, input: unknown): Promise<AnyOutput> {
    const ms = entry.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const who = `${event} hook of plugin '${entry.owner}'`;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const timeout = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), ms);
      });
      const result = await Promise.race([Promise.resolve(entry.handler(input)), timeout]);
      if (result === "timeout") {
        this.#onError(`${who} timed out after ${ms} ms`);
        return undefined;
      }
      if (result === undefined || result === null) return undefined;
      if (typeof result !== "object") {
        this.#onError(`${who} returned ${typeof result}; expected an object or nothing`);
        return undefined;
      }
      return result as AnyOutput;
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      this.#onError(`${who} failed: ${why}`);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  #matching(event: HookEvent, toolName: string | readonly string[] | undefined): Entry[] {
    return (this.#entries.get(event) ?? []).filter((e) => matchesTool(e.options.match, toolName));
  }

  async #sequence<E extends HookEvent>(
    event: E,
    input: HookInput<E>,
    toolName: string | readonly string[] | undefined,
    decide: boolean,
  ): Promise<DecisionResult<E>> {
    const result: DecisionResult<E> = { input, additionalContext: [] };
    for (const entry of this.#matching(event, toolName)) {
      const out = await this.#call(entry, event, result.input);
      if (!out) continue;
      if (out.input) result.input = { ...result.input, ...out.input };
      if (out.additionalContext) result.additionalContext.push(out.additionalContext);
      if (decide && out.decision && out.decision in STRENGTH) {
        if (result.decision === undefined || STRENGTH[out.decision] > STRENGTH[result.decision]) {
          result.decision = out.decision;
          result.reason = out.reason;
        }
        if (out.decision === "deny") break;
      }
    }
    return result;
  }

  /** Runs a decision event: the strongest decision, the rewritten input and added context. */
  decide<E extends DecisionEvent>(
    event: E,
    input: HookInput<E>,
    toolName?: string | readonly string[],
  ): Promise<DecisionResult<E>> {
    return this.#sequence(event, input, toolName, true);
  }

  /** Runs a transform event: the input as rewritten by each handler in order, and added context. */
  transform<E extends TransformEvent>(
    event: E,
    input: HookInput<E>,
    toolName?: string | readonly string[],
  ): Promise<TransformResult<E>> {
    return this.#sequence(event, input, toolName, false);
  }

  /** Runs an observe event: every matching handler at once; resolves when all have finished. */
  async observe<E extends ObserveEvent>(
    event: E,
    input: HookInput<E>,
    toolName?: string | readonly string[],
  ): Promise<void> {
    await Promise.all(this.#matching(event, toolName).map((e) => this.#call(e, event, input)));
  }
}
