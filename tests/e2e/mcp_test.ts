/**
 * End-to-end: MCP servers configured in config.toml (the reference `@modelcontextprotocol/server-everything`
 * over stdio and streamable HTTP, installed by `deno task test` into tests/e2e/mcp) offered to the model through
 * the real CLI process and the fake Responses server.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { functionCallResponse, startFakeServer, textResponse } from "./fake_server.ts";
import { assert, assertEquals, assertIncludes } from "../helpers/assert.ts";
import { jsonLines, runCli, workspace } from "../helpers/cli.ts";

const MCP_DIR = fileURLToPath(new URL("./mcp/", import.meta.url));
const EVERYTHING = join(MCP_DIR, "node_modules/@modelcontextprotocol/server-everything/dist/index.js");
const NODE = "node";

type Body = {
  input: { type: string; call_id?: string; output?: unknown; name?: string }[];
  tools: { name: string; type: string; parameters?: Record<string, unknown> }[];
};

function stdioServer(name: string, extra = ""): string {
  return `[mcp_servers.${name}]
command = "${NODE}"
args = [${JSON.stringify(EVERYTHING)}, "stdio"]
${extra}
`;
}

const USAGE = {
  input_tokens: 20,
  cached_input_tokens: 0,
  cache_write_input_tokens: 0,
  output_tokens: 10,
  reasoning_output_tokens: 0,
};

Deno.test("mcp: a stdio server's tools are offered and a call is an mcp_tool_call item", async () => {
  const server = startFakeServer([
    functionCallResponse([{
      name: "mcp__everything__echo",
      arguments: { message: "hi there" },
      call_id: "c1",
    }]),
    textResponse("Echoed."),
  ]);
  try {
    const ws = workspace(server.url, stdioServer("everything"));
    const r = await runCli(["exec", "--json", "echo something"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    const events = jsonLines(r.stdout);
    const threadId = (events[0] as { thread_id: string }).thread_id;
    const item = {
      id: "item_0",
      type: "mcp_tool_call",
      server: "everything",
      tool: "echo",
      arguments: { message: "hi there" },
    };
    assertEquals(events, [
      { type: "thread.started", thread_id: threadId },
      { type: "turn.started" },
      { type: "item.started", item: { ...item, result: null, error: null, status: "in_progress" } },
      {
        type: "item.completed",
        item: {
          ...item,
          result: { content: [{ type: "text", text: "Echo: hi there" }], structured_content: null },
          error: null,
          status: "completed",
        },
      },
      { type: "item.completed", item: { id: "item_1", type: "agent_message", text: "Echoed." } },
      { type: "turn.completed", usage: USAGE },
    ]);
    const first = server.requests[0].body as Body;
    const echo = first.tools.find((t) => t.name === "mcp__everything__echo");
    assertEquals(echo?.type, "function");
    assertEquals((echo?.parameters?.properties as Record<string, unknown>).message, {
      type: "string",
      description: "Message to echo",
    });
    assert.ok(first.tools.some((t) => t.name === "mcp__everything__get-sum"));
    const second = server.requests[1].body as Body;
    const out = second.input.find((i) => i.type === "function_call_output" && i.call_id === "c1");
    const parts = out?.output as { type: string; text: string }[];
    assertEquals(parts.length, 2);
    assert.match(parts[0].text, /^Wall time: \d+\.\d{4} seconds\nOutput:$/);
    assertEquals(parts[0].type, "input_text");
    assertEquals(parts[1], { type: "input_text", text: "Echo: hi there" });
  } finally {
    await server.close();
  }
});

Deno.test("mcp: enabled_tools / disabled_tools filter what the model sees", async () => {
  const server = startFakeServer([textResponse("ok")]);
  try {
    const ws = workspace(
      server.url,
      stdioServer("a", `enabled_tools = ["echo", "get-sum", "get-env"]\ndisabled_tools = ["get-env"]`) +
        stdioServer("b", `disabled_tools = ["echo"]`),
    );
    const r = await runCli(["exec", "--json", "hi"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    const names = (server.requests[0].body as Body).tools.map((t) => t.name ?? t.type);
    assertEquals(names.filter((n) => n.startsWith("mcp__a__")), ["mcp__a__echo", "mcp__a__get-sum"]);
    const b = names.filter((n) => n.startsWith("mcp__b__"));
    assertEquals(b.includes("mcp__b__echo"), false);
    assertEquals(b.includes("mcp__b__get-sum"), true);
    assertEquals(b.includes("mcp__b__get-env"), true);
  } finally {
    await server.close();
  }
});

Deno.test("mcp: env, env_vars and cwd reach a stdio server; an image result becomes input_image", async () => {
  const server = startFakeServer([
    functionCallResponse([
      { name: "mcp__everything__get-env", arguments: {}, call_id: "c1" },
      { name: "mcp__everything__get-tiny-image", arguments: {}, call_id: "c2" },
    ]),
    textResponse("done"),
  ]);
  try {
    const ws = workspace(
      server.url,
      // A relative script path: found only when `cwd` is applied.
      `[mcp_servers.everything]
command = "${NODE}"
args = ["node_modules/@modelcontextprotocol/server-everything/dist/index.js", "stdio"]
cwd = ${JSON.stringify(MCP_DIR)}
env = { FROM_TABLE = "t1" }
env_vars = ["FROM_PARENT"]
`,
    );
    const r = await runCli(["exec", "--json", "env"], {
      cwd: ws.cwd,
      env: { ...ws.env, FROM_PARENT: "p1", NOT_PASSED: "x" },
    });
    assertEquals(r.code, 0, r.stderr);
    const second = server.requests[1].body as Body;
    const envOut = second.input.find((i) => i.call_id === "c1" && i.type === "function_call_output");
    const envText = (envOut?.output as { text: string }[])[1].text;
    const childEnv = JSON.parse(envText) as Record<string, string>;
    assertEquals([childEnv.FROM_TABLE, childEnv.FROM_PARENT, childEnv.NOT_PASSED], ["t1", "p1", undefined]);
    const imgOut = second.input.find((i) => i.call_id === "c2" && i.type === "function_call_output");
    const parts = imgOut?.output as { type: string; text?: string; image_url?: string }[];
    assertEquals(parts.map((p) => p.type), ["input_text", "input_text", "input_image", "input_text"]);
    assert.match(parts[2].image_url ?? "", /^data:image\/png;base64,[A-Za-z0-9+/=]+$/);
    const items = jsonLines(r.stdout).filter((e) => e.type === "item.completed")
      .map((e) => e.item as { type: string; tool?: string; status?: string });
    assertEquals(items.map((i) => [i.type, i.tool, i.status]), [
      ["mcp_tool_call", "get-env", "completed"],
      ["mcp_tool_call", "get-tiny-image", "completed"],
      ["agent_message", undefined, undefined],
    ]);
  } finally {
    await server.close();
  }
});

Deno.test("mcp: the namespace call form (namespace mcp__<server>, name <tool>) reaches the same tool", async () => {
  const server = startFakeServer([
    functionCallResponse([{
      name: "get-sum",
      namespace: "mcp__everything",
      arguments: { a: 2, b: 40 },
      call_id: "c1",
    }]),
    textResponse("42"),
  ]);
  try {
    const ws = workspace(server.url, stdioServer("everything"));
    const r = await runCli(["exec", "--json", "add"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    const started = jsonLines(r.stdout).find((e) => e.type === "item.completed")?.item as Record<
      string,
      unknown
    >;
    assertEquals(started.type, "mcp_tool_call");
    assertEquals([started.server, started.tool, started.status], ["everything", "get-sum", "completed"]);
    assertEquals(started.arguments, { a: 2, b: 40 });
    const second = server.requests[1].body as Body;
    const out = second.input.find((i) => i.call_id === "c1" && i.type === "function_call_output");
    assertEquals((out?.output as { text: string }[])[1].text, "The sum of 2 and 40 is 42.");
  } finally {
    await server.close();
  }
});

Deno.test("mcp: a failing optional server is a warning and the run goes on", async () => {
  const server = startFakeServer([textResponse("still here")]);
  try {
    const ws = workspace(
      server.url,
      `[mcp_servers.broken]\ncommand = "/nonexistent/mcp-server"\n\n` + stdioServer("everything"),
    );
    const r = await runCli(["exec", "--json", "hi"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    const errors = jsonLines(r.stdout).filter((e) => e.type === "item.completed")
      .map((e) => e.item as { type: string; message?: string }).filter((i) => i.type === "error");
    assertEquals(errors.length, 1);
    assert.match(errors[0].message ?? "", /^MCP server 'broken' failed to start: .*ENOENT/);
    const names = (server.requests[0].body as Body).tools.map((t) => t.name ?? t.type);
    assert.ok(names.includes("mcp__everything__echo"));
    assert.ok(!names.some((n) => n.startsWith("mcp__broken")));
  } finally {
    await server.close();
  }
});

Deno.test("mcp: a failing required server ends the run with one line and exit 1", async () => {
  const server = startFakeServer([textResponse("never")]);
  try {
    const ws = workspace(
      server.url,
      `[mcp_servers.needed]\ncommand = "/nonexistent/mcp-server"\nrequired = true\n`,
    );
    const r = await runCli(["exec", "--json", "hi"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 1);
    assertEquals(r.stdout, "");
    const lines = r.stderr.trimEnd().split("\n");
    assertEquals(lines.length, 1, r.stderr);
    assert.match(lines[0], /^Error: required MCP server 'needed' failed to start: .*ENOENT/);
    assertEquals(server.requests.length, 0);
  } finally {
    await server.close();
  }
});

Deno.test("mcp: startup_timeout_ms bounds a server that never answers", async () => {
  const server = startFakeServer([textResponse("never")]);
  try {
    const ws = workspace(
      server.url,
      `[mcp_servers.silent]\ncommand = "sleep"\nargs = ["600"]\nstartup_timeout_ms = 300\nrequired = true\n`,
    );
    const started = performance.now();
    const r = await runCli(["exec", "--json", "hi"], { cwd: ws.cwd, env: ws.env });
    const elapsed = performance.now() - started;
    assertEquals(r.code, 1);
    assertEquals(
      r.stderr,
      "Error: required MCP server 'silent' did not start: no answer to the initialize handshake and tools/list within 0.3 s (startup_timeout_sec)\n",
    );
    assert.ok(elapsed < 120_000, `took ${elapsed} ms: the CLI waited for the silent server`);
  } finally {
    await server.close();
  }
});

async function startHttpEverything(token: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = new Deno.Command(NODE, {
    args: [join(MCP_DIR, "http_server.mjs")],
    cwd: MCP_DIR,
    env: { MCP_TEST_TOKEN: token },
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!/listening \d+\n/.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`http_server.mjs exited before listening: ${text}`);
    text += value;
  }
  const port = /listening (\d+)/.exec(text)![1];
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    async stop() {
      child.kill("SIGTERM");
      await reader.cancel();
      await child.status;
    },
  };
}

Deno.test("mcp: streamable HTTP with bearer_token_env_var, http_headers and env_http_headers", async () => {
  const mcp = await startHttpEverything("secret-token");
  const server = startFakeServer([
    functionCallResponse([{ name: "mcp__web__echo", arguments: { message: "over http" }, call_id: "c1" }]),
    textResponse("ok"),
    textResponse("without the server"),
    textResponse("without the token"),
  ]);
  try {
    const toml = `[mcp_servers.web]
url = "${mcp.url}"
bearer_token_env_var = "WEB_TOKEN"
http_headers = { "X-Static" = "static" }
env_http_headers = { "X-From-Env" = "FROM_ENV_HEADER" }
`;
    const ws = workspace(server.url, toml);
    const env = { ...ws.env, WEB_TOKEN: "secret-token", FROM_ENV_HEADER: "from-env" };
    const r = await runCli(["exec", "--json", "echo"], { cwd: ws.cwd, env });
    assertEquals(r.code, 0, r.stderr);
    const done = jsonLines(r.stdout).find((e) => e.type === "item.completed")?.item as Record<
      string,
      unknown
    >;
    assertEquals(done, {
      id: "item_0",
      type: "mcp_tool_call",
      server: "web",
      tool: "echo",
      arguments: { message: "over http" },
      result: { content: [{ type: "text", text: "Echo: over http" }], structured_content: null },
      error: null,
      status: "completed",
    });

    // A wrong token: the server answers 401 and the (optional) server becomes a warning.
    const bad = await runCli(["exec", "--json", "echo"], {
      cwd: ws.cwd,
      env: { ...env, WEB_TOKEN: "wrong" },
    });
    assertEquals(bad.code, 0, bad.stderr);
    const warning = jsonLines(bad.stdout).find((e) => e.type === "item.completed")?.item as {
      message: string;
    };
    assert.match(
      warning.message,
      /^MCP server 'web' failed to start: Streamable HTTP error: .*unauthorized \(HTTP 401\)$/,
    );

    // The token variable unset: a clear line naming the server and the variable.
    const unset = await runCli(["exec", "--json", "echo"], {
      cwd: ws.cwd,
      env: { ...ws.env, FROM_ENV_HEADER: "from-env" },
    });
    const msg = (jsonLines(unset.stdout).find((e) =>
      e.type === "item.completed"
    )?.item as { message: string })
      .message;
    assertIncludes(msg, "MCP server 'web'");
    assertIncludes(msg, "WEB_TOKEN (bearer_token_env_var)");
  } finally {
    await server.close();
    await mcp.stop();
  }
});

Deno.test("mcp: tool_timeout_sec fails a slow call as a failed item and the turn goes on", async () => {
  const server = startFakeServer([
    functionCallResponse([{
      name: "mcp__everything__trigger-long-running-operation",
      arguments: { duration: 600, steps: 1 },
      call_id: "c1",
    }]),
    textResponse("gave up"),
  ]);
  try {
    const ws = workspace(server.url, stdioServer("everything", "tool_timeout_sec = 0.3"));
    const started = performance.now();
    const r = await runCli(["exec", "--json", "slow"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    assert.ok(performance.now() - started < 120_000, "the CLI did not wait for the slow call");
    const message =
      "tool 'trigger-long-running-operation' of MCP server 'everything' timed out after 0.3 s (tool_timeout_sec)";
    const done = jsonLines(r.stdout).find((e) => e.type === "item.completed")?.item;
    assertEquals(done, {
      id: "item_0",
      type: "mcp_tool_call",
      server: "everything",
      tool: "trigger-long-running-operation",
      arguments: { duration: 600, steps: 1 },
      result: null,
      error: { message },
      status: "failed",
    });
    const second = server.requests[1].body as Body;
    const out = second.input.find((i) => i.call_id === "c1" && i.type === "function_call_output");
    assertEquals((out?.output as { type: string; text: string }[])[1], { type: "input_text", text: message });
  } finally {
    await server.close();
  }
});

Deno.test("mcp: approval_mode prompt under approval policy never refuses the call; approve overrides", async () => {
  const server = startFakeServer([
    functionCallResponse([
      { name: "mcp__everything__get-sum", arguments: { a: 1, b: 2 }, call_id: "c1" },
      { name: "mcp__everything__echo", arguments: { message: "allowed" }, call_id: "c2" },
    ]),
    textResponse("done"),
  ]);
  try {
    const ws = workspace(
      server.url,
      stdioServer(
        "everything",
        `default_tools_approval_mode = "prompt"\n\n[mcp_servers.everything.tools.echo]\napproval_mode = "approve"\n`,
      ),
    );
    const r = await runCli(["exec", "--json", "sum"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    const items = jsonLines(r.stdout).filter((e) => e.type === "item.completed")
      .map((e) => e.item as { tool?: string; status?: string; error?: unknown });
    const message = "MCP tool call requires approval, but approval policy is never";
    assertEquals(items.slice(0, 2).map((i) => [i.tool, i.status, i.error]), [
      ["get-sum", "failed", { message }],
      ["echo", "completed", null],
    ]);
    const second = server.requests[1].body as Body;
    assertEquals(
      second.input.find((i) => i.call_id === "c1" && i.type === "function_call_output")?.output,
      message,
    );
  } finally {
    await server.close();
  }
});

Deno.test("mcp: tool names are sanitized, bounded to 64 characters and made unique", async () => {
  const { ToolNamer } = await import("../../plugins/mcp/names.ts");
  const namer = new ToolNamer();
  assertEquals(namer.name("my server", "do.thing"), "mcp__my_server__do_thing");
  const twin = namer.name("my.server", "do thing");
  assert.match(twin, /^mcp__my_server__do_thing_[0-9a-f]{12}$/);
  const long = namer.name("s", "x".repeat(80));
  assertEquals(long.length, 64);
  assert.match(long, /^mcp__s__x+_[0-9a-f]{12}$/);
});

Deno.test("mcp: an interactive session with a stdio server ends promptly at end of input", async () => {
  const server = startFakeServer([textResponse("hello")]);
  try {
    const ws = workspace(server.url, stdioServer("everything"));
    const started = performance.now();
    const r = await runCli([], { cwd: ws.cwd, env: ws.env, stdin: "hi\n" });
    assertEquals(r.code, 0, r.stderr);
    // Without the fix the session waits on the (never-ending) server forever; the bound only has to be finite.
    assert.ok(performance.now() - started < 120_000, "the session waited on the MCP server");
    assert.ok((server.requests[0].body as Body).tools.some((t) => t.name === "mcp__everything__echo"));
  } finally {
    await server.close();
  }
});
