/**
 * Approval policy: the known-safe list and its argument restrictions, plain-script splitting, dangerous
 * commands, prefix rules (alternatives, strictest wins), the decision table per approval policy,
 * requirements.toml constraints, and the exec_command gate through a real ToolContext.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  checkRuleExamples,
  decideExec,
  evaluateRules,
  type ExecDecisionInput,
  isDangerousCommand,
  isKnownSafeCommand,
  splitPlainScript,
} from "./mod.ts";
import shellPlugin from "../../plugins/shell/mod.ts";
import { applyRequirements, loadRequirements, requirementsPath } from "../../src/config/requirements.ts";
import type { Config, PrefixRuleConfig } from "../../src/config/schema.ts";
import { validateLayer } from "../../src/config/validate.ts";
import { Approvals } from "../../src/kernel/approvals.ts";
import { ConfigError } from "../../src/kernel/errors.ts";
import { HookBus } from "../../src/kernel/hooks.ts";
import type { SandboxBackend } from "../../src/kernel/sandbox.ts";
import { assert, assertEquals, assertThrowsMatching } from "../../tests/helpers/assert.ts";
import { testPolicy, ToolHarness } from "../../tests/helpers/tool_context.ts";

const w = (s: string) => s.split(" ");

Deno.test("known-safe: the plain read-only list", () => {
  for (
    const cmd of ["ls -la", "cat a b", "grep -r x .", "wc -l f", "pwd", "echo hi", "head -n 3 f", "true"]
  ) {
    assertEquals(isKnownSafeCommand(w(cmd)), true, cmd);
  }
  for (const cmd of ["touch f", "python3 x.py", "npm install", "cp a b", "mv a b", "chmod 777 f", "bash"]) {
    assertEquals(isKnownSafeCommand(w(cmd)), false, cmd);
  }
  assertEquals(isKnownSafeCommand(["/usr/bin/ls", "-l"]), true);
  assertEquals(isKnownSafeCommand(["tac", "f"], "linux"), true);
  assertEquals(isKnownSafeCommand(["tac", "f"], "darwin"), false);
});

Deno.test("known-safe: argument restrictions of base64, find, rg, sed and git", () => {
  const table: [string, boolean][] = [
    ["base64 f", true],
    ["base64 -o out f", false],
    ["base64 --output=out f", false],
    ["find . -name x", true],
    ["find . -delete", false],
    ["find . -exec rm {} ;", false],
    ["find . -fprint out", false],
    ["rg foo", true],
    ["rg --pre cat foo", false],
    ["rg --pre=cat foo", false],
    ["rg -z foo", false],
    ["rg -iz foo", false],
    ["rg --search-zip foo", false],
    ["sed -n 10p f", true],
    ["sed -n 1,20p f", true],
    ["sed -n 10p", true],
    ["sed -i s/a/b/ f", false],
    ["sed -n 10p f g", false],
    ["git status", true],
    ["git log --oneline", true],
    ["git diff HEAD", true],
    ["git show HEAD:x", true],
    ["git --no-pager log", true],
    ["git -C sub status", true],
    ["git diff --output=x", false],
    ["git log --ext-diff", false],
    ["git show --textconv x", false],
    ["git -c core.pager=evil log", false],
    ["git --git-dir=/x status", false],
    ["git --work-tree=/x status", false],
    ["git commit -m x", false],
    ["git push", false],
    ["git branch", true],
    ["git branch -a -v", true],
    ["git branch --show-current", true],
    ["git branch --contains main", true],
    ["git branch --list feat*", true],
    ["git branch newbranch", false],
    ["git branch -d old", false],
    ["git branch -D old", false],
    ["git branch -m a b", false],
  ];
  for (const [cmd, safe] of table) assertEquals(isKnownSafeCommand(w(cmd)), safe, cmd);
});

Deno.test("plain scripts split on && || ; | and nothing else", () => {
  assertEquals(splitPlainScript("git status && ls | wc -l; echo 'a b' || true"), [
    ["git", "status"],
    ["ls"],
    ["wc", "-l"],
    ["echo", "a b"],
    ["true"],
  ]);
  assertEquals(splitPlainScript(`grep "x y" f`), [["grep", "x y", "f"]]);
  assertEquals(splitPlainScript("ls;"), [["ls"]]);
  for (
    const complex of [
      "ls > out",
      "cat < f",
      "echo $HOME",
      "echo `id`",
      "echo $(id)",
      "ls &",
      "ls *.ts",
      "(ls)",
      "ls &&",
      `echo "$X"`,
      "a\nb",
    ]
  ) {
    assertEquals(splitPlainScript(complex), null, complex);
  }
});

Deno.test("dangerous: forced rm, also behind sudo", () => {
  for (
    const cmd of [
      "rm -rf build",
      "rm -f x",
      "rm -fr x",
      "rm --force x",
      "sudo rm -rf /",
      "sudo -u root rm -Rf x",
      "/bin/rm -rf x",
    ]
  ) {
    assertEquals(isDangerousCommand(w(cmd)), true, cmd);
  }
  for (const cmd of ["rm x", "rm -r dir", "ls -f", "rm -- -f"]) {
    assertEquals(isDangerousCommand(w(cmd)), false, cmd);
  }
});

const rules: PrefixRuleConfig[] = [
  { pattern: ["git", ["push", "fetch"]], decision: "prompt", justification: "network" },
  { pattern: ["git", "push", "--force"], decision: "forbidden", justification: "no force pushes" },
  { pattern: [{ token: "npm" }, { any_of: ["ci", "install"] }] },
];

Deno.test("rules: alternatives, program paths, strictest wins", () => {
  assertEquals(evaluateRules(rules, w("git fetch origin")).strictest?.decision, "prompt");
  assertEquals(evaluateRules(rules, ["/usr/bin/git", "push"]).strictest?.decision, "prompt");
  const force = evaluateRules(rules, w("git push --force origin"));
  assertEquals(force.matches.length, 2);
  assertEquals(force.strictest, {
    decision: "forbidden",
    justification: "no force pushes",
    matchedPrefix: ["git", "push", "--force"],
  });
  assertEquals(evaluateRules(rules, w("npm ci")).strictest?.decision, "allow");
  assertEquals(evaluateRules(rules, w("git status")).strictest, undefined);
  assertEquals(evaluateRules(rules, w("git")).strictest, undefined);
});

Deno.test("rules: match / not_match examples are checked at startup", () => {
  checkRuleExamples([{
    pattern: ["gh", "pr", "view"],
    match: ["gh pr view 7", ["gh", "pr", "view"]],
    not_match: ["gh pr list"],
  }], "cfg");
  assertThrowsMatching(
    () => checkRuleExamples([{ pattern: ["gh", "pr", "view"], match: ["gh pr list"] }], "cfg"),
    /^cfg: rules\.prefix_rules\[0\] \(pattern \["gh","pr","view"\]\): expected to match its example "gh pr list", but it does not$/,
  );
  assertThrowsMatching(
    () => checkRuleExamples([{ pattern: ["gh"], not_match: ["gh x"] }], "cfg"),
    /expected not to match "gh x", but it does$/,
  );
});

Deno.test("rules: the config schema accepts Codex's shapes and rejects bad decisions", () => {
  const ok = validateLayer({
    rules: { prefix_rules: [{ pattern: ["git", ["push", "pull"]], decision: "prompt", justification: "j" }] },
  }, "test");
  assertEquals(ok.config.rules?.prefix_rules?.[0].pattern, ["git", ["push", "pull"]]);
  assertThrowsMatching(
    () => validateLayer({ rules: { prefix_rules: [{ pattern: ["x"], decision: "maybe" }] } }, "f.toml"),
    /^invalid configuration in f\.toml: rules\.prefix_rules\.0\.decision: expected one of "allow", "prompt", "forbidden", found the string "maybe"$/,
  );
});

function decide(script: string, over: Partial<ExecDecisionInput> = {}) {
  return decideExec({
    script,
    argv: ["/bin/bash", "-lc", script],
    policy: "on-request",
    sandboxMode: "workspace-write",
    escalate: false,
    rules: [],
    ...over,
  });
}

Deno.test("decision table: approval policies on safe, ordinary, dangerous and escalated commands", () => {
  const run = { action: "run", unsandboxed: false } as const;
  // Known-safe commands never ask, under any policy.
  for (const policy of ["untrusted", "on-failure", "on-request", "never"] as const) {
    assertEquals(decide("git status && ls | wc -l", { policy }), run, policy);
  }
  // Ordinary commands: untrusted asks; the others run sandboxed.
  assertEquals(decide("touch x", { policy: "untrusted" }), {
    action: "ask",
    reason: "approval_policy is untrusted and this is not a known-safe command",
    unsandboxed: false,
  });
  for (const policy of ["on-failure", "on-request", "never"] as const) {
    assertEquals(decide("touch x", { policy }), run, policy);
  }
  // Complex scripts are never known-safe.
  assertEquals(decide("ls > out", { policy: "untrusted" }).action, "ask");
  // Dangerous: ask, except under never (forbidden, or allowed without a sandbox).
  assertEquals(decide("rm -rf build", { policy: "on-request" }), {
    action: "ask",
    reason: "the command force-deletes files",
    unsandboxed: false,
  });
  assertEquals(decide("ls && rm -f x", { policy: "never" }), {
    action: "reject",
    message: "`ls && rm -f x` rejected: rm -f style commands are not permitted here; use a safer approach",
  });
  assertEquals(decide("rm -rf build", { policy: "never", sandboxMode: "danger-full-access" }), run);
  // Escalation: on-request asks (then runs unsandboxed); other policies refuse it.
  assertEquals(decide("touch /etc/x", { escalate: true, justification: "needs /etc" }), {
    action: "ask",
    reason: "the model asks to run it without the sandbox: needs /etc",
    unsandboxed: true,
  });
  assertEquals(decide("touch /etc/x", { escalate: true, sandboxMode: "danger-full-access" }), {
    action: "run",
    unsandboxed: true,
  });
  assertEquals(decide("touch x", { escalate: true, policy: "never" }), {
    action: "reject",
    message:
      "approval policy is never; reject command — you should not ask for escalated permissions if the approval policy is never",
  });
});

Deno.test("decision table: rules override heuristics; strictest across a script's commands", () => {
  assertEquals(decide("git push origin", { rules }), {
    action: "ask",
    reason: 'matches rule ["git","push"]: network',
    unsandboxed: false,
  });
  assertEquals(decide("git push origin", { rules, policy: "never" }), {
    action: "reject",
    message:
      "`git push origin` rejected: approval required by policy rule, but approval_policy is never (network)",
  });
  assertEquals(decide("ls && git push --force", { rules, policy: "untrusted" }), {
    action: "reject",
    message: "`ls && git push --force` rejected: no force pushes",
  });
  // An allow rule covering every command skips the prompt and the sandbox, even under untrusted.
  assertEquals(decide("npm ci", { rules, policy: "untrusted" }), { action: "run", unsandboxed: true });
  // A command no rule covers is still judged by the heuristics.
  assertEquals(decide("npm ci && touch x", { rules, policy: "untrusted" }).action, "ask");
  assertEquals(
    decide("forbidden-thing", { rules: [{ pattern: ["forbidden-thing"], decision: "forbidden" }] }),
    {
      action: "reject",
      message: "`forbidden-thing` rejected: blocked by policy",
    },
  );
});

Deno.test("requirements: disallowed explicit values fail with the admin's reason; defaults fall back", () => {
  const dir = Deno.makeTempDirSync();
  const path = join(dir, "requirements.toml");
  writeFileSync(
    path,
    `allowed_approval_policies = ["untrusted", "on-request"]
allowed_sandbox_modes = ["read-only"]
reason = "Company policy."
allowed_web_search_modes = ["cached"]
[rules]
prefix_rules = [{ pattern = [{ token = "curl" }], decision = "forbidden" }]
`,
  );
  assertEquals(requirementsPath((k) => (k === "CODEX_REQUIREMENTS_PATH" ? path : undefined)), path);
  assertEquals(requirementsPath(() => undefined), "/etc/codex/requirements.toml");
  const req = loadRequirements(path);
  assert.ok(req);
  const defaults = { approvalPolicy: "never", sandboxMode: "read-only" } as const;

  const fallback: Config = { rules: { prefix_rules: [{ pattern: ["curl"], decision: "allow" }] } };
  assertEquals(applyRequirements(fallback, req, defaults), {
    approvalPolicy: "untrusted",
    sandboxMode: "read-only",
  });
  assertEquals(fallback.approval_policy, "untrusted");
  assertEquals(fallback.rules?.prefix_rules?.map((r) => r.decision), ["forbidden", "allow"]);
  assertEquals(
    evaluateRules(fallback.rules?.prefix_rules ?? [], ["curl", "x"]).strictest?.decision,
    "forbidden",
  );

  const layers = [{
    kind: "user" as const,
    source: "/home/me/.codex/config.toml",
    values: { sandbox_mode: "workspace-write" },
  }];
  const err = assertThrowsMatching(
    () => applyRequirements({ sandbox_mode: "workspace-write" }, req, defaults, layers),
    /^sandbox_mode 'workspace-write' \(from \/home\/me\/\.codex\/config\.toml\) is not allowed by .*requirements\.toml; allowed: 'read-only'\. Company policy\.$/,
  );
  assert.ok(err instanceof ConfigError);
  assertThrowsMatching(
    () => applyRequirements({ approval_policy: "never" }, req, defaults),
    /^approval_policy 'never' is not allowed by .*; allowed: 'untrusted', 'on-request'\. Company policy\.$/,
  );

  writeFileSync(path, `allowed_sandbox_modes = ["everything"]\n`);
  assertThrowsMatching(
    () => loadRequirements(path),
    /^invalid requirements in .*requirements\.toml: allowed_sandbox_modes\.0: /,
  );
  assertEquals(loadRequirements(join(dir, "missing.toml")), undefined);
  // Without requirements only the default approval policy is filled in.
  const plain: Config = {};
  applyRequirements(plain, undefined, defaults);
  assertEquals(plain, { approval_policy: "never" });
});

/** A backend that "denies" writes: the wrapped command prints a sandbox error and fails. */
const denyingBackend: SandboxBackend = {
  id: "test-deny",
  available: () => Promise.resolve({ ok: true, reason: "test" }),
  wrap: (spec) =>
    Promise.resolve({
      ...spec,
      argv: ["/bin/sh", "-c", "echo 'touch: cannot touch x: Read-only file system' >&2; exit 1"],
    }),
};

