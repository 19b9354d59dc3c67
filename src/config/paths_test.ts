import { deepStrictEqual as equal } from "node:assert/strict";
import { dirname, join, resolve } from "node:path";
import { defaultCodexHome, dirsFromRoot, findProjectRoot } from "./paths.ts";

Deno.test("paths: defaultCodexHome resolves CODEX_HOME like node:path, else ~/.codex", () => {
  const env = (vars: Record<string, string>) => (k: string) => vars[k];
  equal(defaultCodexHome(env({ CODEX_HOME: "/a/b/../c/" })), "/a/c");
  equal(defaultCodexHome(env({ CODEX_HOME: "rel/./x" })), resolve("rel/x"));
  equal(defaultCodexHome(env({ HOME: "/home/u" })), "/home/u/.codex");
});

Deno.test("paths: findProjectRoot and dirsFromRoot walk parents like node:path's dirname", () => {
  const root = Deno.makeTempDirSync();
  try {
    const deep = join(root, "a", "b");
    Deno.mkdirSync(deep, { recursive: true });
    Deno.mkdirSync(join(root, ".marker"));
    equal(findProjectRoot(deep, [".marker"]), root);
    equal(findProjectRoot(deep, [".absent-marker-name"]), deep);
    equal(findProjectRoot(deep, []), deep);
    equal(dirsFromRoot(root, deep), [root, dirname(deep), deep]);
    equal(dirsFromRoot("/elsewhere", "/"), ["/"]);
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});
