/**
 * Spawns the real CLI (`deno run -A mod.ts …`) as a child process for end-to-end tests, with an isolated
 * CODEX_HOME and a provider pointed at a fake server.
 * @module
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";

/** Absolute path of the repository root. */
export const ROOT = fromFileUrl(new URL("../../", import.meta.url));
/** Absolute path of the CLI entry point. */
export const ENTRY = join(ROOT, "mod.ts");

/**
 * The Deno cache of the test process. Children get it explicitly so they never re-download packages,
 * whatever HOME a test gives them.
 */
export const DENO_DIR: string = Deno.env.get("DENO_DIR") ??
  join(Deno.env.get("XDG_CACHE_HOME") ?? join(Deno.env.get("HOME") ?? "/root", ".cache"), "deno");

/** The environment every spawned CLI gets besides a test's own variables. */
export function baseEnv(): Record<string, string> {
  return { DENO_TLS_CA_STORE: "system", DENO_DIR, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" };
}

/** What a CLI run produced. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of `runCli`. */
export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Text piped to stdin; stdin is closed (null) when undefined. */
  stdin?: string;
}

/** Runs the CLI with `args` and waits for it to exit. */
export async function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", ENTRY, ...args],
    cwd: opts.cwd,
    env: { ...baseEnv(), ...opts.env },
    clearEnv: true,
    stdin: opts.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (opts.stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(opts.stdin));
    await w.close();
  }
  const out = await child.output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** A scratch workspace: a CODEX_HOME with a config pointing at `baseUrl`, and a git repo as cwd. */
export interface Workspace {
  home: string;
  cwd: string;
  env: Record<string, string>;
}

/**
 * Creates a workspace whose config.toml selects provider `mock` at `baseUrl` (key from FAKE_KEY).
 * `extraToml` is placed at the top level, before the provider table (top-level keys and whole tables).
 */
export function workspace(baseUrl: string, extraToml = ""): Workspace {
  const root = Deno.makeTempDirSync({ prefix: "codex-e2e-" });
  const home = join(root, "home");
  const cwd = join(root, "repo");
  mkdirSync(home);
  mkdirSync(cwd);
  const git = new Deno.Command("git", { args: ["init", "-q", cwd], stdout: "null", stderr: "null" })
    .outputSync();
  if (!git.success) throw new Error("git init failed");
  writeFileSync(
    join(home, "config.toml"),
    `model = "test-model"
model_provider = "mock"
${extraToml}

[model_providers.mock]
name = "Mock"
base_url = "${baseUrl}"
env_key = "FAKE_KEY"
request_max_retries = 1
stream_max_retries = 1
`,
  );
  return {
    home,
    cwd,
    env: { CODEX_HOME: home, FAKE_KEY: "sk-test", HOME: root, PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin" },
  };
}

/** Parses JSONL stdout into objects. */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l));
}
