/**
 * Plugin bundles in process: the three manifest layouts, namespacing (two bundles with the same skill,
 * command and MCP server names do not collide), plugin-root expansion in hooks, requirements.toml
 * allowlists, disabled and broken bundles, selectors.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Config } from "../../config/schema.ts";
import type { Requirements } from "../../config/requirements.ts";
import { discoverSkills } from "../../../plugins/skills/discover.ts";
import { loadPromptDir } from "../../../plugins/prompts/load.ts";
import { assert, assertEquals, assertIncludes, assertThrowsMatching } from "../../../tests/helpers/assert.ts";
import { applyBundles } from "./load.ts";
import {
  type BundleHome,
  marketplaceAdd,
  marketplaceList,
  marketplaceUpgrade,
  parseSelector,
  pluginAdd,
  pluginRemove,
} from "./store.ts";
import { formatBundles } from "./plugin.ts";

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

const LAYOUTS = { a: ".codex-plugin", b: ".claude-plugin", c: ".plugin" } as const;

/** A local marketplace `acme` with bundles a, b, c (one per layout), each with the same component names. */
function setup(requirements?: Partial<Requirements>) {
  const root = Deno.makeTempDirSync({ prefix: "codex-bundles-" });
  const market = join(root, "market");
  const codexHome = join(root, "home");
  mkdirSync(codexHome);
  write(
    join(market, ".agents/plugins/marketplace.json"),
    JSON.stringify({
      name: "acme",
      plugins: Object.keys(LAYOUTS).map((n) => ({ name: n, source: `./plugins/${n}` })),
    }),
  );
  for (const [name, layout] of Object.entries(LAYOUTS)) {
    const dir = join(market, "plugins", name);
    write(join(dir, layout, "plugin.json"), JSON.stringify({ name, version: "1.0.0" }));
    write(join(dir, "skills/greet/SKILL.md"), `---\nname: greet\ndescription: greet from ${name}\n---\nHi\n`);
    write(join(dir, "commands/deploy.md"), `Deploy with ${name}\n`);
    write(
      join(dir, ".mcp.json"),
      JSON.stringify({
        mcpServers: { srv: { command: "${PLUGIN_ROOT}/bin/srv", args: ["${CLAUDE_PLUGIN_ROOT}"] } },
      }),
    );
    write(
      join(dir, "hooks/hooks.json"),
      JSON.stringify({
        hooks: {
          Stop: [{ hooks: [{ type: "command", command: "echo ${CODEX_PLUGIN_ROOT} ${PLUGIN_ROOT}" }] }],
        },
      }),
    );
  }
  const config: Config = {
    marketplaces: { acme: { source_type: "local", source: market } },
    plugins: {},
  } as Config;
  const home: BundleHome = {
    codexHome,
    config,
    ...(requirements ? { requirements: { source: "/etc/req.toml", ...requirements } as Requirements } : {}),
  };
  return { root, market, codexHome, config, home };
}

function installAll(home: BundleHome): void {
  const log = console.log;
  console.log = () => {};
  try {
    for (const n of Object.keys(LAYOUTS)) {
      pluginAdd(home, { name: n, market: "acme" }, false);
      home.config.plugins![`${n}@acme`] = { enabled: true };
    }
  } finally {
    console.log = log;
  }
}

Deno.test("bundles: three layouts load, each component namespaced by its bundle", () => {
  const { codexHome, config, home } = setup();
  installAll(home);
  const warnings: string[] = [];
  const bundles = applyBundles(home, warnings);
  assertEquals(warnings, []);
  assertEquals(bundles.map((b) => b.id), ["a@acme", "b@acme", "c@acme"]);
  assertEquals(bundles.map((b) => b.manifest.split("/").at(-2)), Object.values(LAYOUTS));
  const aRoot = join(codexHome, "plugins/cache/acme/a/1.0.0");
  assertEquals(bundles[0].root, aRoot);
  assertEquals(Object.keys(config.mcp_servers ?? {}), ["a-srv", "b-srv", "c-srv"]);
  assertEquals(config.mcp_servers!["a-srv"], { command: `${aRoot}/bin/srv`, args: [aRoot] } as never);
  const stop = (config.hooks as Record<string, { hooks: { command: string }[] }[]>).Stop;
  assertEquals(stop.map((g) => g.hooks[0].command)[0], `echo ${aRoot} ${aRoot}`);
  assertEquals(stop.length, 3);

  const skills = discoverSkills({
    cwd: codexHome,
    codexHome,
    config,
    env: () => undefined,
    pluginRoots: bundles.map((b) => ({ url: pathToFileURL(b.skillsDir! + "/"), prefix: b.name })),
  });
  assertEquals(skills.skills.filter((s) => s.scope === "plugin").map((s) => s.name), [
    "a:greet",
    "b:greet",
    "c:greet",
  ]);
  assertEquals(skills.warnings, []);
  assertEquals(loadPromptDir(bundles[1].commandsDir!).map((p) => p.body), ["Deploy with b\n"]);
  const lines = formatBundles(bundles).join("\n");
  assertIncludes(lines, "a@acme  1.0.0");
  assertIncludes(lines, "MCP servers: a-srv");
});

