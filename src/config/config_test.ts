import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig, parseOverride, resolveProvider, resolveSandboxPolicy } from "./mod.ts";
import { ConfigError } from "../kernel/errors.ts";
import { assert, assertEquals, assertIncludes, assertThrowsMatching } from "../../tests/helpers/assert.ts";

function tmp(): { home: string; cwd: string } {
  const root = Deno.makeTempDirSync({ prefix: "cfg-" });
  const home = join(root, "home");
  const cwd = join(root, "proj");
  mkdirSync(home);
  mkdirSync(join(cwd, ".git"), { recursive: true });
  return { home, cwd };
}

const base = (home: string, cwd: string) => ({
  codexHome: home,
  cwd,
  systemConfigPath: join(home, "none.toml"),
});

Deno.test("-c values parse as TOML, else as strings", () => {
  assertEquals(parseOverride("model=o3").value, "o3");
  assertEquals(parseOverride('model="o3"').value, "o3");
  assertEquals(parseOverride("a.b=42").path, ["a", "b"]);
  assertEquals(parseOverride("a.b=42").value, 42);
  assertEquals(parseOverride("x=[1,2]").value, [1, 2]);
  assertEquals({ ...(parseOverride('p={name="m",base_url="http://x"}').value as object) }, {
    name: "m",
    base_url: "http://x",
  });
  assertEquals(parseOverride("k=true").value, true);
  assertEquals(parseOverride("k='quoted text'").value, "quoted text");
  assertEquals(parseOverride('projects."/a.b".trust_level=trusted').path, [
    "projects",
    "/a.b",
    "trust_level",
  ]);
  assertThrowsMatching(() => parseOverride("novalue"), /expected key=value/);
  assertThrowsMatching(() => parseOverride("=3"), /expected a dotted key/);
});

Deno.test("layers merge: user < profile < flags; tables merge recursively", () => {
  const { home, cwd } = tmp();
  writeFileSync(
    join(home, "config.toml"),
    'model = "a"\nmodel_provider = "mock"\n[model_providers.mock]\nbase_url = "http://u"\nstream_max_retries = 1\n',
  );
  writeFileSync(
    join(home, "fast.config.toml"),
    'model = "b"\n[model_providers.mock]\nrequest_max_retries = 2\n',
  );
  const loaded = loadConfig({
    ...base(home, cwd),
    profile: "fast",
    overrides: ["model_providers.mock.stream_max_retries=3"],
  });
  assertEquals(loaded.config.model, "b");
  assertEquals(loaded.config.model_providers?.mock, {
    base_url: "http://u",
    stream_max_retries: 3,
    request_max_retries: 2,
  });
  assertEquals(loaded.layers.map((l) => l.kind), ["user", "profile", "flags"]);
  const dedicated = loadConfig({
    ...base(home, cwd),
    overrides: ["model=c"],
    flagValues: [[["model"], "d"]],
  });
  assertEquals(dedicated.config.model, "d");
});

Deno.test("legacy [profiles.x] tables work with --profile; a missing profile is an error", () => {
  const { home, cwd } = tmp();
  writeFileSync(
    join(home, "config.toml"),
    'model = "a"\n[profiles.deep]\nmodel = "z"\nmodel_reasoning_effort = "high"\n',
  );
  const loaded = loadConfig({ ...base(home, cwd), profile: "deep" });
  assertEquals(loaded.config.model, "z");
  assertEquals(loaded.config.model_reasoning_effort, "high");
  assertThrowsMatching(
    () => loadConfig({ ...base(home, cwd), profile: "nope" }),
    /profile 'nope' not found: expected .*nope\.config\.toml/,
  );
});

Deno.test("a badly typed key names the file, the key, what was expected and what was found", () => {
  const { home, cwd } = tmp();
  writeFileSync(join(home, "config.toml"), '[model_providers.mock]\nrequest_max_retries = "many"\n');
  const err = assertThrowsMatching(() => loadConfig(base(home, cwd)), /request_max_retries/);
  assert.ok(err instanceof ConfigError);
  assertIncludes(err.message, join(home, "config.toml"));
  assertIncludes(
    err.message,
    'model_providers.mock.request_max_retries: expected number, found the string "many"',
  );
  writeFileSync(join(home, "config.toml"), 'sandbox_mode = "wide-open"\n');
  assertThrowsMatching(
    () => loadConfig(base(home, cwd)),
    /sandbox_mode: expected one of "read-only", "workspace-write", "danger-full-access", found the string "wide-open"/,
  );
});

Deno.test("a bad -c flag is named in the error", () => {
  const { home, cwd } = tmp();
  assertThrowsMatching(
    () => loadConfig({ ...base(home, cwd), overrides: ["model=ok", "model_context_window=big"] }),
    /-c model_context_window=big: model_context_window: expected number/,
  );
});

Deno.test("unknown keys warn (naming file and key), or fail under --strict-config", () => {
  const { home, cwd } = tmp();
  writeFileSync(join(home, "config.toml"), 'modle = "typo"\n[model_providers.m]\nbase_ur = "x"\n');
  const loaded = loadConfig(base(home, cwd));
  const warnings = [...loaded.warnings].sort();
  assertEquals(warnings.length, 2);
  assertIncludes(warnings[0], "`model_providers.m.base_ur`");
  assertIncludes(warnings[1], "`modle`");
  assertIncludes(warnings[1], join(home, "config.toml"));
  assertThrowsMatching(
    () => loadConfig({ ...base(home, cwd), strict: true }),
    /unknown configuration fields .*`modle`/,
  );
});

