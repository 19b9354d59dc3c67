/**
 * Issue #11's holes at the tool level, with a real Linux backend (bwrap, else landlock): apply_patch
 * writes land inside the sandbox (hole 1, also through `cd /` and `workdir`; hole 2, a directory
 * swapped for a symlink while patches are written), the heredoc passes the command approval step
 * (hole 12), the `shell` argument is judged by rules and approvals (hole 7), the environment filter
 * (holes 5 and 11) and where the helper directory lives (hole 8).
 * @module
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { applyPatchPlugin } from "../plugins/apply_patch/mod.ts";
import { applyPatchBashEnv, applyPatchHelperDir } from "../lib/apply_patch/path_helper.ts";
import { isKnownShell } from "../plugins/shell/command_line.ts";
import { applyShellEnvironmentPolicy } from "../plugins/shell/env.ts";
import { shellPlugin } from "../plugins/shell/mod.ts";
import { bwrapSandbox } from "./bwrap/mod.ts";
import { landlockSandbox } from "./landlock/mod.ts";
import { resolveSandboxPolicy } from "../src/config/resolve.ts";
import type { Config } from "../src/config/schema.ts";
import type { SandboxBackend } from "../src/kernel/sandbox.ts";
import type { ToolResult } from "../src/kernel/tool.ts";
import { composeTool, wrappersFor } from "../src/kernel/tool_middleware.ts";
import { testPolicy, ToolHarness } from "../tests/helpers/tool_context.ts";

/** The confining backends available here (as root: bwrap; as a user: bwrap and landlock). */
async function confiningBackends(): Promise<SandboxBackend[]> {
  if (Deno.build.os !== "linux") return [];
  const out: SandboxBackend[] = [];
  for (const b of [bwrapSandbox, landlockSandbox]) if ((await b.available()).ok) out.push(b);
  return out;
}

const BACKENDS = await confiningBackends();

function fixture() {
  const dir = Deno.makeTempDirSync({
    dir: existsSync("/var/tmp") ? "/var/tmp" : undefined,
    prefix: "codex-holes-",
  });
  const work = join(dir, "work");
  const outside = join(dir, "outside");
  mkdirSync(join(work, "src"), { recursive: true });
  mkdirSync(outside);
  return { dir, work, outside, cleanup: () => Deno.removeSync(dir, { recursive: true }) };
}

async function harness(backend: SandboxBackend, work: string, config: Config = {}) {
  const h = new ToolHarness({ cwd: work, policy: testPolicy(work), backend, config });
  await h.load(shellPlugin, applyPatchPlugin);
  return h;
}

/** Calls a tool the way the kernel does: through the wrappers plugins registered (apply_patch's heredoc interception). */
async function callThrough(h: ToolHarness, name: string, args: unknown): Promise<ToolResult> {
  const tool = h.registry.tools.get(name)!;
  const raw = JSON.stringify(args);
  const ctx = h.context(tool.owner);
  const run = composeTool(
    wrappersFor(h.registry.toolWrappers, name),
    (call) => tool.invoke(call.raw, call.ctx),
  );
  return await run({ tool: name, callId: ctx.callId, raw, ctx });
}

const heredoc = (body: string) => `apply_patch <<'EOF'\n*** Begin Patch\n${body}*** End Patch\nEOF\n`;

