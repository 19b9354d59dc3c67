/**
 * The sandboxed write helper's side (`apply_patch --codex-write-plan`, see `sandboxed_writer.ts`): reads
 * the planned writes as JSON on stdin, performs them all-or-nothing and answers one JSON line. It starts
 * once per patch, so it imports only the writer (no `node:` module, no zod).
 * @module
 */
import type { PlannedWrite } from "./apply.ts";
import { commitWrites } from "./commit.ts";
import { PatchWriteError } from "./errors.ts";
import { SplicedContent } from "./spliced.ts";
import { readStdinText } from "./stdin.ts";

/** The argument that switches `apply_patch` into the write-plan helper (never a valid patch). */
export const WRITE_PLAN_FLAG = "--codex-write-plan";

/** What the helper reads on stdin. */
export interface WritePlan {
  writes: PlannedWrite[];
}

/** What the helper answers on stdout (one JSON line). */
export interface WriteOutcome {
  ok: boolean;
  /** The paths written or deleted, in order (all of them when ok). */
  written: string[];
  /** Why the write failed (everything already changed was restored, or the message says what was not). */
  error?: string;
}

function isPlannedWrite(w: unknown): w is PlannedWrite {
  const o = w as PlannedWrite;
  return typeof o === "object" && o !== null && typeof o.absPath === "string" && o.absPath.startsWith("/") &&
    (o.content === null || typeof o.content === "string");
}

/** Parses the helper's stdin. Throws naming what was expected. */
export function parseWritePlan(text: string): WritePlan {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`expected a JSON write plan on stdin, found invalid JSON: ${(err as Error).message}`);
  }
  const writes = (value as WritePlan | null)?.writes;
  if (!Array.isArray(writes) || !writes.every(isPlannedWrite)) {
    throw new Error('expected {"writes": [{"absPath": "/abs", "content": string|null}, ...]} on stdin');
  }
  return { writes };
}

/** Performs a plan in this process; never throws. */
export async function performWritePlan(plan: WritePlan): Promise<WriteOutcome> {
  try {
    await commitWrites(plan.writes);
    return { ok: true, written: plan.writes.map((w) => w.absPath) };
  } catch (err) {
    const error = err instanceof PatchWriteError ? err.message : String(err);
    return { ok: false, written: [], error };
  }
}

/** The helper's main: reads the plan from stdin, writes, prints the outcome. Returns the exit code. */
export async function runWritePlanHelper(): Promise<number> {
  const text = readStdinText();
  let outcome: WriteOutcome;
  try {
    outcome = await performWritePlan(parseWritePlan(text));
  } catch (err) {
    outcome = { ok: false, written: [], error: (err as Error).message };
  }
  await Deno.stdout.write(new TextEncoder().encode(JSON.stringify(outcome) + "\n"));
  return outcome.ok ? 0 : 1;
}

/** The JSON the helper reads for `writes` (byte contents as their UTF-8 text). */
export function serializeWritePlan(writes: PlannedWrite[]): string {
  const dec = new TextDecoder();
  const plain = writes.map((w) => ({
    absPath: w.absPath,
    content: w.content instanceof SplicedContent
      ? dec.decode(w.content.bytes())
      : w.content instanceof Uint8Array
      ? dec.decode(w.content)
      : w.content,
  }));
  return JSON.stringify({ writes: plain } satisfies WritePlan);
}

if (import.meta.main) {
  if (Deno.args[0] !== WRITE_PLAN_FLAG) {
    console.error(`expected ${WRITE_PLAN_FLAG}, found ${JSON.stringify(Deno.args[0] ?? "")}`);
    Deno.exit(2);
  }
  Deno.exit(await runWritePlanHelper());
}
