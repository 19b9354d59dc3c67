/**
 * Per-command sandbox overhead (part of `deno task bench`): runs `true` through each available backend's
 * `wrap` under a workspace-write policy (network off) and prints the median wall time, the overhead
 * over `none`, and the ratio. Standalone: `deno run -A scripts/bench_sandbox.ts [--runs N]`.
 * @module
 */
import { existsSync } from "node:fs";
import { bwrapSandbox } from "../sandbox/bwrap/mod.ts";
import { landlockSandbox } from "../sandbox/landlock/mod.ts";
import { noneSandbox } from "../sandbox/none/mod.ts";
import type { SandboxBackend, SandboxPolicy } from "../src/plugin_api/sandbox.ts";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeBackend(backend: SandboxBackend, policy: SandboxPolicy, cwd: string, runs: number) {
  const env = { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin", HOME: Deno.env.get("HOME") ?? "/" };
  const walls: number[] = [];
  let failures = 0;
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    const spec = await backend.wrap({ argv: ["true"], cwd, env }, policy);
    const out = await new Deno.Command(spec.argv[0], {
      args: spec.argv.slice(1),
      cwd: spec.cwd,
      env: spec.env,
      clearEnv: true,
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).output();
    const ms = performance.now() - t0;
    if (!out.success) failures++;
    if (i > 0) walls.push(ms); // the first run warms caches
  }
  return { ms: median(walls), failures };
}

/** Measures and prints the per-command overhead of every available backend. */
export async function benchSandboxes(runs: number): Promise<void> {
  // Outside /tmp, like a real workspace (a cwd under /tmp makes landlock split the /tmp grant too).
  const cwd = Deno.makeTempDirSync({
    dir: existsSync("/var/tmp") ? "/var/tmp" : undefined,
    prefix: "codex-bench-sandbox-",
  });
  const policy: SandboxPolicy = {
    mode: "workspace-write",
    writableRoots: [cwd, "/tmp"],
    readOnlyPaths: [`${cwd}/.codex`],
    networkAccess: false,
  };
  console.log(
    `\nsandbox per-command overhead: \`true\` x ${runs} (after 1 warm-up), workspace-write, network off`,
  );
  const base = await timeBackend(noneSandbox, policy, cwd, runs);
  console.log(`  ${"none".padEnd(10)} ${base.ms.toFixed(1).padStart(8)} ms`);
  for (const backend of [landlockSandbox, bwrapSandbox]) {
    const a = await backend.available();
    if (!a.ok) {
      console.log(`  ${backend.id.padEnd(10)} unavailable: ${a.reason}`);
      continue;
    }
    const f = await timeBackend(backend, policy, cwd, runs);
    console.log(
      `  ${backend.id.padEnd(10)} ${f.ms.toFixed(1).padStart(8)} ms  +${(f.ms - base.ms).toFixed(1)} ms  ${
        (f.ms / base.ms).toFixed(2)
      }x vs none${f.failures ? `  (${f.failures} failed runs)` : ""}`,
    );
  }
  Deno.removeSync(cwd, { recursive: true });
}

if (import.meta.main) {
  const i = Deno.args.indexOf("--runs");
  await benchSandboxes(i >= 0 ? Number(Deno.args[i + 1]) : 21);
}