Deno.test("bundles: requirements.toml allowlists, disabled and broken bundles contribute nothing", () => {
  const only = setup();
  installAll(only.home);
  only.home.requirements = { source: "/etc/req.toml", allowed_plugins: ["b@acme"] } as Requirements;
  let warnings: string[] = [];
  assertEquals(applyBundles(only.home, warnings).map((b) => b.id), ["b@acme"]);
  assertEquals(warnings.length, 2);
  assertIncludes(warnings[0], "plugin a@acme: not allowed by /etc/req.toml");
  assertEquals(Object.keys(only.config.mcp_servers ?? {}), ["b-srv"]);

  const noMarket = setup();
  installAll(noMarket.home);
  noMarket.home.requirements = { source: "/etc/req.toml", allowed_marketplaces: ["other"] } as Requirements;
  warnings = [];
  assertEquals(applyBundles(noMarket.home, warnings), []);
  assertEquals(noMarket.config.mcp_servers, undefined);
  assertEquals(noMarket.config.hooks, undefined);

  const disabled = setup();
  installAll(disabled.home);
  disabled.config.plugins!["a@acme"] = { enabled: false };
  write(
    join(disabled.codexHome, "plugins/cache/acme/c/1.0.0/hooks/hooks.json"),
    `{"hooks":{"Stop":[{"hooks":[{"type":"command"}]}]}}`,
  );
  write(join(disabled.codexHome, "plugins/cache/acme/b/1.0.0/hooks/hooks.json"), `{"hooks":{"Nope":[]}}`);
  warnings = [];
  assertEquals(applyBundles(disabled.home, warnings).map((b) => b.id), ["b@acme"]);
  assertEquals(warnings.length, 2);
  assert.match(
    warnings[0],
    /b\/1\.0\.0\/hooks\/hooks\.json: hooks\.Nope: this CLI has no hook event 'Nope'; its hooks/,
  );
  assert.match(
    warnings[1],
    /^plugin c@acme: .*hooks\/hooks\.json: field 'hooks\.Stop\.0\.hooks\.0\.command': /,
  );
  assertEquals(Object.keys(disabled.config.mcp_servers ?? {}), ["b-srv"]);
  assertEquals(disabled.config.hooks, undefined);
});

Deno.test("bundles: plugin add refuses a disallowed plugin and keeps config.toml comments", () => {
  const { codexHome, home } = setup({ allowed_plugins: ["*@acme"] });
  writeFileSync(join(codexHome, "config.toml"), '# mine\nmodel = "m"\n');
  installAll(home);
  const text = readFileSync(join(codexHome, "config.toml"), "utf8");
  assert.ok(text.startsWith('# mine\nmodel = "m"\n'), text);
  assertIncludes(text, `[plugins."c@acme"]\nenabled = true\n`);
  home.requirements = { source: "/etc/req.toml", allowed_plugins: ["a@acme"] } as Requirements;
  assertThrowsMatching(
    () => pluginAdd(home, { name: "b", market: "acme" }, false),
    /^plugin 'b@acme' is not allowed by \/etc\/req\.toml$/,
  );
});

Deno.test("bundles: selectors", () => {
  assertEquals(parseSelector("hello@acme"), { name: "hello", market: "acme" });
  assertEquals(parseSelector("hello", "acme"), { name: "hello", market: "acme" });
  assertThrowsMatching(
    () => parseSelector("hello"),
    /plugin requires --marketplace unless passed as <plugin>@<marketplace>/,
  );
  assertThrowsMatching(() => parseSelector("hello@a", "b"), /--marketplace b names another marketplace/);
});

