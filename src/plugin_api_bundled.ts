/**
 * `mod.ts` as builds see it (`deno compile`, `deno bundle`: scripts/build.ts maps `mod.ts` here), with
 * zod imported statically, since a bundle cannot follow `mod.ts`'s dynamic `import("zod")`.
 * @module
 */
export * from "./plugin_api.ts";
import { z } from "zod";

// No JIT, as in mod.ts: compiling each object schema on its first parse costs more than it saves here.
z.config({ jitless: true });

/** The zod this CLI uses: tool parameters and plugin config tables are its schemas. */
export { z };
