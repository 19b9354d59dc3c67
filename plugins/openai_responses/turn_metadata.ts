/**
 * Codex 0.171's per-request metadata: the `x-codex-turn-metadata` JSON (also sent in the body's
 * `client_metadata`), the `x-codex-window-id` header and the `client_metadata` map, built from the
 * kernel's `RequestMeta`. Gateways route and account on these.
 * @module
 */
import type { ModelRequest, RequestMeta } from "../../mod.ts";

/** The per-request metadata, ready for headers and body. */
export interface TurnMetadata {
  /** `x-codex-window-id`: `<thread id>:<window number>`. */
  windowId: string;
  /** `x-codex-turn-metadata`: a JSON string. */
  json: string;
  /** The body's `client_metadata` (string values only). */
  clientMetadata: Record<string, string>;
}

/** Whether `cwd` has uncommitted changes (`git status --porcelain`); undefined outside a git work tree. */
export async function workspaceHasChanges(cwd: string): Promise<boolean | undefined> {
  try {
    const out = await new Deno.Command("git", {
      args: ["status", "--porcelain", "--untracked-files=normal"],
      cwd,
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).output();
    if (!out.success) return undefined;
    return out.stdout.some((b) => b !== 0x20 && b !== 0x0a);
  } catch {
    return undefined;
  }
}

/** Builds the metadata in Codex's key order. `hasChanges` is the workspace's git state, when known. */
export function turnMetadata(
  request: ModelRequest,
  meta: RequestMeta,
  hasChanges: boolean | undefined,
): TurnMetadata {
  const windowId = `${request.threadId}:${meta.windowNumber}`;
  const tag = (name: string) => meta.tags[name];
  const fields: Record<string, unknown> = {
    installation_id: tag("installation_id"),
    session_id: request.threadId,
    thread_id: request.threadId,
    agent_name: "/root",
    turn_id: request.turnId,
    window_id: windowId,
    window_number: meta.windowNumber,
    context_window_id: meta.contextWindowId,
    request_kind: meta.kind,
    history_initialization: meta.resumed ? "cold_resume" : "new",
    root_turn_id: request.turnId,
    thread_source: tag("thread_source"),
    turn_trigger: tag("turn_trigger"),
    sandbox: tag("sandbox"),
    sandbox_mode: meta.sandboxMode,
    auto_review_enabled: false,
    node_repl_auto_review_required: false,
    node_repl_disabled: false,
    workspaces: hasChanges === undefined ? undefined : { [meta.cwd]: { has_changes: hasChanges } },
    turn_started_at_unix_ms: meta.turnStartedAtMs,
    analytics_enabled: false,
    model: request.model,
    reasoning_effort: request.reasoning?.effort,
  };
  for (const key of Object.keys(fields)) if (fields[key] === undefined) delete fields[key];
  const json = JSON.stringify(fields);
  const clientMetadata: Record<string, string> = {
    turn_id: request.turnId,
    thread_id: request.threadId,
    "x-codex-window-id": windowId,
    root_turn_id: request.turnId,
    "x-codex-turn-metadata": json,
    session_id: request.threadId,
  };
  const installation = tag("installation_id");
  if (installation) clientMetadata["x-codex-installation-id"] = installation;
  return { windowId, json, clientMetadata };
}
