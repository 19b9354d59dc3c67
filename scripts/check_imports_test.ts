/** The import-graph rules of DESIGN.md, on sample edges and on this repository. */
import { checkImports, ruleBroken, specifiers } from "./check_imports.ts";
import { assertEquals } from "../tests/helpers/assert.ts";

Deno.test("check_imports: each DESIGN.md rule flags what it forbids and allows the rest", () => {
  assertEquals(ruleBroken("src/kernel/thread.ts", "src/kernel/hooks.ts"), undefined);
  assertEquals(ruleBroken("src/kernel/thread.ts", "src/config/schema.ts"), "src/kernel imports only itself");
  assertEquals(ruleBroken("plugins/shell/mod.ts", "plugins/shell/env.ts"), undefined);
  assertEquals(ruleBroken("plugins/shell/mod.ts", "mod.ts"), undefined);
  assertEquals(ruleBroken("plugins/shell/mod.ts", "lib/approval_policy/mod.ts"), undefined);
  assertEquals(
    ruleBroken("plugins/shell/exec_command.ts", "plugins/apply_patch/tool.ts"),
    "plugins/* import only their own folder, mod.ts and lib/",
  );
  assertEquals(
    ruleBroken("sandbox/bwrap/mod.ts", "src/kernel/sandbox.ts"),
    "sandbox/* import only their own folder, mod.ts and lib/",
  );
  assertEquals(
    ruleBroken("lib/openai/sse.ts", "plugins/openai_responses/events.ts"),
    "lib/ imports no plugin",
  );
  assertEquals(ruleBroken("src/frontends/exec/mod.ts", "src/host/mod.ts"), undefined);
  assertEquals(
    ruleBroken("src/cli/main.ts", "plugins/shell/mod.ts"),
    "src/cli imports src/host, never a plugin",
  );
});

Deno.test("check_imports: static, type, re-export and dynamic imports are read; comments are not", () => {
  const source = `/** Example: import { x } from "./in_comment.ts"; */
import { a } from "./a.ts";
import type { B } from "../b.ts";
export { c } from "./c.ts";
export * from "./d.ts";
import "./e.ts";
const f = await import("./f.ts");
import { z } from "zod";
// import { g } from "./g.ts";`;
  assertEquals(specifiers(source).sort(), ["../b.ts", "./a.ts", "./c.ts", "./d.ts", "./e.ts", "./f.ts"]);
});

Deno.test("check_imports: this repository follows the rules", () => {
  const root = new URL("..", import.meta.url).pathname;
  assertEquals(checkImports(root), []);
});
