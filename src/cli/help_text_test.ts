import { deepStrictEqual as equal } from "node:assert/strict";
import { TOP_LEVEL_HELP } from "./help_text.ts";
import { topLevelHelp } from "./main.ts";

Deno.test("help_text.ts is commander's current top-level help (regenerate: deno task gen:help)", () => {
  equal(TOP_LEVEL_HELP, topLevelHelp());
});

Deno.test("codex --help and -h print it without loading the command tree", async () => {
  for (const flag of ["--help", "-h"]) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", new URL("../../mod.ts", import.meta.url).pathname, flag],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    equal([out.code, new TextDecoder().decode(out.stdout)], [0, topLevelHelp()]);
  }
});
