/**
 * Starts a thread from a ready session: a new one, one continuing a saved session (same id, appended to
 * the same rollout file), or a fork (a new id and rollout starting from a copy of the history). Shared by
 * `exec`, the interactive session and `mcp-server`.
 * @module
 */
import type { Approver } from "../kernel/approval.ts";
import type { EventSink } from "../kernel/events.ts";
import { uuidv7 } from "../kernel/ids.ts";
import type { ModelRequest, ResponseItem } from "../kernel/model.ts";
import type { SandboxRuntime } from "../kernel/sandbox.ts";
import { Thread } from "../kernel/thread.ts";
import type { RolloutContents } from "../session/reader.ts";
import { RolloutWriter, type SessionMeta } from "../session/rollout.ts";
import type { SessionSetup } from "./session_setup.ts";
import { VERSION } from "./version.ts";

/** How to start the thread. */
export interface OpenThreadOptions {
  kind: "new" | "resume" | "fork";
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
  /** Settings that differ from the setup's (interactive switches). */
  model?: string;
  reasoning?: ModelRequest["reasoning"];
  sandbox?: SandboxRuntime;
  approvalPolicy?: string;
  initialContext?: ResponseItem[];
}

/** Creates the thread and its rollout writer. */
export function openThread(setup: SessionSetup, o: OpenThreadOptions): Thread {
  const previous = o.previous;
  if (o.kind !== "new" && !previous) throw new Error(`openThread: a ${o.kind} needs the previous session`);
  const threadId = o.kind === "resume" ? previous!.meta.id : o.threadId ?? uuidv7();
  const recorder = o.ephemeral
    ? undefined
    : o.kind === "resume"
    ? new RolloutWriter(previous!.path, previous!.records)
    : RolloutWriter.create(
      setup.codexHome,
      {
        id: threadId,
        cwd: setup.cwd,
        originator: setup.originator,
        cli_version: VERSION,
        source: o.source,
        ...(o.threadSource ? { thread_source: o.threadSource } : {}),
        model_provider: setup.providerId,
        base_instructions: { text: setup.baseInstructions },
        ...(o.kind === "fork" ? { forked_from_id: previous!.meta.id } : {}),
      },
      o.kind === "fork" ? previous!.history : [],
      { deferred: o.kind === "new" },
    );
  return new Thread({
    threadId,
    registry: setup.registry,
    client: setup.client,
    config: setup.config,
    model: o.model ?? setup.model,
    cwd: setup.cwd,
    sandbox: o.sandbox ?? setup.sandbox,
    approvalPolicy: o.approvalPolicy ?? setup.approvalPolicy,
    initialContext: o.initialContext ?? setup.initialContext,
    reasoning: o.reasoning ?? setup.reasoning,
    text: o.text,
    serviceTier: setup.config.service_tier === "fast" ? "priority" : setup.config.service_tier,
    emit: o.emit,
    onDelta: o.onDelta,
    recorder,
    approver: o.approver,
    history: previous?.history,
    usage: o.kind === "resume" ? previous?.usage : undefined,
  });
}
