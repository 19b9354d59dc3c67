/**
 * apply_patch: parser errors (line numbers, the context that did not match), the matching tiers, the
 * tool's answers and `file_change` items, sandbox-policy refusals, rollback of a failed write, the
 * standalone mode's messages and the shell's PATH helper. Runs through the CLI process are in
 * tests/e2e/apply_patch_test.ts.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import applyPatchPlugin, {
  APPLY_PATCH_LARK_GRAMMAR,
  commitWrites,
  parsePatch,
  PatchParseError,
  planPatch,
  runStandalone,
  seekSequence,
} from "./mod.ts";
import shellPlugin from "../shell/mod.ts";
import { noneSandboxPlugin } from "../../sandbox/none/mod.ts";
import type { FileChangeItem } from "../../src/kernel/events.ts";
import type { SandboxPolicy } from "../../src/kernel/sandbox.ts";
import { assert, assertEquals, assertIncludes } from "../../tests/helpers/assert.ts";
import { testPolicy, ToolHarness } from "../../tests/helpers/tool_context.ts";

const patch = (body: string) => `*** Begin Patch\n${body}*** End Patch\n`;

function tempDir(): string {
  return Deno.realPathSync(Deno.makeTempDirSync({ prefix: "apply-patch-test-" }));
}

function parseError(text: string): PatchParseError {
  try {
    parsePatch(text);
  } catch (err) {
    assert.ok(err instanceof PatchParseError, `expected PatchParseError, got ${err}`);
    return err;
  }
  throw new assert.AssertionError({ message: "expected the patch to be rejected" });
}

async function harness(cwd: string, policy?: SandboxPolicy, config = {}): Promise<ToolHarness> {
  const h = new ToolHarness({ cwd, policy, config });
  await h.load(applyPatchPlugin);
  return h;
}

// ---------------------------------------------------------------------------------------------------
// Parser

Deno.test("parser: hunks, move, chunks with context markers and End of File", () => {
  const parsed = parsePatch(patch(
    "*** Add File: a.txt\n+one\n+\n*** Delete File: b.txt\n*** Update File: c.txt\n*** Move to: d/c.txt\n" +
      " keep\n-old\n+new\n@@ def f():\n \n-x\n*** End of File\n",
  ));
  assertEquals(parsed.hunks, [
    { type: "add", path: "a.txt", contents: "one\n\n", patchLine: 2 },
    { type: "delete", path: "b.txt", patchLine: 5 },
    {
      type: "update",
      path: "c.txt",
      movePath: "d/c.txt",
      patchLine: 6,
      chunks: [
        {
          lines: [{ op: "context", text: "keep" }, { op: "remove", text: "old" }, { op: "add", text: "new" }],
          endOfFile: false,
          patchLine: 8,
        },
        {
          context: "def f():",
          lines: [{ op: "context", text: "" }, { op: "remove", text: "x" }],
          endOfFile: true,
          patchLine: 11,
        },
      ],
    },
  ]);
});

Deno.test("parser: errors name the line and what was wrong, in Codex's two phrasings", () => {
  const cases: [string, string, string][] = [
    [
      "hello",
      "Invalid patch: The first line of the patch must be '*** Begin Patch'",
      "invalid patch: The first line of the patch must be '*** Begin Patch'",
    ],
    [
      "*** Begin Patch\n*** Add File: a\n+a",
      "Invalid patch: The last line of the patch must be '*** End Patch'",
      "invalid patch: The last line of the patch must be '*** End Patch'",
    ],
    [
      patch("*** Frobnicate File: foo\n"),
      "Invalid patch hunk on line 2: '*** Frobnicate File: foo' is not a valid hunk header. Valid hunk headers: '*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'",
      "invalid hunk at line 2, '*** Frobnicate File: foo' is not a valid hunk header. Valid hunk headers: '*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'",
    ],
    [
      patch("*** Add File: a\n+a\n*** Update File: foo.txt\n"),
      "Invalid patch hunk on line 4: Update file hunk for path 'foo.txt' is empty",
      "invalid hunk at line 4, Update file hunk for path 'foo.txt' is empty",
    ],
    [
      patch("*** Update File: f\nbad\n"),
      "Invalid patch hunk on line 3: Unexpected line found in update hunk: 'bad'. Every line should start with ' ' (context line), '+' (added line), or '-' (removed line)",
      "invalid hunk at line 3, Unexpected line found in update hunk: 'bad'. Every line should start with ' ' (context line), '+' (added line), or '-' (removed line)",
    ],
    [
      patch("*** Update File: f\n@@\n x\nstray\n"),
      "Invalid patch hunk on line 5: Expected update hunk to start with a @@ context marker, got: 'stray'",
      "invalid hunk at line 5, Expected update hunk to start with a @@ context marker, got: 'stray'",
    ],
    [
      patch("*** Update File: f\n@@\n"),
      "Invalid patch hunk on line 4: Update hunk does not contain any lines",
      "invalid hunk at line 4, Update hunk does not contain any lines",
    ],
    [
      patch("*** Update File: f\n@@ class A\n@@ def b\n-x\n"),
      "Invalid patch hunk on line 4: Unexpected line found in update hunk: '@@ def b'. Every line should start with ' ' (context line), '+' (added line), or '-' (removed line)",
      "invalid hunk at line 4, Unexpected line found in update hunk: '@@ def b'. Every line should start with ' ' (context line), '+' (added line), or '-' (removed line)",
    ],
  ];
  for (const [text, standalone, tool] of cases) {
    const err = parseError(text);
    assertEquals(err.message, standalone);
    assertEquals(err.toolMessage(), tool);
  }
});

Deno.test("parser: lenient markers, heredoc wrapper, CRLF patch text, empty Add File", () => {
  assertEquals(parsePatch("  *** Begin Patch \n *** Delete File: x\n*** End Patch  ").hunks.length, 1);
  assertEquals(
    parsePatch("<<'EOF'\n*** Begin Patch\n*** Delete File: x\n*** End Patch\nEOF").hunks.length,
    1,
  );
  assertEquals(parsePatch("*** Begin Patch\r\n*** Add File: x\r\n+a\r\n*** End Patch\r\n").hunks, [
    { type: "add", path: "x", contents: "a\n", patchLine: 2 },
  ]);
  assertEquals(parsePatch(patch("*** Add File: e\n")).hunks, [
    { type: "add", path: "e", contents: "", patchLine: 2 },
  ]);
  assertEquals(parsePatch(patch("")).hunks, []);
});

// ---------------------------------------------------------------------------------------------------
// Matching tiers

Deno.test("seekSequence: exact, then trailing whitespace, then surrounding whitespace, then Unicode", () => {
  assertEquals(seekSequence(["a", "b  ", "b"], ["b"], 0, false), { index: 2, tier: "exact" });
  assertEquals(seekSequence(["a", "b  "], ["b"], 0, false), { index: 1, tier: "trim-end" });
  assertEquals(seekSequence(["a", "\t b "], ["b"], 0, false), { index: 1, tier: "trim" });
  assertEquals(
    seekSequence(["x", "a \u2013 \u201cq\u201d \u2018s\u2019\u00a0z\u3000w"], [`a - "q" 's' z w`], 0, false),
    { index: 1, tier: "unicode" },
  );
  assertEquals(seekSequence(["a", "b"], ["c"], 0, false), undefined);
  // From a start position; End of File anchors the pattern to the last lines only.
  assertEquals(seekSequence(["a", "b", "a"], ["a"], 1, false), { index: 2, tier: "exact" });
  assertEquals(seekSequence(["a", "b", "a", "c"], ["a"], 0, true), undefined);
  assertEquals(seekSequence(["a", "b", "a"], ["a"], 0, true), { index: 2, tier: "exact" });
  assertEquals(seekSequence(["a"], ["a", "b"], 0, false), undefined);
});

// ---------------------------------------------------------------------------------------------------
// The tool

Deno.test("tool: freeform spec by default; function spec {input} with apply_patch_tool_type=function", async () => {
  const h = await harness(tempDir());
  const tool = h.registry.tools.get("apply_patch")!;
  assertEquals(tool.kind, "custom");
  assertEquals(tool.spec, {
    type: "custom",
    name: "apply_patch",
    description:
      "The `apply_patch` tool can be used to edit files. This is a FREEFORM tool, so do not wrap the patch in JSON.",
    format: { type: "grammar", syntax: "lark", definition: APPLY_PATCH_LARK_GRAMMAR },
  });
  assert.ok(APPLY_PATCH_LARK_GRAMMAR.startsWith("start: "));
  for (const marker of ["*** Begin Patch", "*** Add File: ", "*** Move to: ", "*** End of File", '"@@ "']) {
    assertIncludes(APPLY_PATCH_LARK_GRAMMAR, marker);
  }

  const dir = tempDir();
  const f = await harness(dir, undefined, { apply_patch_tool_type: "function" });
  const fn = f.registry.tools.get("apply_patch")!;
  assertEquals(fn.kind, "function");
  const spec = fn.spec as { type: string; parameters: unknown };
  assertEquals(spec.type, "function");
  assertEquals(spec.parameters, {
    type: "object",
    properties: { input: { type: "string", description: "The entire contents of the apply_patch command" } },
    required: ["input"],
    additionalProperties: false,
  });
  const r = await f.call("apply_patch", { input: patch("*** Add File: fn.txt\n+via function\n") });
  assertEquals(r.success, true, String(r.output));
  assertEquals(readFileSync(join(dir, "fn.txt"), "utf-8"), "via function\n");
});

Deno.test("tool: success output and file_change items with absolute paths (a move is an update of its source)", async () => {
  const dir = tempDir();
  writeFileSync(join(dir, "mod.txt"), "one\ntwo\n");
  writeFileSync(join(dir, "old.txt"), "x\n");
  writeFileSync(join(dir, "del.txt"), "bye\n");
  const h = await harness(dir);
  const text = patch(
    "*** Update File: mod.txt\n-two\n+TWO\n*** Delete File: del.txt\n*** Add File: sub/new.txt\n+n\n" +
      "*** Update File: old.txt\n*** Move to: moved.txt\n-x\n+y\n",
  );
  const r = await h.call("apply_patch", text);
  assertEquals(r.success, true);
  assert.match(
    String(r.output),
    /^Exit code: 0\nWall time: \d+(\.\d)? seconds\nOutput:\nSuccess\. Updated the following files:\nA sub\/new\.txt\nM mod\.txt\nM moved\.txt\nD del\.txt\n$/,
  );
  const changes: FileChangeItem["changes"] = [
    { path: join(dir, "mod.txt"), kind: "update" },
    { path: join(dir, "del.txt"), kind: "delete" },
    { path: join(dir, "sub/new.txt"), kind: "add" },
    { path: join(dir, "old.txt"), kind: "update" },
  ];
  assertEquals(h.itemEvents(), [
    {
      type: "item.started",
      item: { id: "item_0", type: "file_change", changes, status: "in_progress", patch: text },
    },
    {
      type: "item.completed",
      item: { id: "item_0", type: "file_change", changes, status: "completed", patch: text },
    },
  ]);
  assertEquals(readFileSync(join(dir, "mod.txt"), "utf-8"), "one\nTWO\n");
  assertEquals(readFileSync(join(dir, "moved.txt"), "utf-8"), "y\n");
  assertEquals([existsSync(join(dir, "old.txt")), existsSync(join(dir, "del.txt"))], [false, false]);
});

Deno.test("tool: verification failures tell the model what and where, change nothing, emit no item", async () => {
  const dir = tempDir();
  writeFileSync(join(dir, "f.txt"), "alpha\nbeta\n");
  writeFileSync(join(dir, "bin.dat"), new Uint8Array([104, 105, 0, 1, 10]));
  const h = await harness(dir);
  const f = join(dir, "f.txt");
  const cases: [string, string][] = [
    [
      patch("*** Add File: created.txt\n+x\n*** Update File: f.txt\n@@\n alpha\n-gamma\n+delta\n"),
      `apply_patch verification failed: Failed to find expected lines in ${f}:\nalpha\ngamma\n` +
      "(chunk at patch line 5; no file was changed)",
    ],
    [
      patch("*** Update File: f.txt\n@@ class Missing\n-alpha\n"),
      `apply_patch verification failed: Failed to find context 'class Missing' in ${f}\n` +
      "(chunk at patch line 3; no file was changed)",
    ],
    [
      patch("*** Update File: nope.txt\n-a\n"),
      `apply_patch verification failed: Failed to read file to update ${
        join(dir, "nope.txt")
      }: No such file or directory (os error 2)`,
    ],
    [
      patch("*** Delete File: nope.txt\n"),
      `apply_patch verification failed: Failed to read ${
        join(dir, "nope.txt")
      }: No such file or directory (os error 2)`,
    ],
    [
      patch("*** Update File: bin.dat\n-hi\n"),
      `apply_patch verification failed: Failed to read file to update ${
        join(dir, "bin.dat")
      }: binary file (a NUL byte in the first 8192 bytes); apply_patch edits text files only`,
    ],
    [
      patch("*** Update File: f.txt\n-alpha\n+A\n*** Update File: ./f.txt\n-beta\n+B\n"),
      `apply_patch verification failed: invalid patch: multiple operations target ${f}`,
    ],
    [
      patch("*** Update File: f.txt\n@@\n-alpha\nnot a patch line\n"),
      "apply_patch verification failed: invalid hunk at line 5, Expected update hunk to start with a @@ context marker, got: 'not a patch line'",
    ],
    ["*** Begin Patch\n*** End Patch", "patch rejected: empty patch"],
  ];
  for (const [text, expected] of cases) {
    const r = await h.call("apply_patch", text);
    assertEquals([r.success, r.output], [false, expected]);
  }
  assertEquals(h.itemEvents(), []);
  assertEquals(readFileSync(f, "utf-8"), "alpha\nbeta\n");
  assertEquals(existsSync(join(dir, "created.txt")), false);
});

Deno.test("tool: writes obey the sandbox policy the shell uses", async () => {
  const root = tempDir();
  const cwd = join(root, "work");
  const extra = join(root, "extra");
  const outside = join(root, "outside");
  for (const d of [cwd, extra, outside, join(cwd, ".git")]) mkdirSync(d, { recursive: true });
  symlinkSync(outside, join(cwd, "link"));
  writeFileSync(join(cwd, "f.txt"), "v1\n");
  const policy = testPolicy(cwd, { writableRoots: [cwd, extra], readOnlyPaths: [join(cwd, ".git")] });

  const h = await harness(cwd, policy);
  const refused: [string, string][] = [
    [
      "*** Add File: ../outside/escape.txt\n+x\n",
      `patch rejected: ${outside}/escape.txt is outside the working directory ${cwd} and the writable roots ` +
      `(${cwd}, ${extra}); use a path inside the workspace`,
    ],
    [
      `*** Add File: ${outside}/abs.txt\n+x\n`,
      `patch rejected: ${outside}/abs.txt is outside the working directory ${cwd} and the writable roots ` +
      `(${cwd}, ${extra}); use a path inside the workspace`,
    ],
    [
      "*** Add File: link/through_symlink.txt\n+x\n",
      `patch rejected: ${cwd}/link/through_symlink.txt (resolves to ${outside}/through_symlink.txt) is outside ` +
      `the working directory ${cwd} and the writable roots (${cwd}, ${extra}); use a path inside the workspace`,
    ],
    [
      "*** Add File: .git/hooks/pre-commit\n+x\n",
      `patch rejected: ${cwd}/.git/hooks/pre-commit is inside ${cwd}/.git, which stays read-only in the sandbox`,
    ],
    [
      // The whole patch is refused even though its first file would be allowed.
      "*** Update File: f.txt\n-v1\n+v2\n*** Update File: f.txt\n*** Move to: ../outside/moved.txt\n-v1\n+v3\n",
      "apply_patch verification failed: invalid patch: multiple operations target " + join(cwd, "f.txt"),
    ],
    [
      "*** Update File: f.txt\n*** Move to: ../outside/moved.txt\n-v1\n+v3\n",
      `patch rejected: ${outside}/moved.txt is outside the working directory ${cwd} and the writable roots ` +
      `(${cwd}, ${extra}); use a path inside the workspace`,
    ],
  ];
  for (const [body, expected] of refused) {
    const r = await h.call("apply_patch", patch(body));
    assertEquals([r.success, r.output], [false, expected]);
  }
  assertEquals(h.itemEvents(), []);
  assertEquals(readFileSync(join(cwd, "f.txt"), "utf-8"), "v1\n");
  assertEquals(Deno.readDirSync(outside).toArray(), []);

  // A writable root given with --add-dir is fine, absolute or relative.
  const ok = await h.call(
    "apply_patch",
    patch(`*** Add File: ${extra}/a.txt\n+a\n*** Add File: ../extra/b.txt\n+b\n`),
  );
  assertEquals(ok.success, true, String(ok.output));
  assertEquals(readFileSync(join(extra, "b.txt"), "utf-8"), "b\n");

  // read-only refuses everything; danger-full-access allows paths outside.
  const ro = await harness(cwd, testPolicy(cwd, { mode: "read-only", writableRoots: [] }));
  const r = await ro.call("apply_patch", patch("*** Add File: in_workspace.txt\n+x\n"));
  assertEquals([r.success, r.output], [
    false,
    `patch rejected: the sandbox is read-only: cannot write ${cwd}/in_workspace.txt; run with --sandbox workspace-write to allow edits`,
  ]);
  assertEquals(existsSync(join(cwd, "in_workspace.txt")), false);
  const full = await harness(cwd, testPolicy(cwd, { mode: "danger-full-access", writableRoots: [] }));
  const fr = await full.call("apply_patch", patch("*** Add File: ../outside/allowed.txt\n+x\n"));
  assertEquals(fr.success, true, String(fr.output));
  assertEquals(readFileSync(join(outside, "allowed.txt"), "utf-8"), "x\n");
});

Deno.test("tool: a write failing midway restores earlier files and completes the item as failed", async () => {
  const dir = tempDir();
  writeFileSync(join(dir, "keep.txt"), "original\n");
  const h = await harness(dir);
  const longName = `${"n".repeat(300)}.txt`; // ENAMETOOLONG only when writing
  const r = await h.call(
    "apply_patch",
    patch(
      `*** Update File: keep.txt\n-original\n+changed\n*** Add File: new.txt\n+x\n*** Add File: ${longName}\n+x\n`,
    ),
  );
  assertEquals(r.success, false);
  assert.match(
    String(r.output),
    new RegExp(
      `^Exit code: 1\\nWall time: \\d+(\\.\\d)? seconds\\nOutput:\\nFailed to write file ${dir}/n+\\.txt: ` +
        `File name too long \\(os error 36\\) \\(every file already changed was restored\\)\\n$`,
    ),
  );
  assertEquals(readFileSync(join(dir, "keep.txt"), "utf-8"), "original\n");
  assertEquals(existsSync(join(dir, "new.txt")), false);
  const items = h.itemEvents();
  assertEquals(items.map((e) => [e.type, (e.item as FileChangeItem).status]), [
    ["item.started", "in_progress"],
    ["item.completed", "failed"],
  ]);
});

Deno.test("commitWrites: rollback restores content, mode and removes created directories", async () => {
  const dir = tempDir();
  writeFileSync(join(dir, "a.sh"), "#!/bin/sh\necho a\n");
  Deno.chmodSync(join(dir, "a.sh"), 0o750);
  symlinkSync("a.sh", join(dir, "link"));
  const plan = await planPatch(
    parsePatch(
      patch(
        "*** Update File: a.sh\n-echo a\n+echo A\n*** Delete File: link\n*** Add File: made/deep/x.txt\n+x\n" +
          "*** Add File: blocker/y.txt\n+y\n",
      ),
    ),
    { cwd: dir },
  );
  // Something else creates a file where the patch needs a directory, after verification.
  writeFileSync(join(dir, "blocker"), "in the way\n");
  await assert.rejects(
    commitWrites(plan.writes),
    /^PatchWriteError: Failed to write file .*blocker\/y\.txt: /,
  );
  assertEquals(readFileSync(join(dir, "a.sh"), "utf-8"), "#!/bin/sh\necho a\n");
  assertEquals(Deno.statSync(join(dir, "a.sh")).mode! & 0o777, 0o750);
  assertEquals(existsSync(join(dir, "made")), false);
  assertEquals(Deno.readLinkSync(join(dir, "link")), "a.sh"); // the deleted symlink is a symlink again
  assertEquals(Deno.readDirSync(dir).toArray().map((e) => e.name).sort(), ["a.sh", "blocker", "link"]);

  // Without interference the same plan succeeds and keeps the file's mode.
  Deno.removeSync(join(dir, "blocker"));
  await commitWrites(plan.writes);
  assertEquals(readFileSync(join(dir, "a.sh"), "utf-8"), "#!/bin/sh\necho A\n");
  assertEquals(Deno.statSync(join(dir, "a.sh")).mode! & 0o777, 0o750);
  assertEquals(existsSync(join(dir, "link")), false);
});

/** A Python that can import `lark` (Debian: `apt-get install python3-lark`), if any. */
function larkPython(): string | undefined {
  for (const python of ["python3", "/usr/bin/python3"]) {
    try {
      const r = new Deno.Command(python, { args: ["-c", "import lark"], stdout: "null", stderr: "null" })
        .outputSync();
      if (r.success) return python;
    } catch {
      // not installed
    }
  }
  return undefined;
}