Deno.test("exec_command gate: declined items, PermissionRequest hooks, session cache, unsandboxed retry", async () => {
  const cwd = Deno.makeTempDirSync();
  const answers = ["denied", "approved_for_session"] as const;
  let asked = 0;
  const h = new ToolHarness({
    cwd,
    config: { approval_policy: "on-failure" },
    backend: denyingBackend,
    policy: testPolicy(cwd),
    approver: () => ({ decision: answers[asked++] }),
  });
  await h.load(shellPlugin, {
    name: "perm-hook",
    api: 1,
    setup(ctx) {
      ctx.on("PermissionRequest", (input) => {
        const cmd = (input.tool_input as { command: string }).command;
        if (cmd === "touch hooked-deny") return { decision: "deny", reason: "not today" };
        if (cmd === "touch hooked-allow") return { decision: "allow" };
      });
    },
  });
  try {
    // Sandbox denial → asked → denied: the model sees the failed sandboxed run.
    const first = await h.call("exec_command", { cmd: "touch x" });
    assertEquals(first.success, false);
    assert.match(String(first.output), /Read-only file system/);
    assertEquals(h.approvals.map((a) => [a.id, a.summary, a.reason]), [
      [
        "appr_1",
        "touch x",
        "the command failed in the sandbox (exit code 1); run it again without the sandbox?",
      ],
    ]);
    // Approved for the session → rerun unsandboxed (really creates the file); the next identical one is not asked.
    const second = await h.call("exec_command", { cmd: "touch x" });
    assert.match(String(second.output), /Process exited with code 0/);
    assertEquals(existsSync(join(cwd, "x")), true);
    const third = await h.call("exec_command", { cmd: "touch x" });
    assert.match(String(third.output), /Process exited with code 0/);
    assertEquals(h.approvals.length, 2);
    // Hooks decide before any person is asked (here: on the retry question).
    const denied = await h.call("exec_command", { cmd: "touch hooked-deny" });
    assert.match(String(denied.output), /Read-only file system/);
    assertEquals(existsSync(join(cwd, "hooked-deny")), false);
    const allowed = await h.call("exec_command", { cmd: "touch hooked-allow" });
    assert.match(String(allowed.output), /Process exited with code 0/);
    assertEquals(existsSync(join(cwd, "hooked-allow")), true);
    assertEquals(h.approvals.length, 2);
    const statuses = h.itemEvents().filter((e) => e.type === "item.completed").map((e) =>
      (e.item as { status: string }).status
    );
    assertEquals(statuses, [
      "failed",
      "failed",
      "completed",
      "failed",
      "completed",
      "failed",
      "failed",
      "completed",
    ]);
  } finally {
    await h.dispose();
  }
});