Deno.test("bundles: plugin.json may name its component paths or inline them; paths stay inside the bundle", () => {
  const { codexHome, config, home } = setup();
  installAll(home);
  const a = join(codexHome, "plugins/cache/acme/a/1.0.0");
  write(
    join(a, ".codex-plugin/plugin.json"),
    JSON.stringify({
      name: "a",
      skills: "./more-skills",
      hooks: "./conf/hooks.json",
      mcpServers: { web: { type: "http", url: "https://mcp.example/", headers: { "X-Org": "acme" } } },
    }),
  );
  write(join(a, "more-skills/plan/SKILL.md"), "---\ndescription: plans\n---\nPlan.\n");
  write(
    join(a, "conf/hooks.json"),
    JSON.stringify({ hooks: { SessionStart: [{ hooks: [{ command: "true" }] }] } }),
  );
  const b = join(codexHome, "plugins/cache/acme/b/1.0.0");
  write(join(b, ".claude-plugin/plugin.json"), JSON.stringify({ name: "b", commands: "../../../../../etc" }));
  write(join(codexHome, "plugins/cache/acme/c/1.0.0/.mcp.json"), "{ nope");
  const warnings: string[] = [];
  const bundles = applyBundles(home, warnings);
  assertEquals(bundles.map((x) => x.id), ["a@acme"]);
  assertEquals(bundles[0].skillsDir, join(a, "more-skills"));
  assertEquals(bundles[0].hookEvents, ["SessionStart"]);
  assertEquals(config.mcp_servers, {
    "a-web": { url: "https://mcp.example/", http_headers: { "X-Org": "acme" } },
  } as never);
  assertEquals(warnings.length, 2);
  assertIncludes(
    warnings[0],
    "plugin.json: commands: expected a path inside the bundle, found '../../../../../etc'",
  );
  assert.match(warnings[1], /^plugin c@acme: .*\/c\/1\.0\.0\/\.mcp\.json: invalid JSON: /);
});

Deno.test("bundles: a catalogue entry outside its marketplace is refused; Claude Code's catalogue place is read", () => {
  const { market, home } = setup();
  write(
    join(market, ".agents/plugins/marketplace.json"),
    JSON.stringify({ name: "acme", plugins: [{ name: "a", source: "../elsewhere" }] }),
  );
  assertThrowsMatching(
    () => pluginAdd(home, { name: "a", market: "acme" }, false),
    /plugin 'a': source: expected a folder inside the marketplace, found '\.\.\/elsewhere'/,
  );
  Deno.removeSync(join(market, ".agents"), { recursive: true });
  write(
    join(market, ".claude-plugin/marketplace.json"),
    JSON.stringify({ name: "acme", plugins: [{ name: "b", source: "./plugins/b" }] }),
  );
  const log = console.log;
  const printed: string[] = [];
  console.log = (t: string) => printed.push(t);
  try {
    pluginAdd(home, { name: "b", market: "acme" }, false);
  } finally {
    console.log = log;
  }
  assertEquals(printed[0], "Added plugin `b` from marketplace `acme`.");
});

function git(cwd: string, ...args: string[]): void {
  const out = new Deno.Command("git", {
    args: ["-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main", ...args],
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  if (!out.success) throw new Error(`git ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
}

Deno.test("bundles: a file:// git marketplace at a --ref is cloned, recorded and upgraded", () => {
  const { market, codexHome } = setup();
  git(market, "init", "-q");
  git(market, "add", "-A");
  git(market, "commit", "-qm", "v1");
  git(market, "tag", "v1");
  write(join(market, "plugins/a/.codex-plugin/plugin.json"), JSON.stringify({ name: "a", version: "2.0.0" }));
  git(market, "commit", "-qam", "v2");
  const url = pathToFileURL(market).href;
  const home: BundleHome = { codexHome, config: {} as Config };
  const printed: string[] = [];
  const log = console.log;
  console.log = (t: string) => printed.push(t);
  try {
    marketplaceAdd(home, url, "v1");
    const text = readFileSync(join(codexHome, "config.toml"), "utf8");
    assertEquals(text, `[marketplaces.acme]\nsource_type = "git"\nsource = "${url}"\nref = "v1"\n`);
    home.config = {
      marketplaces: { acme: { source_type: "git", source: url, ref: "v1" } },
      plugins: { "a@acme": { enabled: true } },
    } as Config;
    pluginAdd(home, { name: "a", market: "acme" }, false);
    assert.ok(existsSync(join(codexHome, "plugins/cache/acme/a/1.0.0")));
    // Following the branch instead of the tag picks up v2 on upgrade.
    home.config.marketplaces!.acme.ref = undefined;
    marketplaceUpgrade(home);
    assert.ok(existsSync(join(codexHome, "plugins/cache/acme/a/2.0.0/.codex-plugin/plugin.json")));
    assert.ok(!existsSync(join(codexHome, "plugins/cache/acme/a/1.0.0")));
  } finally {
    console.log = log;
  }
  assertEquals(printed.slice(0, 2), [
    `Added marketplace \`acme\` from ${url}.`,
    `Installed marketplace root: ${join(codexHome, "plugins/marketplaces/acme")}`,
  ]);
  assertEquals(printed.slice(-2), ["Upgraded marketplace `acme`.", "Updated plugin `a` to 2.0.0."]);
});

