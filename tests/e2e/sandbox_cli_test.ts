/**
 * The sandbox through the real CLI: `codex sandbox linux|macos`, `codex doctor`, and an `exec` run whose
 * model-requested command tries to write outside the workspace.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { bwrapSandbox } from "../../sandbox/bwrap/mod.ts";
import { landlockSandbox } from "../../sandbox/landlock/mod.ts";
import { functionCallResponse, startFakeServer, textResponse } from "./fake_server.ts";
import { jsonLines, runCli, workspace } from "../helpers/cli.ts";

const landlock = await landlockSandbox.available();
const bwrap = await bwrapSandbox.available();
if (!landlock.ok) console.log(`NOTE: landlock CLI tests are skipped: ${landlock.reason}`);
if (!bwrap.ok) console.log(`NOTE: bwrap CLI tests are skipped: ${bwrap.reason}`);

const scratchDirs: string[] = [];
globalThis.addEventListener("unload", () => {
  for (const d of scratchDirs) Deno.removeSync(d, { recursive: true });
});

/** A workspace (git repo with src/) and an outside directory, under /var/tmp, with an empty CODEX_HOME. */
function setup(): { ws: string; outside: string; env: Record<string, string> } {
  const base = Deno.makeTempDirSync({
    dir: existsSync("/var/tmp") ? "/var/tmp" : undefined,
    prefix: "codex-sbx-cli-",
  });
  scratchDirs.push(base);
  const ws = join(base, "ws");
  const outside = join(base, "outside");
  mkdirSync(join(ws, "src"), { recursive: true });
  mkdirSync(outside);
  mkdirSync(join(base, "home"));
  new Deno.Command("git", { args: ["init", "-q", ws] }).outputSync();
  const env = { CODEX_HOME: join(base, "home"), HOME: base, PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin" };
  return { ws, outside, env };
}

Deno.test({
  name: "codex sandbox linux --full-auto: names the backend, confines the command, passes its exit code",
  ignore: !landlock.ok,
  fn: async () => {
    const s = setup();
    const target = join(s.outside, "escaped");
    // bwrap is probed first; force landlock here so this path stays covered (bwrap has its own test).
    const denied = await runCli([
      "sandbox",
      "linux",
      "--full-auto",
      "-c",
      'sandbox_backend="landlock"',
      "-C",
      s.ws,
      "--",
      "sh",
      "-c",
      `echo x > ${target}`,
    ], {
      env: s.env,
    });
    assert.equal(denied.code, 2, denied.stderr);
    const lines = denied.stderr.split("\n");
    assert.equal(lines[0], `sandbox: landlock (${landlock.reason}; forced by sandbox_backend)`);
    assert.match(lines[1], /Permission denied/);
    assert.equal(existsSync(target), false);

    const ok = await runCli(
      [
        "sandbox",
        "linux",
        "--full-auto",
        "-C",
        s.ws,
        "--",
        "sh",
        "-c",
        "echo hi > src/f && cat src/f; exit 7",
      ],
      { env: s.env },
    );
    assert.equal(ok.code, 7, ok.stderr);
    assert.equal(ok.stdout, "hi\n");
    assert.equal(readFileSync(join(s.ws, "src/f"), "utf8"), "hi\n");

    // Without --full-auto the configured default (read-only) applies.
    const ro = await runCli(["sandbox", "linux", "-C", s.ws, "--", "sh", "-c", "echo x > src/g"], {
      env: s.env,
    });
    assert.notEqual(ro.code, 0);
    assert.equal(existsSync(join(s.ws, "src/g")), false);

    // danger-full-access runs unconfined: the same write succeeds.
    const full = await runCli(
      ["sandbox", "linux", "-s", "danger-full-access", "-C", s.ws, "--", "sh", "-c", `echo x > ${target}`],
      { env: s.env },
    );
    assert.equal(full.code, 0, full.stderr);
    assert.equal(full.stderr, "sandbox: none (danger-full-access: no sandbox requested)\n");
    assert.equal(readFileSync(target, "utf8"), "x\n");
  },
});

Deno.test({
  name: "codex sandbox linux honours sandbox_backend = bwrap",
  ignore: !bwrap.ok,
  fn: async () => {
    const s = setup();
    const r = await runCli(
      [
        "sandbox",
        "linux",
        "--full-auto",
        "-c",
        'sandbox_backend="bwrap"',
        "-C",
        s.ws,
        "--",
        "sh",
        "-c",
        "touch .git/x",
      ],
      { env: s.env },
    );
    assert.equal(r.code, 1);
    const lines = r.stderr.split("\n");
    assert.equal(lines[0], `sandbox: bwrap (${bwrap.reason}; forced by sandbox_backend)`);
    assert.match(lines[1], /Read-only file system/);
  },
});

Deno.test("codex sandbox: macos is unavailable here, unknown platforms are usage errors", async () => {
  const s = setup();
  const mac = await runCli(["sandbox", "macos", "--", "true"], { env: s.env });
  if (Deno.build.os === "linux") {
    assert.equal(mac.code, 1);
    assert.equal(
      mac.stderr,
      "Error: no sandbox backend is available (seatbelt): seatbelt: requires macOS, this is linux\n",
    );
  }
  const win = await runCli(["sandbox", "windows", "--", "true"], { env: s.env });
  assert.equal(win.code, 2);
  assert.equal(win.stderr, "Error: codex sandbox: expected platform 'linux' or 'macos', found 'windows'\n");
});

Deno.test({
  name: "codex doctor lists every backend in probe order, what each protects here, and the active choice",
  ignore: !bwrap.ok,
  fn: async () => {
    const s = setup();
    const r = await runCli(["doctor", "--full-auto", "-C", s.ws], { env: s.env });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split("\n");
    const start = lines.indexOf("Sandbox backends (probe order)");
    assert.deepEqual(lines.slice(start + 1, start + 5), [
      `  bwrap        10  yes  ${bwrap.reason}`,
      `  seatbelt     15  no   requires macOS, this is linux`,
      `  landlock     20  ${landlock.ok ? "yes" : "no "}  ${landlock.reason}`,
      `  none       1000  yes  no sandbox: commands run with the user's own permissions`,
    ]);
    const active = lines.indexOf("Active sandbox");
    assert.deepEqual(lines.slice(active + 1, active + 3), [
      "  backend      bwrap",
      `  why          ${bwrap.reason}`,
    ]);
    assert.ok(lines.includes(`  CODEX_HOME   ${s.env.CODEX_HOME}`));
    assert.ok(
      lines.includes(
        `  policy       workspace-write; network off; writable: ${s.ws}, /tmp; read-only inside: ${s.ws}/.git, ${s.ws}/.codex, ${s.ws}/.agents`,
      ),
      r.stdout,
    );
    // Per backend, what holds on this kernel for this user; Landlock's blind spot is said plainly.
    assert.ok(lines.includes(`Protections of bwrap here (as ${Deno.uid() === 0 ? "root" : "this user"})`));
    assert.ok(
      lines.includes("  yes  every capability dropped" + (Deno.uid() === 0 ? " (root included)" : "")),
    );
    assert.ok(
      lines.some((l) => l.startsWith("  no   chmod/chown/utimes outside the writable roots")),
      r.stdout,
    );
    if (Deno.uid() === 0) {
      assert.ok(lines.some((l) => l.startsWith("  no   runs as this user (refused as root")));
    }

    const forced = await runCli(["doctor", "-c", 'sandbox_backend="seatbelt"', "-C", s.ws], { env: s.env });
    assert.equal(forced.code, 1);
    assert.ok(
      forced.stdout.includes(
        '  error        sandbox_backend = "seatbelt" is not available here: requires macOS, this is linux',
      ),
      forced.stdout,
    );
  },
});

Deno.test({
  name: "exec -s workspace-write: the model's write outside the workspace fails; full access lets it through",
  ignore: !landlock.ok && !bwrap.ok,
  fn: async () => {
    const outside = Deno.makeTempDirSync({
      dir: existsSync("/var/tmp") ? "/var/tmp" : undefined,
      prefix: "codex-sbx-outside-",
    });
    scratchDirs.push(outside);
    const target = join(outside, "escaped");
    const attempt = async (mode: string) => {
      const local = startFakeServer([
        functionCallResponse([{
          name: "exec_command",
          arguments: { cmd: `touch ${target}` },
          call_id: "c1",
        }]),
        textResponse("done"),
      ]);
      try {
        const ws = workspace(local.url);
        const r = await runCli(["exec", "--json", "-s", mode, "escape"], { cwd: ws.cwd, env: ws.env });
        assert.equal(r.code, 0, r.stderr);
        const done = jsonLines(r.stdout).find((e) =>
          e.type === "item.completed" && (e.item as { type: string }).type === "command_execution"
        );
        assert.ok(done, r.stdout);
        return done.item as { status: string; exit_code: number; aggregated_output: string };
      } finally {
        await local.close();
      }
    };
    const denied = await attempt("workspace-write");
    assert.equal(denied.status, "failed");
    assert.equal(denied.exit_code, 1);
    assert.match(
      denied.aggregated_output,
      /touch: cannot touch '.*escaped': (Permission denied|Read-only file system)/,
    );
    assert.equal(existsSync(target), false);

    const allowed = await attempt("danger-full-access");
    assert.equal(allowed.status, "completed");
    assert.equal(allowed.exit_code, 0);
    assert.equal(existsSync(target), true);
  },
});
