/**
 * Runs a batch of sandbox escape probes through one backend, the way the shell tool runs commands
 * (`ExecProcess`, so a command's session is killed when it ends), and prints one JSON line of results.
 * The probe suite (tests/e2e/sandbox_probes_test.ts) starts it as root or, through `setpriv`, as an
 * unprivileged user; it imports only the backends and the process runner, so it starts from a fresh
 * DENO_DIR without network.
 *
 * Argument: JSON `{backend, probes: [{name, script, cwd, policy, env}]}`. Output: JSON
 * `{unavailable?: reason, results: [{name, code, output}]}`.
 * @module
 */
import { bwrapSandbox } from "../../sandbox/bwrap/mod.ts";
import { landlockSandbox } from "../../sandbox/landlock/mod.ts";
import { noneSandbox } from "../../sandbox/none/mod.ts";
import { applyPatchBashEnv } from "../../lib/apply_patch/path_helper.ts";
import { writeInSandbox } from "../../plugins/apply_patch/sandboxed_writer.ts";
import { ExecProcess } from "../../plugins/shell/process.ts";
import { createSandboxRuntime } from "../../sandbox/runtime.ts";
import type { SandboxBackend, SandboxPolicy } from "../../src/kernel/sandbox.ts";

/** One probe to run. */
export interface ProbeRun {
  name: string;
  script: string;
  cwd: string;
  policy: SandboxPolicy;
  env: Record<string, string>;
  /** Instead of running `script`: apply_patch's planned writes, through the sandboxed writer. */
  writes?: { absPath: string; content: string | null }[];
}

/** What the runner is asked. */
export interface ProbeRequest {
  backend: "bwrap" | "landlock" | "none";
  probes: ProbeRun[];
}

/** What it answers. */
export interface ProbeResponse {
  unavailable?: string;
  results: { name: string; code: number; output: string }[];
}

const BACKENDS: Record<string, SandboxBackend> = {
  bwrap: bwrapSandbox,
  landlock: landlockSandbox,
  none: noneSandbox,
};

async function main(): Promise<void> {
  const req = JSON.parse(Deno.args[0]) as ProbeRequest;
  const backend = BACKENDS[req.backend];
  const out: ProbeResponse = { results: [] };
  const availability = await backend.available();
  if (!availability.ok) {
    out.unavailable = availability.reason;
  } else {
    for (const probe of req.probes) {
      if (probe.writes) {
        const runtime = createSandboxRuntime(backend, probe.policy, "probe");
        const outcome = await writeInSandbox(probe.writes, runtime, probe.cwd);
        const output = `${JSON.stringify(outcome)}\n${outcome.ok ? "ESCAPED\n" : ""}`;
        out.results.push({ name: probe.name, code: outcome.ok ? 0 : 1, output });
        continue;
      }
      // The helper's BASH_ENV, as the shell tool hands it to every command.
      const env = { ...probe.env, BASH_ENV: applyPatchBashEnv() ?? "", RUNNER_PID: String(Deno.pid) };
      const spec = await backend.wrap(
        { argv: ["/bin/sh", "-c", probe.script], cwd: probe.cwd, env },
        probe.policy,
      );
      const proc = ExecProcess.spawn(spec, { timeoutMs: 20_000 });
      await proc.send("\u0004");
      const exit = await proc.exited;
      out.results.push({ name: probe.name, code: exit.code, output: proc.aggregatedOutput() });
    }
  }
  console.log(JSON.stringify(out));
}

if (import.meta.main) await main();
