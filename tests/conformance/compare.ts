/**
 * Field-by-field comparison of this CLI's run of a scenario with the recording of Codex 0.171: events
 * (ids and thread ids normalized), exit code, request count, request body fields and header names.
 * Returns the differences as readable lines; an empty list means conformant.
 * @module
 */
import type { Recording } from "./recording.ts";

/** Headers whose presence or value depends on the HTTP client, the host or the build. */
const VOLATILE_HEADERS = new Set([
  "content-length",
  "host",
  "accept-encoding",
  "accept-language",
  "user-agent",
  // Codex advertises remote compaction, which this CLI does not implement.
  "x-codex-beta-features",
]);

/** Headers whose value must be equal (after normalization). */
const EXACT_HEADERS = ["accept", "content-type", "authorization", "originator"];

/** Body fields compared by value. */
const EXACT_BODY_FIELDS = [
  "model",
  "tool_choice",
  "parallel_tool_calls",
  "reasoning",
  "store",
  "stream",
  "include",
  "text",
];

/**
 * Tools Codex 0.171 offers that this CLI does not (goals, user-input questions, image viewing, tool search,
 * multi-agent need features outside this issue), and tools this CLI offers that
 * Codex does not by default (`update_plan` is on here; Codex needs `tools.update_plan.enabled`).
 */
export const TOOL_GAPS = {
  codexOnly: new Set([
    "request_user_input",
    "view_image",
    "get_goal",
    "create_goal",
    "update_goal",
    "tool_search",
    "multi_agent_v1",
  ]),
  oursOnly: new Set(["update_plan"]),
};

/** The URL Codex appends to some error messages; this CLI never shows it (issue #13). */
const URL_SUFFIX = /, url: \$URL\/responses/g;

function normalizeEvents(rec: Recording): unknown[] {
  const started = rec.events.find((e) => e.type === "thread.started");
  const thread = started ? String(started.thread_id) : "";
  const text = JSON.stringify(rec.events).replaceAll(thread, "$THREAD").replace(URL_SUFFIX, "");
  return JSON.parse(text);
}