const LARK_PYTHON = larkPython();

Deno.test({
  name: "grammar: Lark accepts every well-formed scenario patch and rejects malformed ones (python3-lark)",
  ignore: LARK_PYTHON === undefined,
  fn: async () => {
    const script = `
import glob, json, sys
from lark import Lark
parser = Lark(sys.stdin.read(), parser="earley", lexer="dynamic")
result = {}
for path in sorted(glob.glob(sys.argv[1] + "/*/patch.txt")):
    try:
        parser.parse(open(path, encoding="utf-8").read())
        result[path.split("/")[-2]] = True
    except Exception:
        result[path.split("/")[-2]] = False
print(json.dumps(result))
`;
    const child = new Deno.Command(LARK_PYTHON!, {
      args: ["-c", script, new URL("../../tests/apply_patch/scenarios", import.meta.url).pathname],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(APPLY_PATCH_LARK_GRAMMAR));
    await w.close();
    const out = await child.output();
    const dec = new TextDecoder();
    assert.ok(out.success, dec.decode(out.stderr));
    const accepted = JSON.parse(dec.decode(out.stdout)) as Record<string, boolean>;
    // The grammar is stricter than the lenient parser: it wants at least one line per Add File and no
    // heredoc wrapper or padded markers; malformed patches must not parse.
    const rejected = Object.entries(accepted).filter(([, ok]) => !ok).map(([name]) => name);
    assertEquals(rejected, [
      "003_add_empty_file",
      "034_heredoc_wrapper_tolerated",
      "035_whitespace_padded_markers_and_headers",
      "037_malformed_missing_end_patch",
      "038_malformed_invalid_hunk_header",
      "039_malformed_empty_update_hunk",
      "040_malformed_chunk_line",
      "041_empty_patch_changes_nothing",
    ]);
    assert.ok(Object.keys(accepted).length >= 30);
  },
});

// ---------------------------------------------------------------------------------------------------
// Standalone mode

async function standalone(args: string[], cwd: string, stdin: string | null = null) {
  let out = "";
  let err = "";
  const code = await runStandalone(args, {
    cwd,
    readStdin: () => Promise.resolve(stdin),
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  });
  return { code, out, err };
}

Deno.test("standalone: Codex's messages and exit codes", async () => {
  const dir = tempDir();
  writeFileSync(join(dir, "f.txt"), "x\n");
  assertEquals(await standalone([], dir), {
    code: 2,
    out: "",
    err: "Usage: apply_patch 'PATCH'\n       echo 'PATCH' | apply_patch\n",
  });
  assertEquals(await standalone(["a", "b"], dir), {
    code: 2,
    out: "",
    err: "Error: apply_patch accepts exactly one argument.\n",
  });
  assertEquals(await standalone([patch("")], dir), { code: 1, out: "", err: "No files were modified.\n" });
  assertEquals(await standalone([patch("*** Update File: f.txt\n-nope\n+y\n")], dir), {
    code: 1,
    out: "",
    err: `Failed to find expected lines in ${dir}/f.txt:\nnope\n`,
  });
  assertEquals(await standalone([patch("*** Delete File: gone.txt\n")], dir), {
    code: 1,
    out: "",
    err: `Failed to delete file ${dir}/gone.txt\n`,
  });
  assertEquals(await standalone([patch("*** Update File: gone.txt\n-a\n")], dir), {
    code: 1,
    out: "",
    err: `Failed to read file to update ${dir}/gone.txt: No such file or directory (os error 2)\n`,
  });
  assertEquals(await standalone([], dir, patch("*** Update File: f.txt\n-x\n+y\n")), {
    code: 0,
    out: "Success. Updated the following files:\nM f.txt\n",
    err: "",
  });
  assertEquals(readFileSync(join(dir, "f.txt"), "utf-8"), "y\n");
});

Deno.test("shell: exec_command finds apply_patch on PATH and the patch is applied", async () => {
  const dir = tempDir();
  writeFileSync(join(dir, "f.txt"), "before\n");
  const h = new ToolHarness({ cwd: dir });
  await h.load(noneSandboxPlugin, shellPlugin, applyPatchPlugin);
  try {
    const text = patch("*** Update File: f.txt\n-before\n+after\n");
    const r = await h.call("exec_command", {
      cmd:
        `apply_patch "$(cat <<'EOF'\n${text}EOF\n)" && command -v applypatch >/dev/null && echo both-found`,
      yield_time_ms: 30_000,
      // A login shell (the default) whose profile resets PATH, as Debian's does, still finds it.
      shell: "/bin/bash",
    });
    assertIncludes(String(r.output), "Process exited with code 0\n");
    assertIncludes(String(r.output), "Success. Updated the following files:\nM f.txt\nboth-found\n");
    assertEquals(readFileSync(join(dir, "f.txt"), "utf-8"), "after\n");
  } finally {
    await h.dispose();
  }
});
