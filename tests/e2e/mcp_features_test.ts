/**
 * End-to-end: MCP progress, approvals by tool annotations, resource tools, server instructions and
 * `/mcp`, through the real CLI process, the fake Responses server and real MCP servers (the reference
 * server-everything and tests/e2e/mcp/hints_server.mjs). Where Codex 0.171 was recorded
 * (tests/fixtures/codex_0171/*.jsonl), the items are compared with the recording.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  chatTextResponse,
  chatToolCallResponse,
  functionCallResponse,
  startFakeServer,
  textResponse,
} from "./fake_server.ts";
import { assert, assertEquals, assertIncludes } from "../helpers/assert.ts";
import { jsonLines, runCli, workspace } from "../helpers/cli.ts";

const MCP_DIR = fileURLToPath(new URL("./mcp/", import.meta.url));
const FIXTURES = fileURLToPath(new URL("../fixtures/codex_0171/", import.meta.url));
const EVERYTHING = join(MCP_DIR, "node_modules/@modelcontextprotocol/server-everything/dist/index.js");
const HINTS = join(MCP_DIR, "hints_server.mjs");

type Body = {
  input: { type: string; role?: string; call_id?: string; output?: unknown; content?: { text: string }[] }[];
  tools: { name?: string; type: string; parameters?: Record<string, unknown>; description?: string }[];
};
type Event = { type: string; item?: Record<string, unknown> };

function server(name: string, script: string, extra = "", args: string[] = []): string {
  return `[mcp_servers.${name}]
command = "node"
args = ${JSON.stringify([script, ...args])}
${extra}
`;
}

/** mcp_tool_call events without ids (ours and the recording number items differently). */
function mcpEvents(events: Event[]): unknown[] {
  return events.filter((e) => e.item?.type === "mcp_tool_call").map((e) => {
    const { id: _id, ...item } = e.item!;
    return { type: e.type, item };
  });
}

function recorded(file: string): Event[] {
  return jsonLines(Deno.readTextFileSync(join(FIXTURES, file))) as Event[];
}