function threadId(rec: Recording): string {
  const started = rec.events.find((e) => e.type === "thread.started");
  return started ? String(started.thread_id) : "";
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function toolNames(body: Record<string, unknown>): string[] {
  const tools = (body.tools ?? []) as { name?: string; type: string }[];
  return tools.map((t) => t.name ?? t.type);
}

/** A tool output without the lines that differ run to run (chunk id, wall time). */
function withoutRunHeader(output: string): string {
  return output.split("\n").filter((l) => !/^(Chunk ID|Wall time): /.test(l)).join("\n");
}

/** The conversation after the last developer/context message: types, roles, call ids, names, texts. */
function conversation(body: Record<string, unknown>): unknown[] {
  const input = (body.input ?? []) as Record<string, unknown>[];
  const firstUserPrompt = input.findIndex((i) =>
    i.type === "message" && i.role === "user" &&
    !JSON.stringify(i.content).includes("<environment_context>") &&
    !JSON.stringify(i.content).includes("# AGENTS.md instructions")
  );
  return input.slice(Math.max(0, firstUserPrompt)).map((i) => ({
    type: i.type,
    role: i.role,
    call_id: i.call_id,
    name: i.name,
    arguments: i.arguments,
    text: i.type === "message" ? JSON.stringify(i.content) : undefined,
    output: typeof i.output === "string" ? withoutRunHeader(i.output) : undefined,
  }));
}

function metadataKeys(json: string | undefined): string[] {
  if (!json) return [];
  return Object.keys(JSON.parse(json)).sort();
}

/** Compares `ours` with `codex`; returns one line per difference. */
export function compareRecordings(codex: Recording, ours: Recording): string[] {
  const diffs: string[] = [];
  const want = normalizeEvents(codex);
  const got = normalizeEvents(ours);
  if (!same(want, got)) {
    diffs.push(`events differ:\n  codex: ${JSON.stringify(want)}\n  ours:  ${JSON.stringify(got)}`);
  }
  if (codex.exit_code !== ours.exit_code) {
    diffs.push(`exit code: codex ${codex.exit_code}, ours ${ours.exit_code}`);
  }
  if (codex.requests.length !== ours.requests.length) {
    diffs.push(`requests: codex sent ${codex.requests.length}, ours ${ours.requests.length}`);
  }
  const codexThread = threadId(codex);
  const ourThread = threadId(ours);
  const n = Math.min(codex.requests.length, ours.requests.length);
  for (let i = 0; i < n; i++) {
    const a = codex.requests[i];
    const b = ours.requests[i];
    const where = `request ${i + 1}`;
    if (a.path !== b.path || a.method !== b.method) {
      diffs.push(`${where}: ${a.method} ${a.path} vs ${b.method} ${b.path}`);
    }
    const ha = Object.keys(a.headers).filter((h) => !VOLATILE_HEADERS.has(h)).sort();
    const hb = Object.keys(b.headers).filter((h) => !VOLATILE_HEADERS.has(h)).sort();
    if (!same(ha, hb)) diffs.push(`${where}: header names codex ${ha.join(",")} / ours ${hb.join(",")}`);
    for (const h of EXACT_HEADERS) {
      if (a.headers[h] !== b.headers[h]) {
        diffs.push(`${where}: header ${h}: ${a.headers[h]} vs ${b.headers[h]}`);
      }
    }
    for (const h of ["session-id", "thread-id", "x-client-request-id"]) {
      if (a.headers[h] !== codexThread || b.headers[h] !== ourThread) {
        diffs.push(`${where}: ${h} is not the thread id`);
      }
    }
    const ma = metadataKeys(a.headers["x-codex-turn-metadata"]);
    const mb = metadataKeys(b.headers["x-codex-turn-metadata"]);
    if (!same(ma, mb)) {
      diffs.push(`${where}: turn metadata keys codex ${ma.join(",")} / ours ${mb.join(",")}`);
    }
    const ba = a.body as Record<string, unknown>;
    const bb = b.body as Record<string, unknown>;
    const ka = Object.keys(ba);
    const kb = Object.keys(bb);
    if (!same(ka, kb)) {
      diffs.push(`${where}: body fields (in order) codex ${ka.join(",")} / ours ${kb.join(",")}`);
    }
    for (const f of EXACT_BODY_FIELDS) {
      if (!same(ba[f], bb[f])) {
        diffs.push(`${where}: ${f}: ${JSON.stringify(ba[f])} vs ${JSON.stringify(bb[f])}`);
      }
    }
    if (ba.prompt_cache_key !== codexThread || bb.prompt_cache_key !== ourThread) {
      diffs.push(`${where}: prompt_cache_key is not the thread id`);
    }
    const ca = Object.keys((ba.client_metadata ?? {}) as object).sort();
    const cb = Object.keys((bb.client_metadata ?? {}) as object).sort();
    if (!same(ca, cb)) {
      diffs.push(`${where}: client_metadata keys codex ${ca.join(",")} / ours ${cb.join(",")}`);
    }
    const ta = toolNames(ba).filter((t) => !TOOL_GAPS.codexOnly.has(t));
    const tb = toolNames(bb).filter((t) => !TOOL_GAPS.oursOnly.has(t));
    if (!same(ta, tb)) diffs.push(`${where}: tools codex ${ta.join(",")} / ours ${tb.join(",")}`);
    const xa = conversation(ba);
    const xb = conversation(bb);
    if (!same(xa, xb)) {
      diffs.push(
        `${where}: conversation differs:\n  codex: ${JSON.stringify(xa)}\n  ours:  ${JSON.stringify(xb)}`,
      );
    }
  }
  return diffs;
}