Deno.test("exec_command gate: require_escalated under on-request asks, then runs unsandboxed", async () => {
  const cwd = Deno.makeTempDirSync();
  const h = new ToolHarness({
    cwd,
    config: { approval_policy: "on-request" },
    backend: denyingBackend,
    approver: () => ({ decision: "approved" }),
  });
  await h.load(shellPlugin);
  try {
    const r = await h.call("exec_command", {
      cmd: "touch esc",
      sandbox_permissions: "require_escalated",
      justification: "write outside",
    });
    assert.match(String(r.output), /Process exited with code 0/);
    assertEquals(existsSync(join(cwd, "esc")), true);
    assertEquals(h.approvals.map((a) => [a.reason, a.cacheKey]), [
      ["the model asks to run it without the sandbox: write outside", "unsandboxed:touch esc"],
    ]);
  } finally {
    await h.dispose();
  }
});

Deno.test("exec_command gate: a PermissionRequest deny declines without asking; the model gets the reason", async () => {
  const cwd = Deno.makeTempDirSync();
  const h = new ToolHarness({
    cwd,
    config: { approval_policy: "untrusted" },
    approver: () => ({ decision: "approved" }),
  });
  await h.load(shellPlugin, {
    name: "perm-hook",
    api: 1,
    setup(ctx) {
      ctx.on("PermissionRequest", () => ({ decision: "deny", reason: "not today" }), {
        match: "exec_command",
      });
    },
  });
  try {
    const r = await h.call("exec_command", { cmd: "touch nope" });
    assertEquals(r, {
      output: "exec command rejected: denied by a PermissionRequest hook: not today",
      success: false,
    });
    assertEquals(h.approvals, []);
    assertEquals(existsSync(join(cwd, "nope")), false);
    const shell = Deno.env.get("SHELL") ?? "/bin/bash";
    assertEquals(h.itemEvents().map((e) => [e.type, e.item]), [
      ["item.started", {
        id: "item_0",
        type: "command_execution",
        command: `${shell} -lc 'touch nope'`,
        aggregated_output: "",
        exit_code: null,
        status: "in_progress",
      }],
      ["item.completed", {
        id: "item_0",
        type: "command_execution",
        command: `${shell} -lc 'touch nope'`,
        aggregated_output: "exec command rejected: denied by a PermissionRequest hook: not today",
        exit_code: null,
        status: "declined",
      }],
    ]);
  } finally {
    await h.dispose();
  }
});

