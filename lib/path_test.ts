import { deepStrictEqual as equal } from "node:assert/strict";
import * as node from "node:path";
import * as nodeUrl from "node:url";
import * as ours from "./path.ts";

const PATHS = [
  "",
  ".",
  "..",
  "/",
  "//",
  "a",
  "a/",
  "/a",
  "/a/",
  "/a/b/c",
  "a/b/../c",
  "../a",
  "a/../..",
  "./a/./b/",
  "/a/../../b",
  "a//b",
  "/x/file.txt",
  ".hidden",
  "dir/.env.local",
  "a/b/",
];

Deno.test("lib/path: matches node:path on POSIX", () => {
  if (Deno.build.os === "windows") return;
  for (const p of PATHS) {
    equal(ours.normalize(p), node.normalize(p), `normalize ${p}`);
    equal(ours.dirname(p), node.dirname(p), `dirname ${p}`);
    equal(ours.basename(p), node.basename(p), `basename ${p}`);
    equal(ours.basename(p, ".txt"), node.basename(p, ".txt"), `basename ${p} .txt`);
    equal(ours.isAbsolute(p), node.isAbsolute(p), `isAbsolute ${p}`);
    equal(ours.resolve(p), node.resolve(p), `resolve ${p}`);
    equal(ours.resolve("/base/dir", p), node.resolve("/base/dir", p), `resolve /base/dir ${p}`);
    equal(ours.join("x", p), node.join("x", p), `join x ${p}`);
    equal(ours.join(p, "y"), node.join(p, "y"), `join ${p} y`);
    for (const q of ["/a/b", "/a/c/d", "/", "rel/x", "/a/b/c/d"]) {
      equal(ours.relative(p || ".", q), node.relative(p || ".", q), `relative ${p} ${q}`);
    }
  }
  equal(ours.join(), node.join());
  equal(ours.resolve(), node.resolve());
  equal(ours.sep, node.sep);
});

Deno.test("lib/path: file URLs as node:url converts them", () => {
  if (Deno.build.os === "windows") return;
  for (const p of ["/a/b c/%d#e?f", "/x/", "/", "rel/ative", "/tab\there", "/ünï/cödé"]) {
    equal(ours.pathToFileURL(p).href, nodeUrl.pathToFileURL(p).href, p);
    equal(ours.fileURLToPath(ours.pathToFileURL(p)), nodeUrl.fileURLToPath(nodeUrl.pathToFileURL(p)), p);
  }
  equal(ours.fileURLToPath("file:///a/b%20c"), "/a/b c");
});
