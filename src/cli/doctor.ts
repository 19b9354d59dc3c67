/**
 * `codex doctor`: the runtime (version, Deno, platform, CODEX_HOME), every sandbox backend in probe
 * order with whether it works here and why, the sandbox policy of the current configuration, and the
 * backend a session would use and why. Exits 1 when no backend can run the configured policy.
 * @module
 */
import { existsSync } from "node:fs";
import { describeError } from "../kernel/errors.ts";
import type { Plugin } from "../kernel/plugin.ts";
import {
  adminFlags,
  backendProtections,
  chooseBackend,
  describePolicy,
  openHost,
  probeBackends,
} from "../host/mod.ts";
import { PROGRAM_NAME, VERSION } from "../../lib/version.ts";

function row(label: string, value: string): string {
  return `  ${label.padEnd(12)} ${value}`;
}

/** Prints the report; resolves to the exit code. */
export async function runDoctor(opts: Record<string, unknown>, plugins: Plugin[]): Promise<number> {
  const out: string[] = [`${PROGRAM_NAME} doctor`, ""];
  out.push("Runtime");
  out.push(row("version", `${PROGRAM_NAME} ${VERSION}`));
  out.push(
    row("deno", `${Deno.version.deno} (v8 ${Deno.version.v8}, typescript ${Deno.version.typescript})`),
  );
  out.push(row("platform", `${Deno.build.os} ${Deno.build.arch} (${Deno.build.target})`));
  out.push(row("executable", Deno.execPath()));

  let code = 0;
  let setup;
  try {
    setup = await openHost({ frontEnd: "doctor", flags: adminFlags(opts), plugins });
  } catch (err) {
    out.push("", "Configuration", row("error", describeError(err)));
    console.log(out.join("\n"));
    return 1;
  }
  out.push(row("CODEX_HOME", `${setup.codexHome}${existsSync(setup.codexHome) ? "" : " (does not exist)"}`));
  out.push("", "Configuration");
  out.push(row("layers", setup.loaded.layers.map((l) => l.source).join(", ") || "(defaults only)"));
  for (const w of setup.loaded.warnings) out.push(row("warning", w));
  out.push(row("cwd", setup.cwd));
  out.push(row("policy", describePolicy(setup.policy)));
  const forced = setup.loaded.config.sandbox_backend ?? "auto";
  out.push(row("backend", `sandbox_backend = "${forced}"`));

  out.push("", "Sandbox backends (probe order)");
  for (const { backend, availability } of await probeBackends(setup.registry)) {
    const mark = availability.ok ? "yes" : "no ";
    out.push(
      `  ${backend.id.padEnd(10)} ${
        String(backend.priority ?? 500).padStart(4)
      }  ${mark}  ${availability.reason}`,
    );
  }

  for (const id of ["bwrap", "landlock"]) {
    const list = await backendProtections(id);
    if (list.length === 0 || !setup.registry.sandboxes.has(id)) continue;
    out.push("", `Protections of ${id} here (as ${Deno.uid() === 0 ? "root" : "this user"})`);
    for (const p of list) out.push(`  ${p.active ? "yes" : "no "}  ${p.name}${p.note ? ` (${p.note})` : ""}`);
  }

  out.push("", "Active sandbox");
  try {
    const runtime = await chooseBackend(setup.registry, setup.policy, forced);
    out.push(row("backend", runtime.backend.id));
    out.push(row("why", runtime.reason));
  } catch (err) {
    out.push(row("error", describeError(err)));
    code = 1;
  }
  console.log(out.join("\n"));
  return code;
}