Deno.test("mcp annotations: under approval never, tools that are not read-only and may be destructive or open-world are refused, as 0.171 does", async () => {
  const tools = ["plain", "reader", "wiper", "fetcher", "local"];
  const fake = startFakeServer([
    functionCallResponse(
      tools.map((t, i) => ({ name: `mcp__hints__${t}`, arguments: {}, call_id: `c${i}` })),
    ),
    textResponse("done"),
  ]);
  try {
    const ws = workspace(fake.url, `approval_policy = "never"\n` + server("hints", HINTS));
    const r = await runCli(["exec", "--json", "hi"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    const ours = mcpEvents(jsonLines(r.stdout) as Event[]);
    // Ours runs the calls one after another (the server is not parallel); so does 0.171 here.
    assertEquals(ours, mcpEvents(recorded("mcp_annotations_never.jsonl")));
    const outputs = (fake.requests[1].body as Body).input.filter((i) => i.type === "function_call_output");
    assertEquals(outputs[0].output, "MCP tool call requires approval, but approval policy is never");
  } finally {
    await fake.close();
  }
});

Deno.test("mcp annotations: approval_mode approve runs an unannotated tool under never; prompt asks even for a read-only one", async () => {
  const fake = startFakeServer([
    functionCallResponse([
      { name: "mcp__a__plain", arguments: {}, call_id: "c0" },
      { name: "mcp__b__reader", arguments: {}, call_id: "c1" },
    ]),
    textResponse("done"),
  ]);
  try {
    const ws = workspace(
      fake.url,
      `approval_policy = "never"\n` + server("a", HINTS, `default_tools_approval_mode = "approve"`) +
        server("b", HINTS, `[mcp_servers.b.tools.reader]\napproval_mode = "prompt"`),
    );
    const r = await runCli(["exec", "--json", "hi"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    const done = (jsonLines(r.stdout) as Event[]).filter((e) =>
      e.type === "item.completed" && e.item?.type === "mcp_tool_call"
    ).map((e) => [e.item!.server, e.item!.tool, e.item!.status]);
    assertEquals(done, [["a", "plain", "completed"], ["b", "reader", "failed"]]);
  } finally {
    await fake.close();
  }
});

Deno.test("mcp progress: a progress token is sent and each notification is an mcp_tool_call item.updated", async () => {
  const fake = startFakeServer([
    functionCallResponse([{
      name: "mcp__everything__trigger-long-running-operation",
      arguments: { duration: 0.3, steps: 3 },
      call_id: "c1",
    }]),
    textResponse("done"),
  ]);
  try {
    const ws = workspace(fake.url, server("everything", EVERYTHING, "", ["stdio"]));
    const r = await runCli(["exec", "--json", "go"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    const events = (jsonLines(r.stdout) as Event[]).filter((e) => e.item?.type === "mcp_tool_call");
    assertEquals(events.map((e) => e.type), [
      "item.started",
      "item.updated",
      "item.updated",
      "item.updated",
      "item.completed",
    ]);
    // The last notification arrives just before the result: it must not be lost.
    assertEquals(events.slice(1, 4).map((e) => e.item!.progress), [
      { progress: 1, total: 3 },
      { progress: 2, total: 3 },
      { progress: 3, total: 3 },
    ]);
    assertEquals(events[1].item!.status, "in_progress");
    assertEquals("progress" in events[4].item!, false);
    assertEquals(events[4].item!.status, "completed");
    // The human output shows the progress too.
    const fake2 = startFakeServer([
      functionCallResponse([{
        name: "mcp__everything__trigger-long-running-operation",
        arguments: { duration: 0.2, steps: 2 },
        call_id: "c1",
      }]),
      textResponse("done"),
    ]);
    try {
      const ws2 = workspace(fake2.url, server("everything", EVERYTHING, "", ["stdio"]));
      const h = await runCli(["exec", "go"], { cwd: ws2.cwd, env: ws2.env });
      assertEquals(h.code, 0, h.stderr);
      assertIncludes(h.stdout + h.stderr, "everything.trigger-long-running-operation progress 1/2");
      assertIncludes(h.stdout + h.stderr, "everything.trigger-long-running-operation progress 2/2");
    } finally {
      await fake2.close();
    }
  } finally {
    await fake.close();
  }
});

Deno.test("mcp instructions: a server's initialize instructions reach the model as developer text", async () => {
  const fake = startFakeServer([textResponse("ok")]);
  try {
    const ws = workspace(fake.url, server("hints", HINTS));
    const r = await runCli(["exec", "--json", "hi"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    const body = fake.requests[0].body as Body;
    const developer = body.input.filter((i) => i.role === "developer").flatMap((i) => i.content ?? [])
      .map((c) => c.text).join("\n");
    assertIncludes(
      developer,
      `<mcp_server_instructions server="hints">\nAlways call hints tools with care.\n</mcp_server_instructions>`,
    );
  } finally {
    await fake.close();
  }
});

Deno.test("mcp resources: list/read resources and templates answer like 0.171 (items and outputs)", async () => {
  const fake = startFakeServer([
    functionCallResponse([
      { name: "list_mcp_resources", arguments: { server: "everything" }, call_id: "c1" },
      { name: "list_mcp_resource_templates", arguments: { server: "everything" }, call_id: "c2" },
      {
        name: "read_mcp_resource",
        arguments: { server: "everything", uri: "demo://resource/static/document/architecture.md" },
        call_id: "c3",
      },
      { name: "read_mcp_resource", arguments: { server: "nope", uri: "x://y" }, call_id: "c4" },
      { name: "list_mcp_resources", arguments: { cursor: "abc" }, call_id: "c5" },
      { name: "list_mcp_resources", arguments: {}, call_id: "c6" },
    ]),
    textResponse("done"),
  ]);
  try {
    const ws = workspace(fake.url, server("everything", EVERYTHING, "", ["stdio"]));
    const r = await runCli(["exec", "--json", "hi"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    const tools = (fake.requests[0].body as Body).tools;
    const read = tools.find((t) => t.name === "read_mcp_resource");
    assertEquals(read?.parameters?.required, ["server", "uri"]);
    assert.ok(tools.some((t) => t.name === "list_mcp_resources"));
    assert.ok(tools.some((t) => t.name === "list_mcp_resource_templates"));
    type McpEvent = {
      type: string;
      item: { server: string; arguments: unknown; result: { content: { text: string }[] } };
    };
    const noArgs = (e: unknown) => JSON.stringify((e as McpEvent).item.arguments) === "{}";
    const ours = mcpEvents(jsonLines(r.stdout) as Event[]);
    // 0.171 answered the all-servers listing (its first call) with no resources; ours lists them.
    const theirs = mcpEvents(recorded("mcp_resource_tools.jsonl")).filter((e) => !noArgs(e));
    const sorted = (list: unknown[]) => list.map((e) => JSON.stringify(e)).sort();
    assertEquals(sorted(ours.filter((e) => !noArgs(e))), sorted(theirs));
    const all = ours.find((e) => noArgs(e) && (e as McpEvent).type === "item.completed") as McpEvent;
    assertEquals(all.item.server, "codex");
    const listed = JSON.parse(all.item.result.content[0].text) as { resources: { server: string }[] };
    assert.ok(listed.resources.length > 0 && listed.resources.every((x) => x.server === "everything"));
    const outputs = (fake.requests[1].body as Body).input.filter((i) => i.type === "function_call_output");
    assertEquals(
      outputs.find((o) => o.call_id === "c4")?.output,
      "unknown MCP server 'nope' for the selected environment",
    );
    assertEquals(
      outputs.find((o) => o.call_id === "c5")?.output,
      "cursor can only be used when a server is specified",
    );
  } finally {
    await fake.close();
  }
});

Deno.test("/mcp lists each server's status, auth and tools", async () => {
  const fake = startFakeServer([textResponse("ok")]);
  try {
    const ws = workspace(
      fake.url,
      server("hints", HINTS, `enabled_tools = ["reader", "plain"]`) +
        `[mcp_servers.broken]\ncommand = "/nonexistent/mcp-server"\n` +
        `[mcp_servers.off]\nurl = "http://127.0.0.1:9/mcp"\nenabled = false\n`,
    );
    const r = await runCli([], { cwd: ws.cwd, env: ws.env, stdin: "/mcp\n" });
    assertEquals(r.code, 0, r.stderr);
    const text = r.stdout;
    assertIncludes(
      text,
      "• broken  /nonexistent/mcp-server\n    status: failed: MCP server 'broken' failed to start",
    );
    assertIncludes(
      text,
      `• hints  node ${HINTS}\n    status: started\n    auth: Unsupported\n    tools: plain, reader\n`,
    );
    assertIncludes(text, "• off  http://127.0.0.1:9/mcp\n    status: disabled\n    auth: Unsupported\n");
  } finally {
    await fake.close();
  }
});

const ELICIT_CALL = [{ name: "mcp__everything__trigger-elicitation-request", arguments: {}, call_id: "e1" }];

function elicitOutput(body: Body): string {
  const out = body.input.find((i) => i.type === "function_call_output" && i.call_id === "e1");
  return (out?.output as { text: string }[]).map((p) => p.text).join("\n");
}

Deno.test("mcp elicitation: the server's form is asked through the line prompter and the answers reach it", async () => {
  const fake = startFakeServer([functionCallResponse(ELICIT_CALL), textResponse("thanks")]);
  try {
    const ws = workspace(
      fake.url,
      `approval_policy = "on-request"\n` + server("everything", EVERYTHING, "", ["stdio"]),
    );
    // The prompt, then "y" to the elicitation, then the first two fields (name, check); the rest default.
    const r = await runCli([], { cwd: ws.cwd, env: ws.env, stdin: "fill the form\ny\nAda\nyes\n" });
    assertEquals(r.code, 0, r.stderr);
    const shown = r.stdout + r.stderr;
    assertIncludes(shown, "mcp_elicitation: everything: Please provide inputs for the following fields:");
    assertIncludes(shown, "String (string, required): Your full, legal name> ");
    const text = elicitOutput(fake.requests[1].body as Body);
    assertIncludes(text, "User provided the requested information!");
    assertIncludes(text, "- Name: Ada");
    assertIncludes(text, "- Agreed to terms: true");
    assertIncludes(text, "- Favorite Integer: 42");
  } finally {
    await fake.close();
  }
});

Deno.test("mcp elicitation: under approval never the request is declined without asking", async () => {
  const fake = startFakeServer([functionCallResponse(ELICIT_CALL), textResponse("ok")]);
  try {
    const ws = workspace(
      fake.url,
      `approval_policy = "never"\n` + server("everything", EVERYTHING, "", ["stdio"]),
    );
    const r = await runCli(["exec", "--json", "go"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    assertIncludes(
      elicitOutput(fake.requests[1].body as Body),
      "User declined to provide the requested information.",
    );
  } finally {
    await fake.close();
  }
});

type ChatBody = { tools?: { function: { name: string } }[]; messages: { role: string; content?: unknown }[] };

Deno.test("mcp deferred tools: above the threshold only tool_search is offered; a search loads the matches (responses wire)", async () => {
  const fake = startFakeServer([
    functionCallResponse([{
      name: "tool_search",
      arguments: { query: "celsius to fahrenheit" },
      call_id: "s1",
    }]),
    functionCallResponse([{ name: "mcp__hints__t7", arguments: { value: 21 }, call_id: "c1" }]),
    textResponse("done"),
  ]);
  try {
    const ws = workspace(fake.url, server("hints", HINTS, "", ["many", "50"]));
    const r = await runCli(["exec", "--json", "convert"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    const names = (i: number) => (fake.requests[i].body as Body).tools.map((t) => t.name ?? t.type);
    assertEquals(names(0).filter((n) => n.startsWith("mcp__")), []);
    assert.ok(names(0).includes("tool_search"));
    const search = (fake.requests[1].body as Body).input.find((i) =>
      i.call_id === "s1" && i.type === "function_call_output"
    );
    const found = JSON.parse(String(search?.output)) as { tools: { name: string }[] };
    assertEquals(found.tools[0].name, "mcp__hints__t7");
    assert.ok(found.tools.length <= 8);
    assert.ok(names(1).includes("mcp__hints__t7"));
    assertEquals(names(1).includes("mcp__hints__t8"), false);
    const out = (fake.requests[2].body as Body).input.find((i) =>
      i.call_id === "c1" && i.type === "function_call_output"
    );
    assertEquals((out?.output as { text: string }[])[1].text, "t7(21)");
  } finally {
    await fake.close();
  }
});

Deno.test("mcp deferred tools: at or below tools.mcp_search_threshold every tool is sent and there is no tool_search", async () => {
  const fake = startFakeServer([textResponse("ok")]);
  try {
    const ws = workspace(
      fake.url,
      `[tools]\nmcp_search_threshold = 100\n` + server("hints", HINTS, "", ["many", "50"]),
    );
    const r = await runCli(["exec", "--json", "hi"], { cwd: ws.cwd, env: ws.env });
    assertEquals(r.code, 0, r.stderr);
    const names = (fake.requests[0].body as Body).tools.map((t) => t.name);
    assertEquals(names.filter((n) => n?.startsWith("mcp__hints__")).length, 55);
    assertEquals(names.includes("tool_search"), false);
  } finally {
    await fake.close();
  }
});

Deno.test("mcp deferred tools: tool_search works on the chat wire too", async () => {
  const fake = startFakeServer([
    chatToolCallResponse([{ id: "s1", name: "tool_search", arguments: { query: "celsius", limit: 1 } }]),
    chatToolCallResponse([{ id: "c1", name: "mcp__hints__t7", arguments: { value: 5 } }]),
    chatTextResponse("done"),
  ]);
  try {
    const ws = workspace(
      fake.url,
      `[tools]\nmcp_search_threshold = 3\n` + server("hints", HINTS, "", ["many", "8"]),
    );
    const r = await runCli(["exec", "--json", "-c", 'model_providers.mock.wire_api="chat"', "go"], {
      cwd: ws.cwd,
      env: ws.env,
    });
    assertEquals(r.code, 0, r.stderr);
    const names = (i: number) =>
      ((fake.requests[i].body as ChatBody).tools ?? []).map((t) => t.function.name);
    assert.ok(names(0).includes("tool_search"));
    assertEquals(names(0).filter((n) => n.startsWith("mcp__")), []);
    assertEquals(names(1).filter((n) => n.startsWith("mcp__")), ["mcp__hints__t7"]);
    const tool = (fake.requests[2].body as ChatBody).messages.filter((m) => m.role === "tool").map((m) =>
      JSON.stringify(m.content)
    );
    assert.ok(tool.some((c) => c.includes("t7(5)")), tool.join("\n"));
  } finally {
    await fake.close();
  }
});
