/**
 * Entry point and public plugin API.
 *
 * Run the CLI: `deno run -A mod.ts exec "hello"`. Write a plugin:
 * ```ts
 * import { definePlugin, z } from "./mod.ts"; // z: the zod this CLI uses (tool parameters are zod schemas)
 * export default definePlugin({ name: "acme", api: 1, setup(ctx) { ctx.tool({ ... }); } });
 * ```
 *
 * This module imports nothing heavy statically: the CLI's quick answers (`--version`, `--help`, `apply_patch`,
 * the sandbox helper) run before zod and the command tree load, and a plain `exec` runs without the command
 * tree (src/cli/exec_fast_path.ts). Those later imports use specifiers that are
 * not literals, because Deno loads every module a literal dynamic import names when the program starts.
 * @module
 */
import type { z as Zod } from "zod";
import { quickPath, quickText } from "./src/cli/quick_path.ts";
import { parseExecFast } from "./src/cli/exec_fast_path.ts";
import { mark } from "./lib/startup_trace.ts";
mark("main module");

export * from "./src/plugin_api.ts";

if (import.meta.main) {
  // The quick answers, before zod and the command tree load.
  const quick = quickPath(Deno.args);
  const text = quick && quickText(quick);
  if (text !== undefined) {
    Deno.stdout.writeSync(new TextEncoder().encode(text));
    Deno.exit(0);
  }
  if (quick) {
    const run = "./src/cli/quick_run.ts"; // not a literal: see the module doc
    const { runQuickPath }: typeof import("./src/cli/quick_run.ts") = await import(run);
    Deno.exit(await runQuickPath(quick));
  }
}

const ZOD = "zod"; // not a literal: see the module doc
/** The zod this CLI uses: tool parameters and plugin config tables are its schemas. */
export const z: typeof Zod = (await import(ZOD)).z;
// No JIT: zod compiles each object schema (`new Function`) on its first parse, which at startup costs more
// than it saves (50-200 ms before the first request); this process parses most schemas once.
z.config({ jitless: true });
mark("zod loaded");

if (import.meta.main) {
  // Not awaited: plugins loaded at run time import this module, whose evaluation must finish first.
  const exec = parseExecFast(Deno.args);
  if (exec) {
    // A plain `exec`, without the command tree.
    const run = "./src/cli/exec_fast_run.ts"; // not a literal: see the module doc
    import(run).then(({ runFastExec }: typeof import("./src/cli/exec_fast_run.ts")) => runFastExec(exec));
  } else {
    const entry = "./src/cli/entry.ts"; // not a literal: see the module doc
    import(entry).then(({ main }: typeof import("./src/cli/entry.ts")) => main(Deno.args));
  }
}
