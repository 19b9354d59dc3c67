import assert from "node:assert/strict";
import { applyShellEnvironmentPolicy, buildCommandEnv, envPattern, FORCED_ENV } from "./env.ts";

const BASE = {
  PATH: "/usr/bin",
  HOME: "/home/u",
  USER: "u",
  LANG: "en_US.UTF-8",
  LC_TIME: "de_DE.UTF-8",
  OPENAI_API_KEY: "sk-1",
  github_token: "ghp",
  MY_SECRET_THING: "s",
  KEYBOARD: "us",
  AWS_REGION: "eu",
  AWS_PROFILE: "dev",
  FOO: "1",
  EDITOR: "vi",
};

Deno.test("envPattern: case-insensitive whole-name globs with * and ?", () => {
  assert.equal(envPattern("*KEY*")("openai_api_key"), true);
  assert.equal(envPattern("AWS_*")("AWS_REGION"), true);
  assert.equal(envPattern("AWS_*")("MY_AWS_REGION"), false);
  assert.equal(envPattern("F?O")("FOO"), true);
  assert.equal(envPattern("F?O")("FOOO"), false);
  assert.equal(envPattern("A.B")("AxB"), false);
});

Deno.test("shell_environment_policy default: inherit all, minus *KEY* *SECRET* *TOKEN*", () => {
  assert.deepEqual(applyShellEnvironmentPolicy(BASE), {
    PATH: "/usr/bin",
    HOME: "/home/u",
    USER: "u",
    LANG: "en_US.UTF-8",
    LC_TIME: "de_DE.UTF-8",
    AWS_REGION: "eu",
    AWS_PROFILE: "dev",
    FOO: "1",
    EDITOR: "vi",
  });
  assert.deepEqual(applyShellEnvironmentPolicy(BASE, { ignore_default_excludes: true }), BASE);
});

Deno.test("shell_environment_policy inherit core / none", () => {
  assert.deepEqual(applyShellEnvironmentPolicy(BASE, { inherit: "core" }), {
    PATH: "/usr/bin",
    HOME: "/home/u",
    USER: "u",
    LANG: "en_US.UTF-8",
    LC_TIME: "de_DE.UTF-8",
  });
  assert.deepEqual(applyShellEnvironmentPolicy(BASE, { inherit: "none", set: { A: "b" } }), { A: "b" });
});

Deno.test("shell_environment_policy order: exclude, then set, then include_only", () => {
  const env = applyShellEnvironmentPolicy(BASE, {
    exclude: ["aws_*", "FOO"],
    set: { FOO: "from-set", EXTRA: "x", API_TOKEN: "kept: set comes after the default excludes" },
    include_only: ["PATH", "FOO", "*TOKEN*", "AWS_REGION"],
  });
  assert.deepEqual(env, {
    PATH: "/usr/bin",
    FOO: "from-set",
    API_TOKEN: "kept: set comes after the default excludes",
  });
});

Deno.test("buildCommandEnv applies the policy before the forced variables", () => {
  const env = buildCommandEnv({
    base: BASE,
    policy: { mode: "workspace-write", writableRoots: ["/w"], readOnlyPaths: [], networkAccess: false },
    shellPolicy: { inherit: "core", set: { TERM: "xterm", NO_COLOR: "0" } },
  });
  assert.deepEqual(env, {
    PATH: "/usr/bin",
    HOME: "/home/u",
    USER: "u",
    LC_TIME: "de_DE.UTF-8",
    ...FORCED_ENV,
    CODEX_SANDBOX_NETWORK_DISABLED: "1",
  });
});
