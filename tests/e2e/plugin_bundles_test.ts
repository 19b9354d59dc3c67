/**
 * End-to-end: an organization's plugin marketplace published as a git repository (a local bare repo made
 * here) with two bundles — `greeter` (Codex layout: a skill, hooks/hooks.json, .mcp.json pointing at the
 * reference MCP server, a markdown command) and `guard` (Claude Code layout with a pinned TypeScript
 * entry) — added, installed, used in a turn against the fake server, upgraded and removed, all through
 * the real CLI.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { functionCallResponse, startFakeServer, textResponse } from "./fake_server.ts";
import { assert, assertEquals, assertIncludes } from "../helpers/assert.ts";
import { runCli, workspace } from "../helpers/cli.ts";

const EVERYTHING = fileURLToPath(
  new URL("./mcp/node_modules/@modelcontextprotocol/server-everything/dist/index.js", import.meta.url),
);

const GUARD_TS = `export default {
  name: "acme-guard-bundle",
  version: "2.0.0",
  api: 1,
  setup(ctx) {
    ctx.instructions(() => "ACME guard: never deploy on Fridays.");
  },
};
`;

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function git(cwd: string, ...args: string[]): void {
  const out = new Deno.Command("git", {
    args: ["-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main", ...args],
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  if (!out.success) throw new Error(`git ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
}

async function sha256(text: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Writes the marketplace's working tree (greeter at `version`). */
async function writeMarket(dir: string, hookOut: string, version: string): Promise<void> {
  write(
    join(dir, ".agents/plugins/marketplace.json"),
    JSON.stringify({
      name: "acme",
      owner: { name: "Acme" },
      plugins: [
        { name: "greeter", source: "./plugins/greeter", description: "Greets" },
        { name: "guard", source: "./plugins/guard", description: "Policy" },
      ],
    }),
  );
  const g = join(dir, "plugins/greeter");
  write(join(g, ".codex-plugin/plugin.json"), JSON.stringify({ name: "greeter", version }));
  write(
    join(g, "skills/greet/SKILL.md"),
    `---\nname: greet\ndescription: Greet people (v${version})\n---\nSay hello.\n`,
  );
  write(
    join(g, "hooks/hooks.json"),
    JSON.stringify({
      hooks: {
        SessionStart: [{
          hooks: [{ type: "command", command: `printf %s "\${CODEX_PLUGIN_ROOT}" > ${hookOut}` }],
        }],
      },
    }),
  );
  write(
    join(g, ".mcp.json"),
    JSON.stringify({ mcpServers: { everything: { command: "node", args: [EVERYTHING, "stdio"] } } }),
  );
  write(join(g, "commands/hi.md"), "---\ndescription: say hi\n---\nSay hi to $ARGUMENTS\n");
  const guard = join(dir, "plugins/guard");
  write(join(guard, "plugin.ts"), GUARD_TS);
  write(
    join(guard, ".claude-plugin/plugin.json"),
    JSON.stringify({
      name: "guard",
      version: "2.0.0",
      typescript: { entry: "plugin.ts", sha256: await sha256(GUARD_TS) },
    }),
  );
}

type Body = { input: { type: string; role?: string; content?: { text?: string }[]; output?: unknown }[] };

function developerText(body: Body): string {
  return body.input.filter((i) => i.role === "developer")
    .flatMap((i) => (i.content ?? []).map((c) => c.text ?? "")).join("\n");
}