Deno.test("TOML syntax errors name file:line:column", () => {
  const { home, cwd } = tmp();
  writeFileSync(join(home, "config.toml"), 'model = "a"\nthis is not toml\n');
  assertThrowsMatching(
    () => loadConfig(base(home, cwd)),
    new RegExp(`${join(home, "config.toml")}:2:\\d+: invalid TOML`),
  );
});

Deno.test("project .codex/config.toml applies only to trusted projects", () => {
  const { home, cwd } = tmp();
  const sub = join(cwd, "pkg");
  mkdirSync(join(sub, ".codex"), { recursive: true });
  mkdirSync(join(cwd, ".codex"));
  writeFileSync(join(cwd, ".codex", "config.toml"), 'model = "root"\nmodel_verbosity = "low"\n');
  writeFileSync(join(sub, ".codex", "config.toml"), 'model = "sub"\n');
  const untrusted = loadConfig(base(home, sub));
  assertEquals(untrusted.config.model, undefined);
  assertEquals(untrusted.warnings.length, 2);
  assertIncludes(untrusted.warnings[0], "is not trusted");
  writeFileSync(join(home, "config.toml"), `[projects."${cwd}"]\ntrust_level = "trusted"\n`);
  const trusted = loadConfig(base(home, sub));
  assertEquals(trusted.config.model, "sub");
  assertEquals(trusted.config.model_verbosity, "low");
  assertEquals(trusted.projectRoot, cwd);
  // Flags beat project config.
  assertEquals(loadConfig({ ...base(home, sub), overrides: ["model=flag"] }).config.model, "flag");
});

Deno.test("system config is the lowest layer", () => {
  const { home, cwd } = tmp();
  const sys = join(home, "system.toml");
  writeFileSync(sys, 'model = "sys"\nmodel_verbosity = "high"\n');
  writeFileSync(join(home, "config.toml"), 'model = "user"\n');
  const loaded = loadConfig({ codexHome: home, cwd, systemConfigPath: sys });
  assertEquals([loaded.config.model, loaded.config.model_verbosity], ["user", "high"]);
});

Deno.test("providers: built-ins, user tables with defaults, unknown ids", () => {
  const env = (k: string) => ({ OPENAI_BASE_URL: undefined } as Record<string, string | undefined>)[k];
  const openai = resolveProvider({}, env);
  assertEquals(openai.id, "openai");
  assertEquals(openai.info.base_url, "https://api.openai.com/v1");
  assertEquals(openai.info.env_key, "OPENAI_API_KEY");
  assertEquals(
    resolveProvider({ openai_base_url: "http://127.0.0.1:9/v1" }, env).info.base_url,
    "http://127.0.0.1:9/v1",
  );
  const mock = resolveProvider({
    model_provider: "mock",
    model_providers: { mock: { base_url: "http://m/v1", env_key: "K" } },
  }, env);
  assertEquals(mock.info, {
    name: "mock",
    base_url: "http://m/v1",
    env_key: "K",
    wire_api: "responses",
    request_max_retries: 4,
    stream_max_retries: 5,
    stream_idle_timeout_ms: 300000,
  });
  assertThrowsMatching(
    () => resolveProvider({ model_provider: "nope" }, env),
    /model_provider: expected one of 'openai'.*found 'nope'/,
  );
});

Deno.test("sandbox policy: roots, protected subpaths, network", () => {
  const { cwd } = tmp();
  const env = (k: string) => (k === "TMPDIR" ? "/var/tmp" : undefined);
  const ro = resolveSandboxPolicy({}, { cwd, env });
  assertEquals(ro, { mode: "read-only", writableRoots: [], readOnlyPaths: [], networkAccess: false });
  const ws = resolveSandboxPolicy(
    {
      sandbox_mode: "workspace-write",
      sandbox_workspace_write: { writable_roots: ["extra"], network_access: true },
    },
    { cwd, addDirs: ["/opt/x"], env },
  );
  assertEquals(ws.writableRoots, [cwd, "/opt/x", join(cwd, "extra"), "/tmp", "/var/tmp"]);
  // Every workspace root protects .git, .codex and .agents whether or not they exist; temp roots none
  // (another user's /tmp/.git must not make /tmp unusable).
  assertEquals(
    ws.readOnlyPaths,
    [cwd, "/opt/x", join(cwd, "extra")].flatMap((r) => [".git", ".codex", ".agents"].map((n) => join(r, n))),
  );
  assertEquals(ws.networkAccess, true);
  const excl = resolveSandboxPolicy(
    {
      sandbox_mode: "workspace-write",
      sandbox_workspace_write: { exclude_slash_tmp: true, exclude_tmpdir_env_var: true },
    },
    { cwd, env },
  );
  assertEquals(excl.writableRoots, [cwd]);
  assertEquals(
    resolveSandboxPolicy({ sandbox_mode: "danger-full-access" }, { cwd, env }).networkAccess,
    true,
  );
});
