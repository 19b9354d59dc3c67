/**
 * `codex mcp add|list|get|remove` through the real CLI, and the line-oriented TOML table editor they use:
 * edits leave every byte outside the edited table as it was.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { appendBlock, hasTable, headerPath, removeTable } from "../../src/config/toml_edit.ts";
import { assertEquals } from "../helpers/assert.ts";
import { runCli } from "../helpers/cli.ts";

const ORIGINAL = `# Codex config, hand-written.
model = "gpt-5.5"   # the default model
approval_policy = "on-request"

# A multi-line string holding something that looks like a header:
developer_instructions = """
Be brief.
[mcp_servers.ghost]
command = "not a table"
"""

# The docs server (keep this comment).
[mcp_servers.docs]
command = "npx"
args = ["-y", "docs-mcp"]   # pinned elsewhere

[mcp_servers.docs.env]
# secret comes from the environment
API_KEY = "abc"

# Comment that belongs to the next table.
[mcp_servers."quoted.name"]
url = "https://example.com/mcp"
bearer_token_env_var = "TOK"
enabled = false

[model_providers.gw]
name = "Gateway"   # trailing comment
base_url = "https://llm.example.com/v1"
`;

function home(text: string): { dir: string; path: string; env: Record<string, string> } {
  const dir = Deno.makeTempDirSync({ prefix: "codex-mcp-config-" });
  const path = join(dir, "config.toml");
  writeFileSync(path, text);
  return { dir, path, env: { CODEX_HOME: dir, HOME: dir, PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin" } };
}

Deno.test("toml_edit: header paths, multi-line strings, subtables", () => {
  assertEquals(headerPath("[mcp_servers.docs]"), ["mcp_servers", "docs"]);
  assertEquals(headerPath('  [ mcp_servers . "a.b" ]  # c'), ["mcp_servers", "a.b"]);
  assertEquals(headerPath("[[arr.x]]"), ["arr", "x"]);
  assertEquals(headerPath('key = "[x]"'), undefined);
  assertEquals(hasTable(ORIGINAL, ["mcp_servers", "ghost"]), false);
  assertEquals(hasTable(ORIGINAL, ["mcp_servers", "quoted.name"]), true);
  assertEquals(removeTable(ORIGINAL, ["mcp_servers", "ghost"]), ORIGINAL);
  const block = '[mcp_servers.x]\ncommand = "y"\n\n[mcp_servers.x.env]\nA = "1"\n';
  assertEquals(removeTable(appendBlock(ORIGINAL, block), ["mcp_servers", "x"]), ORIGINAL);
  assertEquals(appendBlock("", block), block);
});

Deno.test("mcp add/get/list/remove: round trip keeps every other byte of config.toml", async () => {
  const h = home(ORIGINAL);
  const add = await runCli([
    "mcp",
    "add",
    "local",
    "--env",
    "A=1",
    "--env",
    "B=x y",
    "--",
    "python3",
    "server.py",
    "--flag",
  ], {
    env: h.env,
  });
  assertEquals([add.code, add.stdout, add.stderr], [0, "Added global MCP server 'local'.\n", ""]);
  const web = await runCli([
    "mcp",
    "add",
    "web",
    "--url",
    "https://mcp.example.com/mcp",
    "--bearer-token-env-var",
    "WEB_TOK",
  ], {
    env: h.env,
  });
  assertEquals([web.code, web.stdout], [0, "Added global MCP server 'web'.\n"]);
  assertEquals(
    readFileSync(h.path, "utf8"),
    ORIGINAL + `
[mcp_servers.local]
command = "python3"
args = ["server.py", "--flag"]

[mcp_servers.local.env]
A = "1"
B = "x y"

[mcp_servers.web]
url = "https://mcp.example.com/mcp"
bearer_token_env_var = "WEB_TOK"
`,
  );

  const get = await runCli(["mcp", "get", "local"], { env: h.env });
  assertEquals(get.code, 0, get.stderr);
  assertEquals(
    get.stdout,
    `local
  enabled: true
  transport: stdio
  command: python3
  args: server.py --flag
  cwd: -
  env: A=*****, B=*****
  remove: codex mcp remove local
`,
  );
  const getJson = await runCli(["mcp", "get", "web", "--json"], { env: h.env });
  assertEquals(JSON.parse(getJson.stdout), {
    name: "web",
    enabled: true,
    disabled_reason: null,
    transport: {
      type: "streamable_http",
      url: "https://mcp.example.com/mcp",
      bearer_token_env_var: "WEB_TOK",
      http_headers: null,
      env_http_headers: null,
      http_headers_helper: null,
    },
    enabled_tools: null,
    disabled_tools: null,
    startup_timeout_sec: null,
    tool_timeout_sec: null,
  });

  const list = await runCli(["mcp", "list"], { env: h.env });
  assertEquals(
    list.stdout,
    `Name   Command  Args              Env               Cwd  Status   Auth
docs   npx      -y docs-mcp       API_KEY=*****     -    enabled  Unsupported
local  python3  server.py --flag  A=*****, B=*****  -    enabled  Unsupported

Name         Url                          Bearer Token Env Var  Status    Auth
quoted.name  https://example.com/mcp      TOK                   disabled  Bearer token
web          https://mcp.example.com/mcp  WEB_TOK               enabled   Bearer token
`,
  );
  const listJson = await runCli(["mcp", "list", "--json"], { env: h.env });
  const entries = JSON.parse(listJson.stdout) as Record<string, unknown>[];
  assertEquals(entries.map((e) => e.name), ["docs", "local", "quoted.name", "web"]);
  assertEquals(entries[1], {
    name: "local",
    enabled: true,
    disabled_reason: null,
    transport: {
      type: "stdio",
      command: "python3",
      args: ["server.py", "--flag"],
      env: { A: "1", B: "x y" },
      env_vars: [],
      cwd: null,
    },
    startup_timeout_sec: null,
    tool_timeout_sec: null,
    auth_status: "unsupported",
  });
  assertEquals(entries[2].enabled, false);
  assertEquals(entries[2].auth_status, "bearer_token");

  for (const name of ["local", "web"]) {
    const rm = await runCli(["mcp", "remove", name], { env: h.env });
    assertEquals([rm.code, rm.stdout], [0, `Removed global MCP server '${name}'.\n`]);
  }
  assertEquals(readFileSync(h.path, "utf8"), ORIGINAL);

  // Removing a hand-written table in the middle takes exactly that table and its subtable.
  const rm = await runCli(["mcp", "remove", "docs"], { env: h.env });
  assertEquals(rm.code, 0, rm.stderr);
  assertEquals(
    readFileSync(h.path, "utf8"),
    ORIGINAL.replace(
      `[mcp_servers.docs]
command = "npx"
args = ["-y", "docs-mcp"]   # pinned elsewhere

[mcp_servers.docs.env]
# secret comes from the environment
API_KEY = "abc"
`,
      "",
    ),
  );
});

Deno.test("mcp add/get/remove: errors name the problem; usage errors exit 2", async () => {
  const h = home(ORIGINAL);
  const cases: [string[], number, string][] = [
    [
      ["mcp", "add", "docs", "--", "x"],
      1,
      `Error: MCP server 'docs' already exists in ${h.path}; remove it first: codex mcp remove docs\n`,
    ],
    [
      ["mcp", "add", "bad.name", "--", "x"],
      1,
      "Error: invalid MCP server name 'bad.name': expected only letters, digits, '-' and '_'\n",
    ],
    [["mcp", "get", "nope"], 1, "Error: no MCP server named 'nope' is configured\n"],
    [["mcp", "remove", "nope"], 1, `Error: no MCP server named 'nope' in ${h.path}\n`],
    [
      ["mcp", "add", "x"],
      2,
      "Error: mcp add: expected a command after -- (stdio) or --url URL (streamable HTTP)\n",
    ],
    [
      ["mcp", "add", "x", "--url", "http://h", "--", "cmd"],
      2,
      "Error: mcp add: expected either a command after -- or --url, found both\n",
    ],
    [
      ["mcp", "add", "x", "--env", "NOEQUALS", "--", "cmd"],
      2,
      "Error: mcp add: --env expects KEY=VALUE, found 'NOEQUALS'\n",
    ],
  ];
  for (const [args, code, stderr] of cases) {
    const r = await runCli(args, { env: h.env });
    assertEquals([r.code, r.stdout, r.stderr], [code, "", stderr], args.join(" "));
  }
  assertEquals(readFileSync(h.path, "utf8"), ORIGINAL);
  const empty = home("");
  const list = await runCli(["mcp", "list"], { env: empty.env });
  assertEquals(list.stdout, "No MCP servers configured yet. Try `codex mcp add my-tool -- my-command`.\n");
  assertEquals((await runCli(["mcp", "list", "--json"], { env: empty.env })).stdout, "[]\n");
});
