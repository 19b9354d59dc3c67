/**
 * End-to-end: approvals through the real CLI process and the fake Responses server — line-mode prompts
 * answered on piped stdin, session approvals, feedback and rule rejections reaching the model,
 * requirements.toml refusing a sandbox mode, and the rich prompter on a real pseudo-terminal.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type CapturedRequest, functionCallResponse, startFakeServer, textResponse } from "./fake_server.ts";
import { assert, assertEquals, assertIncludes } from "../helpers/assert.ts";
import { baseEnv, ENTRY, jsonLines, runCli, spawnInPty, workspace } from "../helpers/cli.ts";

type Input = { type: string; call_id?: string; output?: unknown };

/** The `function_call_output` text for `callId` in a captured request. */
function callOutput(request: CapturedRequest, callId: string): string {
  const input = (request.body as { input: Input[] }).input;
  const out = input.find((i) => i.type === "function_call_output" && i.call_id === callId);
  assert.ok(out, `no output for ${callId}`);
  return String(out.output);
}

function commandItems(stdout: string): Record<string, unknown>[] {
  return jsonLines(stdout).flatMap((e) => {
    const item = e.item as Record<string, unknown> | undefined;
    return e.type === "item.completed" && item?.type === "command_execution" ? [item] : [];
  });
}

const shell = Deno.env.get("SHELL") ?? "/bin/bash";

Deno.test("approvals e2e: -a untrusted asks on stdin; 'n' declines and the model is told", async () => {
  const server = startFakeServer([
    functionCallResponse([{ name: "exec_command", arguments: { cmd: "touch made.txt" }, call_id: "c1" }]),
    textResponse("ok"),
  ]);
  try {
    const ws = workspace(server.url);
    const r = await runCli(["exec", "--json", "-a", "untrusted", "make a file"], {
      cwd: ws.cwd,
      env: ws.env,
      stdin: "n\n",
    });
    assertEquals(r.code, 0, r.stderr);
    assertIncludes(r.stderr, `Approval needed [appr_1]: run \`touch made.txt\` in ${ws.cwd}?`);
    assertIncludes(
      r.stderr,
      "[y] yes once  [a] yes for this session  [n] no  [f] no, with feedback  [q] abort",
    );
    assertIncludes(r.stderr, "Keeping stdin for approval answers (approval policy: untrusted).\n");
    assertEquals(existsSync(join(ws.cwd, "made.txt")), false);
    assertEquals(callOutput(server.requests[1], "c1"), "exec command rejected by user");
    assertEquals(commandItems(r.stdout), [{
      id: "item_0",
      type: "command_execution",
      command: `${shell} -lc 'touch made.txt'`,
      aggregated_output: "exec command rejected by user",
      exit_code: null,
      status: "declined",
    }]);
    // Stdin went to the approval, not into the prompt.
    const input = (server.requests[0].body as { input: { content?: { text?: string }[] }[] }).input;
    assertEquals(input[input.length - 1].content?.[0].text, "make a file");
  } finally {
    await server.close();
  }
});

