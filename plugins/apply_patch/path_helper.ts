/**
 * Makes `apply_patch` (and `applypatch`) runnable from the shell tool: once per process, a temporary
 * directory gets small executable scripts that re-invoke this CLI in standalone mode. The shell
 * plugin puts the directory first on its commands' PATH. The directory is removed when the process
 * exits.
 * @module
 */
import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Names the helper answers to, as Codex's arg0 dispatch does. */
export const HELPER_NAMES: readonly string[] = ["apply_patch", "applypatch"];

let helperDir: string | null | undefined;

function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** Whether this process is a `deno compile` binary rather than `deno run`. */
export function isCompiledBinary(execPath: string = Deno.execPath()): boolean {
  const name = basename(execPath).replace(/\.exe$/i, "");
  return name !== "deno";
}

/** The module `deno run` should execute to reach this CLI's command tree (mod.ts or a bundle). */
export function cliEntryModule(): string | undefined {
  const own = new URL("../../mod.ts", import.meta.url);
  if (own.protocol === "file:" && existsSync(fileURLToPath(own))) return fileURLToPath(own);
  const main = new URL(Deno.mainModule);
  return main.protocol === "file:" ? fileURLToPath(main) : undefined;
}

/** The shell command line a helper script runs (before `"$@"`). */
export function helperCommand(): string | undefined {
  const exe = Deno.execPath();
  if (isCompiledBinary(exe)) return `exec ${shellQuote(exe)} apply_patch`;
  const entry = cliEntryModule();
  if (entry === undefined) return undefined;
  const config = join(dirname(entry), "deno.json");
  const configFlag = existsSync(config) ? ` --config ${shellQuote(config)}` : "";
  return `exec ${shellQuote(exe)} run -A --quiet${configFlag} ${shellQuote(entry)} apply_patch`;
}

/**
 * The directory holding the `apply_patch` helper scripts, created on first call; undefined when it
 * cannot be made (no writable temp dir, or no entry module to re-invoke).
 */
export function applyPatchHelperDir(): string | undefined {
  if (helperDir !== undefined) return helperDir ?? undefined;
  helperDir = null;
  const command = helperCommand();
  if (command === undefined || Deno.build.os === "windows") return undefined;
  try {
    const dir = Deno.makeTempDirSync({ prefix: "codex-apply-patch-" });
    for (const name of HELPER_NAMES) {
      const path = join(dir, name);
      Deno.writeTextFileSync(path, `#!/bin/sh\n${command} "$@"\n`, { mode: 0o755 });
      Deno.chmodSync(path, 0o755);
    }
    globalThis.addEventListener("unload", () => {
      try {
        Deno.removeSync(dir, { recursive: true });
      } catch {
        // already gone
      }
    });
    helperDir = dir;
    return dir;
  } catch {
    return undefined;
  }
}
