/**
 * Builds a session's thread: a new one, one continuing a saved session (same id, appended to the same
 * rollout file), or a fork (a new id and rollout starting from a copy of the history). Used by
 * `Session.openThread`.
 * @module
 */
import type { Approver } from "../plugin_api/approval.ts";
import type { EventSink } from "../kernel/events.ts";
import { uuidv7 } from "../kernel/ids.ts";
import type { ModelClient, ModelRequest, ResponseItem } from "../kernel/model.ts";
import { HostThread as Thread } from "./thread.ts";
import { findModel } from "../config/model_catalog.ts";
import { installationId } from "../session/installation_id.ts";
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
  const recorder = o.ephemeral ? undefined : kind === "resume"
    ? new RolloutWriter(
      previous!.path,
      previous!.records,
      previous!.lock,
      previous!.meta.base_instructions?.text,
    )
    : RolloutWriter.create(session.codexHome, {
      id: threadId,
      cwd: session.cwd,
      originator: session.originator,
      cli_version: VERSION,
      source: o.source,
      ...(o.threadSource ? { thread_source: o.threadSource } : {}),
      model_provider: session.providerId,
      // A fork keeps the instructions its history was made with (they head that history).
      base_instructions: { text: forkedBase(previous, kind) ?? session.baseInstructions },
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
    text: o.text ?? (session.verbosity ? { verbosity: session.verbosity } : undefined),
    serviceTier: serviceTier === "fast" ? "priority" : serviceTier,
    emit: o.emit,
    onDelta: o.onDelta,
    recorder,
    approver: o.approver,
    history: previous?.history,
    usage: kind === "resume" ? previous?.usage : undefined,
    requestTags: requestTags(session, o),
    toolOffered: (name, model) => toolOffered(session, name, model),
  });
}

function forkedBase(previous: RolloutContents | undefined, kind: string): string | undefined {
  const text = kind === "fork" ? previous?.meta.base_instructions?.text : undefined;
  return typeof text === "string" ? text : undefined;
}

/** Tags the provider forwards in request metadata (Codex's turn metadata). */
function requestTags(session: Session, o: ThreadIo): Record<string, string> {
  const id = installationId(session.codexHome);
  return {
    ...(id ? { installation_id: id } : {}),
    thread_source: o.threadSource ?? "user",
    turn_trigger: o.source === "exec" ? "exec" : "user",
    sandbox: session.permissions.sandbox.backend.id,
  };
}

/**
 * Codex's fallback tool set for a model missing from its catalog has no `apply_patch` tool (the model
 * runs `apply_patch` through `exec_command`, which is intercepted); configuring
 * `apply_patch_tool_type` keeps the tool anyway.
 */
function toolOffered(session: Session, name: string, model: string): boolean {
  if (name !== "apply_patch") return true;
  return findModel(model) !== undefined || session.config.apply_patch_tool_type !== undefined;
}