Deno.test("approvals e2e: no stdin at all means the safe default, deny", async () => {
  const server = startFakeServer([
    functionCallResponse([{ name: "exec_command", arguments: { cmd: "touch made.txt" }, call_id: "c1" }]),
    textResponse("ok"),
    functionCallResponse([{ name: "exec_command", arguments: { cmd: "touch made.txt" }, call_id: "c2" }]),
    textResponse("ok"),
  ]);
  try {
    const ws = workspace(server.url);
    const r = await runCli(["exec", "-a", "untrusted", "make a file"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    assertIncludes(r.stderr, "end of input: denied");
    assertEquals(existsSync(join(ws.cwd, "made.txt")), false);
    assertEquals(
      callOutput(server.requests[1], "c1"),
      "exec command rejected: no one answered the approval prompt (end of input)",
    );
    // A prompt read from stdin uses it up: approvals find end of input.
    const piped = await runCli(["exec", "-a", "untrusted"], {
      cwd: ws.cwd,
      env: ws.env,
      stdin: "make a file\n",
    });
    assertEquals(piped.code, 0, piped.stderr);
    assertIncludes(piped.stderr, "Reading prompt from stdin...");
    assertEquals(
      callOutput(server.requests[3], "c2"),
      "exec command rejected: no one answered the approval prompt (end of input)",
    );
    assertEquals(existsSync(join(ws.cwd, "made.txt")), false);
  } finally {
    await server.close();
  }
});

Deno.test("approvals e2e: 'a' approves for the session, so the identical command is not asked again", async () => {
  const server = startFakeServer([
    functionCallResponse([{ name: "exec_command", arguments: { cmd: "touch a.txt" }, call_id: "c1" }]),
    functionCallResponse([{ name: "exec_command", arguments: { cmd: "touch a.txt" }, call_id: "c2" }]),
    functionCallResponse([{ name: "exec_command", arguments: { cmd: "touch b.txt" }, call_id: "c3" }]),
    textResponse("done"),
  ]);
  try {
    const ws = workspace(server.url);
    const r = await runCli(
      ["exec", "--json", "-a", "untrusted", "-s", "danger-full-access", "touch things"],
      {
        cwd: ws.cwd,
        env: ws.env,
        stdin: "a\n",
      },
    );
    assertEquals(r.code, 0, r.stderr);
    // Asked once for a.txt; b.txt is a different command and finds end of input.
    assertEquals(r.stderr.match(/Approval needed/g)?.length, 2, r.stderr);
    assertIncludes(r.stderr, "Approval needed [appr_1]: run `touch a.txt`");
    assertIncludes(r.stderr, "Approval needed [appr_3]: run `touch b.txt`");
    assertEquals(existsSync(join(ws.cwd, "a.txt")), true);
    assertEquals(existsSync(join(ws.cwd, "b.txt")), false);
    assert.match(callOutput(server.requests[1], "c1"), /\nProcess exited with code 0\n/);
    assert.match(callOutput(server.requests[2], "c2"), /\nProcess exited with code 0\n/);
    assertEquals(commandItems(r.stdout).map((i) => i.status), ["completed", "completed", "declined"]);
  } finally {
    await server.close();
  }
});

Deno.test("approvals e2e: 'f' denies with feedback that reaches the model in the next request", async () => {
  const server = startFakeServer([
    functionCallResponse([{ name: "exec_command", arguments: { cmd: "make deploy" }, call_id: "c1" }]),
    textResponse("understood"),
  ]);
  try {
    const ws = workspace(server.url);
    const r = await runCli(["exec", "-a", "untrusted", "deploy it"], {
      cwd: ws.cwd,
      env: ws.env,
      stdin: "f\nuse the staging target first\n",
    });
    assertEquals(r.code, 0, r.stderr);
    assertIncludes(r.stderr, "feedback for the model> ");
    assertEquals(
      callOutput(server.requests[1], "c1"),
      "exec command rejected by user. Feedback from the user: use the staging target first",
    );
    assertEquals(r.stdout, "understood\n");
  } finally {
    await server.close();
  }
});

Deno.test("approvals e2e: 'q' aborts the turn; nothing more is sent to the model", async () => {
  const server = startFakeServer([
    functionCallResponse([{ name: "exec_command", arguments: { cmd: "touch q.txt" }, call_id: "c1" }]),
    textResponse("never reached"),
  ]);
  try {
    const ws = workspace(server.url);
    const r = await runCli(["exec", "-a", "untrusted", "go"], { cwd: ws.cwd, env: ws.env, stdin: "q\n" });
    assertEquals(r.code, 1, r.stderr);
    assertIncludes(r.stderr, "turn aborted at an approval prompt");
    assertEquals(server.requests.length, 1);
    assertEquals(existsSync(join(ws.cwd, "q.txt")), false);
  } finally {
    await server.close();
  }
});

Deno.test("approvals e2e: a forbidden rule rejects without asking; its justification reaches the model", async () => {
  const server = startFakeServer([
    functionCallResponse([
      { name: "exec_command", arguments: { cmd: "git push origin main" }, call_id: "c1" },
    ]),
    textResponse("ok"),
  ]);
  try {
    const ws = workspace(
      server.url,
      `
[[rules.prefix_rules]]
pattern = ["git", ["push", "fetch"]]
decision = "forbidden"
justification = "pushing is done by CI"
`,
    );
    const r = await runCli(["exec", "--json", "push it"], { cwd: ws.cwd, env: ws.env, stdin: "y\n" });
    assertEquals(r.code, 0, r.stderr);
    assertEquals(r.stderr.includes("Approval needed"), false);
    const expected = "`git push origin main` rejected: pushing is done by CI";
    assertEquals(callOutput(server.requests[1], "c1"), expected);
    assertEquals(commandItems(r.stdout).map((i) => [i.status, i.aggregated_output]), [[
      "declined",
      expected,
    ]]);
  } finally {
    await server.close();
  }
});

Deno.test("approvals e2e: requirements.toml refuses -s danger-full-access with the admin's reason", async () => {
  const ws = workspace("http://127.0.0.1:9/v1");
  const req = join(ws.home, "requirements.toml");
  writeFileSync(
    req,
    `allowed_sandbox_modes = ["read-only", "workspace-write"]
allowed_approval_policies = ["untrusted", "never"]
message = "Full access is disabled on company machines; ask IT."
`,
  );
  const env = { ...ws.env, CODEX_REQUIREMENTS_PATH: req };
  const r = await runCli(["exec", "-s", "danger-full-access", "hi"], { cwd: ws.cwd, env });
  assertEquals([r.code, r.stdout], [1, ""]);
  assertEquals(
    r.stderr,
    `Error: sandbox_mode 'danger-full-access' (from command-line flags) is not allowed by ${req}; allowed: 'read-only', 'workspace-write'. Full access is disabled on company machines; ask IT.\n`,
  );
  const viaConfig = await runCli(["exec", "-c", "approval_policy=on-request", "hi"], { cwd: ws.cwd, env });
  assertEquals(viaConfig.code, 1);
  assertEquals(
    viaConfig.stderr,
    `Error: approval_policy 'on-request' (from command-line flags) is not allowed by ${req}; allowed: 'untrusted', 'never'. Full access is disabled on company machines; ask IT.\n`,
  );
});

Deno.test("approvals e2e: requirement rules apply and user rules cannot loosen them", async () => {
  const server = startFakeServer([
    functionCallResponse([{ name: "exec_command", arguments: { cmd: "curl example.com" }, call_id: "c1" }]),
    textResponse("ok"),
  ]);
  try {
    const ws = workspace(
      server.url,
      `
[[rules.prefix_rules]]
pattern = ["curl"]
decision = "allow"
`,
    );
    const req = join(ws.home, "requirements.toml");
    writeFileSync(
      req,
      `[rules]
prefix_rules = [{ pattern = [{ token = "curl" }], decision = "forbidden", justification = "no downloads" }]
`,
    );
    const r = await runCli(["exec", "fetch"], {
      cwd: ws.cwd,
      env: { ...ws.env, CODEX_REQUIREMENTS_PATH: req },
    });
    assertEquals(r.code, 0, r.stderr);
    assertEquals(callOutput(server.requests[1], "c1"), "`curl example.com` rejected: no downloads");
  } finally {
    await server.close();
  }
});

Deno.test("approvals e2e: on a terminal the rich menu asks; arrow down + enter approves for the session", async () => {
  const server = startFakeServer([
    functionCallResponse([{ name: "exec_command", arguments: { cmd: "touch tty.txt" }, call_id: "c1" }]),
    functionCallResponse([{ name: "exec_command", arguments: { cmd: "touch tty.txt" }, call_id: "c2" }]),
    textResponse("tty done"),
  ]);
  const ws = workspace(server.url);
  const pidFile = join(ws.home, "cli.pid");
  const env: Record<string, string> = { ...baseEnv(), ...ws.env, TERM: "xterm-256color" };
  const argv = [
    Deno.execPath(),
    "run",
    "-A",
    "--quiet",
    ENTRY,
    "exec",
    "-a",
    "untrusted",
    "-s",
    "danger-full-access",
  ];
  const inner = `echo $$ > '${pidFile}'; exec ${
    [...argv, "make tty.txt"].map((w) => `'${w.replaceAll("'", `'\\''`)}'`).join(" ")
  }`;
  const { child, out, type, closeKeys } = spawnInPty(inner, { cwd: ws.cwd, env });
  try {
    assert.ok(await out.until(/yes for this session/, 90_000), `no rich prompt appeared:\n${out.text}`);
    assertIncludes(out.text, "Approval needed [appr_1]: run `touch tty.txt`");
    // The menu reads keys once it is drawn; give it a moment on a loaded machine.
    await new Promise((r) => setTimeout(r, 1000));
    await type("\x1b[B"); // arrow down: "[a] yes for this session"
    assert.ok(await out.until(/❯ \[a\] yes for this session/, 30_000), `the menu did not move:\n${out.text}`);
    await type("\r");
    const status = await Promise.race([
      child.status,
      new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 90_000)),
    ]);
    assert.notEqual(status, "timeout", out.text);
    await out.done;
    assert.deepEqual([...new Set(out.text.match(/appr_\d+/g))], ["appr_1"], out.text);
    assertIncludes(out.text, "tty done");
    assertEquals(existsSync(join(ws.cwd, "tty.txt")), true);
    assert.match(callOutput(server.requests[1], "c1"), /\nProcess exited with code 0\n/);
    assert.match(callOutput(server.requests[2], "c2"), /\nProcess exited with code 0\n/);
  } finally {
    await closeKeys();
    try {
      Deno.kill(Number(Deno.readTextFileSync(pidFile).trim()), "SIGKILL");
    } catch { /* already exited */ }
    try {
      child.kill("SIGKILL");
    } catch { /* already exited */ }
    await child.status;
    await out.done;
    await server.close();
  }
});
