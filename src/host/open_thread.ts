/**
 * Builds a session's thread: a new one, one continuing a saved session (same id, appended to the same
 * rollout file), or a fork (a new id and rollout starting from a copy of the history). Used by
 * `Session.openThread`.
 * @module
 */
import type { Approver } from "../kernel/approval.ts";
import type { EventSink } from "../kernel/events.ts";
import { uuidv7 } from "../kernel/ids.ts";
import type { ModelClient, ModelRequest, ResponseItem } from "../kernel/model.ts";
import { Thread } from "../kernel/thread.ts";
import type { RolloutContents } from "../session/reader.ts";
import { RolloutWriter, type SessionMeta } from "../session/rollout.ts";
import { VERSION } from "../../lib/version.ts";
import type { Session } from "./session.ts";

/** What the front end supplies for a thread: where its events go and how it asks a person. */
export interface ThreadIo {
  /** The saved session a resume or fork starts from. */
  previous?: RolloutContents;
  /** Which front end records the session (`session_meta.source`). */
  source: SessionMeta["source"];
  /** The id of a new or forked thread when the caller needs it in advance (a resume keeps its own). */
  threadId?: string;
  /** Record nothing (`--ephemeral`). */
  ephemeral?: boolean;
  threadSource?: string;
  emit: EventSink;
  onDelta?: (delta: string) => void;
  approver?: Approver;
  text?: ModelRequest["text"];
  /** Use this client instead of the session's (e.g. one that enforces a run budget). */
  client?: ModelClient;
  /** Items added after the session's initial context (e.g. review guidelines). */
  extraContext?: ResponseItem[];
}

/** Creates the thread and its rollout writer with the session's current settings. */
export function buildThread(session: Session, kind: "new" | "resume" | "fork", o: ThreadIo): Thread {
  const previous = o.previous;
  if (kind !== "new" && !previous) throw new Error(`openThread: a ${kind} needs the previous session`);
  const threadId = kind === "resume" ? previous!.meta.id : o.threadId ?? uuidv7();
  const recorder = o.ephemeral
    ? undefined
    : kind === "resume"
    ? new RolloutWriter(previous!.path, previous!.records, previous!.lock)
    : RolloutWriter.create(session.codexHome, {
      id: threadId,
      cwd: session.cwd,
      originator: session.originator,
      cli_version: VERSION,
      source: o.source,
      ...(o.threadSource ? { thread_source: o.threadSource } : {}),
      model_provider: session.providerId,
      base_instructions: { text: session.baseInstructions },
      ...(kind === "fork" ? { forked_from_id: previous!.meta.id } : {}),
    }, kind === "fork" ? previous!.history : []);
  const serviceTier = session.config.service_tier;
  return new Thread({
    threadId,
    registry: session.registry,
    client: o.client ?? session.client,
    config: session.config,
    model: session.model,
    cwd: session.cwd,
    sandbox: session.permissions.sandbox,
    approvalPolicy: session.permissions.approvalPolicy,
    initialContext: [...session.initialContext(), ...(o.extraContext ?? [])],
    reasoning: session.reasoning,
    text: o.text,
    serviceTier: serviceTier === "fast" ? "priority" : serviceTier,
    emit: o.emit,
    onDelta: o.onDelta,
    recorder,
    approver: o.approver,
    history: previous?.history,
    usage: kind === "resume" ? previous?.usage : undefined,
  });
}
