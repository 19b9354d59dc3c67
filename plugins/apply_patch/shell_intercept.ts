/**
 * Recognizes a model running `apply_patch` through the shell the way Codex's instructions teach it
 * (`[cd DIR &&] apply_patch <<'EOF' … EOF`), so the patch is applied by the apply_patch plugin itself:
 * verified as a whole, checked against the sandbox policy, written all-or-nothing and reported as a
 * `file_change` item, instead of running an opaque command. A tool wrapper on `exec_command`: it
 * answers without calling the shell for such commands and passes every other call on unchanged.
 * @module
 */

import { isAbsolute, resolve } from "node:path";
import type { ToolMiddleware } from "../../mod.ts";
import { runApplyPatch } from "./tool.ts";

/** A patch found in a shell command, and the directory it applies in (relative to the workdir). */
export interface PatchInvocation {
  patch: string;
  cd?: string;
}

const WORD = String.raw`(?:'[^']*'|"[^"]*"|[^\s'"&;|]+)`;
const INVOCATION = new RegExp(
  String
    .raw`^\s*(?:cd\s+(${WORD})\s*&&\s*)?(?:apply_patch|applypatch)\s*<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2[ \t]*\n` +
    String.raw`([\s\S]*?)\n\3[ \t]*(?:\n\s*)?$`,
);

function unquote(word: string): string {
  return /^(['"]).*\1$/s.test(word) ? word.slice(1, -1) : word;
}

/** The patch of an `apply_patch` heredoc invocation, or undefined for any other command. */
export function extractPatchInvocation(cmd: string): PatchInvocation | undefined {
  const m = cmd.match(INVOCATION);
  if (!m) return undefined;
  return { patch: m[4], ...(m[1] ? { cd: unquote(m[1]) } : {}) };
}

function commandOf(raw: string): { cmd: string; workdir?: string } | undefined {
  try {
    const args = JSON.parse(raw) as { cmd?: unknown; workdir?: unknown };
    if (typeof args?.cmd !== "string") return undefined;
    return {
      cmd: args.cmd,
      ...(typeof args.workdir === "string" && args.workdir ? { workdir: args.workdir } : {}),
    };
  } catch {
    return undefined;
  }
}

/** The `exec_command` wrapper: applies heredoc patches itself, passes other commands to the shell. */
export const interceptShellPatch: ToolMiddleware = async (call, next) => {
  const command = commandOf(call.raw);
  const patch = command ? extractPatchInvocation(command.cmd) : undefined;
  if (!command || !patch) return await next(call);
  const workdir = command.workdir
    ? (isAbsolute(command.workdir) ? resolve(command.workdir) : resolve(call.ctx.cwd, command.workdir))
    : call.ctx.cwd;
  return await runApplyPatch(patch.patch, { ...call.ctx, cwd: resolve(workdir, patch.cd ?? ".") });
};