Deno.test("kernel approvals: ids, one question at a time, session cache, no approver denies, abort ends the turn", async () => {
  const call = (aborted: string[] = []) => ({
    hookCommon: { session_id: "s", cwd: "/repo", model: "m" },
    callId: "c",
    signal: new AbortController().signal,
    abortTurn: () => void aborted.push("aborted"),
  });
  const none = new Approvals(new HookBus());
  assertEquals(await none.request({ kind: "exec", tool_name: "t", summary: "x", cwd: "/" }, call()), {
    decision: "denied",
    reason: "no one is available to approve it",
  });

  const seen: string[] = [];
  let active = 0;
  let maxActive = 0;
  const approvals = new Approvals(new HookBus(), {
    ask: async (request) => {
      active++;
      maxActive = Math.max(maxActive, active);
      seen.push(request.id);
      await new Promise((r) => setTimeout(r, 10));
      active--;
      return { decision: request.summary === "stop" ? "abort" : "approved_for_session" };
    },
  });
  const q = (summary: string) => ({ kind: "exec", tool_name: "t", summary, cwd: "/", cacheKey: summary });
  const answers = await Promise.all([approvals.request(q("a"), call()), approvals.request(q("a"), call())]);
  assertEquals(answers, [
    { decision: "approved_for_session" },
    { decision: "approved_for_session", reason: "approved for this session earlier" },
  ]);
  assertEquals([seen, maxActive, approvals.approvedForSession("a")], [["appr_1"], 1, true]);
  const aborted: string[] = [];
  assertEquals(await approvals.request(q("stop"), call(aborted)), { decision: "abort" });
  assertEquals(aborted, ["aborted"]);
  assertEquals(seen, ["appr_1", "appr_3"]);
});