for (const backend of BACKENDS) {
  Deno.test({
    name:
      `${backend.id}: hole 1: an apply_patch heredoc cannot write outside the roots through cd or workdir`,
    async fn() {
      const f = fixture();
      try {
        const h = await harness(backend, f.work);
        for (
          const args of [
            { cmd: `cd / && ${heredoc(`*** Add File: ${f.outside}/abs.txt\n+x\n`)}` },
            { cmd: heredoc("*** Add File: rel.txt\n+x\n"), workdir: f.outside },
            { cmd: `cd ${f.outside} && ${heredoc("*** Add File: cd.txt\n+x\n")}` },
          ]
        ) {
          const r = await callThrough(h, "exec_command", args);
          assert.equal(r.success, false, String(r.output));
        }
        assert.deepEqual(readdirSync(f.outside), []);
        // Inside the workspace the same heredoc works, written by the sandboxed helper.
        const ok = await callThrough(h, "exec_command", { cmd: heredoc("*** Add File: src/in.txt\n+in\n") });
        assert.equal(ok.success, true, String(ok.output));
        assert.equal(Deno.readTextFileSync(join(f.work, "src", "in.txt")), "in\n");
        const changes = h.itemEvents().filter((e) =>
          e.item.type === "file_change" && e.type === "item.completed"
        );
        assert.equal(changes.length, 1);
      } finally {
        f.cleanup();
      }
    },
  });

  Deno.test({
    name:
      `${backend.id}: hole 2: a directory swapped for a symlink while patches are written lets nothing out`,
    sanitizeResources: false,
    async fn() {
      const f = fixture();
      try {
        const h = await harness(backend, f.work);
        // The attacker: a loop (bounded) swapping work/d between a directory and a link to outside.
        const swapper = new Deno.Command("/bin/sh", {
          args: [
            "-c",
            `cd '${f.work}' && i=0; while [ $i -lt 200000 ]; do rm -rf d; mkdir d; rm -rf d; ln -s '${f.outside}' d; i=$((i+1)); done`,
          ],
          stdout: "null",
          stderr: "null",
        }).spawn();
        let written = 0;
        try {
          for (let i = 0; i < 40; i++) {
            const r = await h.call(
              "apply_patch",
              `*** Begin Patch\n*** Add File: d/f${i}.txt\n+x\n*** End Patch\n`,
            );
            if (r.success) written++;
          }
        } finally {
          swapper.kill("SIGKILL");
          await swapper.status;
        }
        assert.deepEqual(readdirSync(f.outside), [], `files escaped (${written} patches reported success)`);
      } finally {
        f.cleanup();
      }
    },
  });

  Deno.test({
    name: `${backend.id}: hole 12: under untrusted, an apply_patch heredoc is asked like any command`,
    async fn() {
      const f = fixture();
      try {
        const h = await harness(backend, f.work, { approval_policy: "untrusted" });
        const r = await callThrough(h, "exec_command", { cmd: heredoc("*** Add File: src/asked.txt\n+x\n") });
        assert.equal(r.success, false);
        assert.equal(h.approvals.length, 1);
        assert.match(String(h.approvals[0].summary), /apply_patch/);
        assert.equal(existsSync(join(f.work, "src", "asked.txt")), false);
      } finally {
        f.cleanup();
      }
    },
  });

  Deno.test({
    name:
      `${backend.id}: hole 7: a rule for "git status" does not approve {cmd: 'git status', shell: './evil.sh'}`,
    async fn() {
      const f = fixture();
      try {
        const marker = join(f.outside, "evil_ran");
        writeFileSync(join(f.work, "evil.sh"), `#!/bin/sh\ntouch '${marker}'\n`, { mode: 0o755 });
        const config: Config = {
          approval_policy: "on-request",
          rules: { prefix_rules: [{ pattern: ["git", "status"], decision: "allow" }] },
        } as Config;
        const h = await harness(backend, f.work, config);
        await callThrough(h, "exec_command", { cmd: "git status", shell: "./evil.sh" });
        assert.equal(existsSync(marker), false, "evil.sh ran outside the sandbox");
        // The command item shows what really ran.
        const started = h.itemEvents().find((e) => e.item.type === "command_execution");
        assert.match(JSON.stringify(started?.item), /evil\.sh/);
      } finally {
        f.cleanup();
      }
    },
  });
}

Deno.test("hole 7: only well-known shells count as shells", () => {
  for (const s of [undefined, "", "bash", "/bin/bash", "/usr/bin/zsh", "sh", "/bin/dash"]) {
    assert.equal(isKnownShell(s), true, String(s));
  }
  for (const s of ["./evil.sh", "/tmp/bash", "evil", "python3", "/work/sh", "../bin/bash"]) {
    assert.equal(isKnownShell(s), false, s);
  }
});

Deno.test("holes 5 and 11: credentials and the ssh agent never reach commands", () => {
  const env = applyShellEnvironmentPolicy({
    PATH: "/bin",
    SSH_AUTH_SOCK: "/run/user/1/agent.sock",
    DB_PASSWORD: "p",
    MYSQL_PWD_PASSWD: "p",
    GITHUB_AUTH: "a",
    AWS_SHARED_CREDENTIALS_FILE: "c",
    DATABASE_URL: "postgres://u:p@h/db",
    SENTRY_DSN: "https://k@s/1",
    GIT_AUTHOR_NAME: "Ada",
    GIT_AUTHOR_EMAIL: "ada@example.com",
  });
  assert.deepEqual(env, { PATH: "/bin", GIT_AUTHOR_NAME: "Ada", GIT_AUTHOR_EMAIL: "ada@example.com" });
});

Deno.test("hole 8: the apply_patch helper dir and BASH_ENV are outside /tmp, $TMPDIR and the cwd", () => {
  const dir = applyPatchHelperDir();
  if (dir === undefined) return;
  const real = Deno.realPathSync(dir);
  const roots = ["/tmp", Deno.env.get("TMPDIR"), Deno.cwd()].filter((p): p is string => !!p).map((p) =>
    Deno.realPathSync(p)
  );
  for (const root of roots) {
    assert.equal(real === root || real.startsWith(`${root}/`), false, `${real} in ${root}`);
  }
  assert.equal(applyPatchBashEnv()!.startsWith(dir), true);
});

Deno.test("$CODEX_HOME (hooks, config) stays read-only when a writable root holds it; temp roots get no names", () => {
  const cwd = "/w/project";
  const env = (k: string) =>
    ({ CODEX_HOME: "/w/project/.state/codex", TMPDIR: "/w/tmp" } as Record<string, string>)[k];
  const policy = resolveSandboxPolicy({ sandbox_mode: "workspace-write" }, { cwd, env });
  assert.ok(policy.readOnlyPaths.includes("/w/project/.state/codex"), policy.readOnlyPaths.join(", "));
  assert.equal(policy.readOnlyPaths.some((p) => p.startsWith("/w/tmp/") || p.startsWith("/tmp/")), false);
  const outside = resolveSandboxPolicy({ sandbox_mode: "workspace-write" }, {
    cwd,
    env: (k) => (k === "CODEX_HOME" ? "/home/u/.codex" : undefined),
  });
  assert.equal(outside.readOnlyPaths.includes("/home/u/.codex"), false);
});