Deno.test("bundles: a TypeScript entry joins plugins_ts; a wrong pin or allowed_plugins_ts skips the bundle", () => {
  const { codexHome, config, home } = setup();
  installAll(home);
  const dirOf = (n: string) => join(codexHome, "plugins/cache/acme", n, "1.0.0");
  const src = "export default { name: 'x', api: 1, setup() {} };\n";
  const pin = createHash("sha256").update(src).digest("hex");
  for (const [n, sha] of [["a", pin], ["b", "0".repeat(64)], ["c", undefined]] as const) {
    write(join(dirOf(n), "entry.ts"), src);
    write(
      join(dirOf(n), LAYOUTS[n], "plugin.json"),
      JSON.stringify({ name: n, typescript: { entry: "entry.ts", ...(sha ? { sha256: sha } : {}) } }),
    );
  }
  home.requirements = {
    source: "/etc/req.toml",
    allowed_plugins_ts: [join(codexHome, "plugins/cache/acme/a"), join(codexHome, "plugins/cache/acme/b/")],
  } as Requirements;
  const warnings: string[] = [];
  const bundles = applyBundles(home, warnings);
  assertEquals(bundles.map((b) => b.id), ["a@acme"]);
  assertEquals(config.plugins_ts, {
    paths: [join(dirOf("a"), "entry.ts")],
    sha256: { [join(dirOf("a"), "entry.ts")]: pin },
  });
  assertIncludes(
    warnings[0],
    `typescript.sha256: expected ${"0".repeat(64)} for ${join(dirOf("b"), "entry.ts")}`,
  );
  assertIncludes(warnings[1], "is not allowed by /etc/req.toml (allowed_plugins_ts)");
  assertEquals(Object.keys(config.mcp_servers ?? {}), ["a-srv"]);
});

Deno.test("bundles: headless provisioning: shipped config tables + marketplace upgrade clone and install", () => {
  const { market, codexHome } = setup();
  git(market, "init", "-q");
  git(market, "add", "-A");
  git(market, "commit", "-qm", "v1");
  const home: BundleHome = {
    codexHome,
    config: {
      marketplaces: { acme: { source_type: "git", source: market } },
      plugins: { "b@acme": { enabled: true } },
    } as Config,
  };
  const warnings: string[] = [];
  assertEquals(applyBundles(home, warnings), []);
  assertEquals(warnings, ["plugin b@acme: not installed (run: codex plugin add b@acme)"]);
  const log = console.log;
  console.log = () => {};
  try {
    assertEquals(marketplaceUpgrade(home), 0);
  } finally {
    console.log = log;
  }
  assertEquals(applyBundles(home, []).map((b) => b.id), ["b@acme"]);
});

Deno.test("bundles: Codex's answers for a repeated add, a local upgrade, an unknown plugin, list --json", () => {
  const { market, codexHome } = setup();
  const printed: string[] = [];
  const log = console.log;
  console.log = (t: string) => printed.push(t);
  try {
    const home: BundleHome = { codexHome, config: {} as Config };
    assertEquals(marketplaceAdd(home, market), 0);
    home.config = { marketplaces: { acme: { source_type: "local", source: market } } } as Config;
    assertEquals(marketplaceAdd(home, market), 0);
    assertEquals(printed.slice(-2), [
      `Marketplace \`acme\` is already added from ${market}.`,
      `Installed marketplace root: ${market}`,
    ]);
    assertEquals(
      readFileSync(join(codexHome, "config.toml"), "utf8").match(/\[marketplaces\.acme\]/g)?.length,
      1,
    );
    assertThrowsMatching(
      () => marketplaceUpgrade(home, "acme"),
      /^marketplace `acme` is not configured as a Git marketplace$/,
    );
    assertThrowsMatching(
      () => pluginAdd(home, { name: "zz", market: "acme" }, false),
      /^plugin `zz` was not found in marketplace `acme` \(it has: a, b, c\)$/,
    );
    printed.length = 0;
    marketplaceList(home, true);
    assertEquals(JSON.parse(printed[0]), {
      marketplaces: [{
        name: "acme",
        root: market,
        marketplaceSource: { sourceType: "local", source: market },
      }],
    });
    printed.length = 0;
    assertEquals(pluginRemove(home, { name: "a", market: "acme" }), 0);
    assertEquals(printed, ["Removed plugin `a` from marketplace `acme`."]);
  } finally {
    console.log = log;
  }
});
