/**
 * Finding rollout files under `$CODEX_HOME/sessions/YYYY/MM/DD/`: by thread id, or the newest one
 * (optionally only those started in a given cwd).
 * @module
 */
import { readdirSync, readFileSync, readHeadSync } from "../../lib/fs.ts";
import { basename, join } from "../../lib/path.ts";

function entries(dir: string): string[] {
  try {
    return readdirSync(dir).sort().reverse();
  } catch {
    return [];
  }
}

/** Every rollout path, newest first (file names start with their timestamp). */
export function listRollouts(codexHome: string): string[] {
  const root = join(codexHome, "sessions");
  const out: string[] = [];
  for (const y of entries(root)) {
    for (const m of entries(join(root, y))) {
      for (const d of entries(join(root, y, m))) {
        const dir = join(root, y, m, d);
        const files = entries(dir).filter((f) => f.startsWith("rollout-") && f.endsWith(".jsonl"));
        out.push(...files.map((f) => join(dir, f)));
      }
    }
  }
  return out.sort((a, b) => basename(b).localeCompare(basename(a)));
}

/** The first line's session meta, without reading the whole file. */
export function peekMeta(path: string): { id?: string; cwd?: string } | undefined {
  const head = readHeadSync(path, 64 * 1024);
  try {
    const first = new TextDecoder().decode(head).split("\n")[0];
    return JSON.parse(first).payload;
  } catch {
    return undefined;
  }
}

/** The rollout of thread `id` (a UUID), if any. */
export function findRolloutById(codexHome: string, id: string): string | undefined {
  return listRollouts(codexHome).find((p) => p.endsWith(`-${id}.jsonl`));
}

/** Whether a rollout recorded a user message (sessions quit before any message hold nothing to resume). */
export function hasUserMessage(path: string): boolean {
  try {
    return /"type":"user_message"/.test(readFileSync(path, "utf8"));
  } catch {
    return false;
  }
}

/** The newest rollout with a user message, only among sessions started in `cwd` when given. */
export function findLatestRollout(codexHome: string, cwd?: string): string | undefined {
  for (const p of listRollouts(codexHome)) {
    if ((cwd === undefined || peekMeta(p)?.cwd === cwd) && hasUserMessage(p)) return p;
  }
  return undefined;
}
