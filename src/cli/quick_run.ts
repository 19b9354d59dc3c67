/**
 * Runs a quick answer (see `quick_path.ts`); each loads only its own implementation.
 * @module
 */
import { type QuickPath, quickText } from "./quick_path.ts";

/** Runs `quick`; resolves to the process's exit code. */
export async function runQuickPath(quick: QuickPath): Promise<number> {
  switch (quick.kind) {
    case "version":
    case "help":
      Deno.stdout.writeSync(new TextEncoder().encode(quickText(quick)));
      return 0;
    case "apply_patch": {
      const { runApplyPatch } = await import("../host/helpers.ts");
      return await runApplyPatch(quick.args);
    }
    case "sandbox_helper": {
      const { runSandboxHelper } = await import("../host/helpers.ts");
      return await runSandboxHelper(quick.args);
    }
  }
}
