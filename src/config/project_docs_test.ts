import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { projectDocs, userInstructions } from "./project_docs.ts";
import { assertEquals } from "../../tests/helpers/assert.ts";

function tree(): { home: string; root: string; cwd: string } {
  const base = Deno.makeTempDirSync({ prefix: "agents-" });
  const home = join(base, "home");
  const root = join(base, "repo");
  const cwd = join(root, "a", "b", "c");
  mkdirSync(home);
  mkdirSync(cwd, { recursive: true });
  mkdirSync(join(root, ".git"));
  writeFileSync(join(home, "AGENTS.md"), "GLOBAL\n");
  writeFileSync(join(root, "AGENTS.md"), "ROOT");
  writeFileSync(join(root, "a", "AGENTS.md"), "A plain");
  writeFileSync(join(root, "a", "AGENTS.override.md"), "A override");
  writeFileSync(join(root, "a", "b", "CLAUDE.md"), "B claude");
  writeFileSync(join(cwd, "AGENTS.md"), "C\n");
  return { home, root, cwd };
}

Deno.test("AGENTS.md: global, then root to cwd; override beats AGENTS.md; fallbacks only when configured", () => {
  const { home, cwd } = tree();
  assertEquals(userInstructions({}, home, cwd), "GLOBAL\n\n--- project-doc ---\n\nROOT\n\nA override\n\nC");
  assertEquals(
    userInstructions({ project_doc_fallback_filenames: ["CLAUDE.md"] }, home, cwd),
    "GLOBAL\n\n--- project-doc ---\n\nROOT\n\nA override\n\nB claude\n\nC",
  );
  writeFileSync(join(home, "AGENTS.override.md"), "GLOBAL OVERRIDE");
  assertEquals(
    userInstructions({ instructions: "from config" }, home, cwd)?.split("\n\n--- project-doc")[0],
    "from config\n\nGLOBAL OVERRIDE",
  );
});

Deno.test("AGENTS.md: budget cuts the crossing file; 0 disables; no root marker means cwd only", () => {
  const { root, cwd } = tree();
  assertEquals(projectDocs({ project_doc_max_bytes: 6 }, cwd).map((d) => d.text), ["ROOT", "A"]);
  assertEquals(projectDocs({ project_doc_max_bytes: 0 }, cwd), []);
  assertEquals(projectDocs({ project_root_markers: [] }, cwd).map((d) => d.path), [join(cwd, "AGENTS.md")]);
  assertEquals(projectDocs({ project_root_markers: ["nothing-here"] }, cwd).map((d) => d.text), ["C"]);
  assertEquals(userInstructions({}, join(root, "nohome"), join(root, "a")), "ROOT\n\nA override");
});
