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

/**
 * Starts the CLI with `args` (through `deno run`, the test's variables over `baseEnv()`), stdout and
 * stderr piped, stdin piped or closed.
 */
export function spawnCli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; stdin?: "piped" | "null" } = {},
): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", ENTRY, ...args],
    cwd: opts.cwd,
    env: { ...baseEnv(), ...opts.env },
    clearEnv: true,
    stdin: opts.stdin ?? "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** Runs the CLI with `args` and waits for it to exit. */
export async function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  const child = spawnCli(args, {
    cwd: opts.cwd,
    env: opts.env,
    stdin: opts.stdin === undefined ? "null" : "piped",
  });
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
    `model = "gpt-5.5"
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

/** Collects a child's output in the background; `until` waits for a pattern (false after the timeout). */
export class OutputWatch {
  text = "";
  readonly done: Promise<void>;
  constructor(stream: ReadableStream<Uint8Array>) {
    const dec = new TextDecoder();
    this.done = (async () => {
      for await (const chunk of stream) this.text += dec.decode(chunk, { stream: true });
    })().catch(() => {});
  }
  async until(pattern: RegExp | string, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const seen = () => typeof pattern === "string" ? this.text.includes(pattern) : pattern.test(this.text);
    while (!seen()) {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 50));
    }
    return true;
  }
}

/** A program running on a pseudo-terminal (`script` from util-linux): type keys, watch the screen. */
export interface PtyRun {
  child: Deno.ChildProcess;
  out: OutputWatch;
  type(text: string): Promise<void>;
  /** Closes the keyboard (the program sees end of input only when it reads Ctrl-D). */
  closeKeys(): Promise<void>;
}

/** Runs the shell command `inner` with a pty as its stdin, stdout and stderr; our pipe feeds its keyboard. */
export function spawnInPty(inner: string, o: { cwd: string; env: Record<string, string> }): PtyRun {
  const child = new Deno.Command("script", {
    args: ["-qfec", inner, "/dev/null"],
    cwd: o.cwd,
    env: o.env,
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const keys = child.stdin.getWriter();
  const enc = new TextEncoder();
  return {
    child,
    out: new OutputWatch(child.stdout),
    type: async (text) => await keys.write(enc.encode(text)),
    closeKeys: async () => await keys.close().catch(() => {}),
  };
}