Deno.test("plugin bundles: a git marketplace is added, installed, used in a turn, upgraded and removed", async () => {
  const server = startFakeServer([
    functionCallResponse([{
      name: "mcp__greeter-everything__echo",
      arguments: { message: "from a bundle" },
      call_id: "c1",
    }]),
    textResponse("Done."),
    textResponse("Hi sent."),
  ]);
  try {
    const ws = workspace(server.url, "# org settings: keep this comment\n");
    const root = dirname(ws.home);
    const hookOut = join(root, "hook-root.txt");
    const work = join(root, "market-src");
    const bare = join(root, "market.git");
    await writeMarket(work, hookOut, "1.0.0");
    git(root, "init", "-q", work);
    git(work, "add", "-A");
    git(work, "commit", "-qm", "v1");
    git(root, "clone", "-q", "--bare", work, bare);
    const cli = (...args: string[]) => runCli(args, { cwd: ws.cwd, env: ws.env });

    const added = await cli("plugin", "marketplace", "add", bare);
    assertEquals(added.code, 0, added.stderr);
    const clone = join(ws.home, "plugins/marketplaces/acme");
    assertEquals(
      added.stdout,
      `Added marketplace \`acme\` from ${bare}.\nInstalled marketplace root: ${clone}\n`,
    );
    const listed = await cli("plugin", "marketplace", "list");
    assertEquals(listed.stdout, `MARKETPLACE  ROOT\nacme         ${clone}\n`);

    const a1 = await cli("plugin", "add", "greeter@acme");
    assertEquals(a1.code, 0, a1.stderr);
    const greeterRoot = join(ws.home, "plugins/cache/acme/greeter/1.0.0");
    assertEquals(
      a1.stdout,
      `Added plugin \`greeter\` from marketplace \`acme\`.\nInstalled plugin root: ${greeterRoot}\n`,
    );
    const a2 = await cli("plugin", "add", "guard", "--marketplace", "acme", "--json");
    assertEquals(a2.code, 0, a2.stderr);
    assertEquals(JSON.parse(a2.stdout).pluginId, "guard@acme");
    const config = readFileSync(join(ws.home, "config.toml"), "utf8");
    assertIncludes(config, "# org settings: keep this comment\n");
    assertIncludes(config, `[marketplaces.acme]\nsource_type = "git"\nsource = "${bare}"\n`);
    assertIncludes(config, `[plugins."greeter@acme"]\nenabled = true\n`);
    assertIncludes(config, `[plugins."guard@acme"]\nenabled = true\n`);

    // A turn: the bundle's skill, MCP server, hook and TypeScript entry are all in play.
    const turn = await cli("exec", "greet via the bundle");
    assertEquals(turn.code, 0, turn.stderr);
    const first = server.requests[0].body as Body & { tools: { name: string }[] };
    const dev = developerText(first);
    assertIncludes(dev, "<plugins_instructions>\n## Plugins\nA plugin is a local bundle of skills");
    assert.match(
      dev,
      /- greeter:greet: Greet people \(v1\.0\.0\) \(file: r(\d+)\/greeter\/1\.0\.0\/skills\/greet\/SKILL\.md\)/,
    );
    assertIncludes(dev, ` = \`${join(ws.home, "plugins/cache/acme")}\``);
    assertIncludes(dev, "ACME guard: never deploy on Fridays.");
    assert.ok(first.tools.some((t) => t.name === "mcp__greeter-everything__echo"));
    const outputs = (server.requests[1].body as Body).input.filter((i) => i.type === "function_call_output");
    assertIncludes(JSON.stringify(outputs), "Echo: from a bundle");
    assertEquals(readFileSync(hookOut, "utf8"), greeterRoot);

    // The bundle's markdown command, and /plugins, in the interactive session.
    const repl = await runCli([], { cwd: ws.cwd, env: ws.env, stdin: "/plugins\n/greeter:hi Ann\n" });
    assertEquals(repl.code, 0, repl.stderr);
    assertIncludes(repl.stdout, "greeter@acme  1.0.0");
    assertIncludes(repl.stdout, "MCP servers: greeter-everything");
    assertIncludes(repl.stdout, "hooks: SessionStart");
    assertIncludes(
      repl.stdout,
      `TypeScript plugin: ${join(ws.home, "plugins/cache/acme/guard/2.0.0/plugin.ts")}`,
    );
    const last = server.requests.at(-1)!.body as Body;
    assertIncludes(JSON.stringify(last.input.at(-1)), "Say hi to Ann");

    // Upgrade: the organization publishes greeter 1.1.0.
    await writeMarket(work, hookOut, "1.1.0");
    git(work, "commit", "-qam", "v1.1");
    git(work, "push", "-q", bare, "HEAD:main");
    const up = await cli("plugin", "marketplace", "upgrade");
    assertEquals(up.code, 0, up.stderr);
    assertIncludes(up.stdout, "Upgraded marketplace `acme`.");
    assertIncludes(up.stdout, "Updated plugin `greeter` to 1.1.0.");
    assert.ok(existsSync(join(ws.home, "plugins/cache/acme/greeter/1.1.0/skills/greet/SKILL.md")));
    assert.ok(!existsSync(greeterRoot));
    const list = await cli("plugin", "list");
    assert.match(list.stdout, /greeter@acme +installed, enabled +1\.1\.0 /);

    // Remove: the tables go, the comment stays, the bundles contribute nothing.
    assertEquals(
      (await cli("plugin", "remove", "greeter@acme")).stdout,
      "Removed plugin `greeter` from marketplace `acme`.\n",
    );
    assertEquals((await cli("plugin", "remove", "guard@acme")).code, 0);
    assertEquals(
      (await cli("plugin", "marketplace", "remove", "acme")).stdout,
      "Removed marketplace `acme`.\n",
    );
    const after = readFileSync(join(ws.home, "config.toml"), "utf8");
    assertIncludes(after, "# org settings: keep this comment\n");
    assert.ok(!after.includes("acme"), after);
    assert.ok(!existsSync(join(ws.home, "plugins/cache/acme/greeter")));
    const gone = await cli("plugin", "marketplace", "list");
    assertEquals(gone.stdout, "No plugin marketplaces in scope.\n");
  } finally {
    await server.close();
  }
});
