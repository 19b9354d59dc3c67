/**
 * `codex mcp-server` driven by the MCP SDK's client over stdio (the real CLI process), against the fake
 * Responses server: tools listed, `codex` then `codex-reply` in one process, and `codex-reply` in a new
 * process continuing the thread from its rollout.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { Client, type ElicitResult, StdioClientTransport } from "../../lib/mcp_sdk.ts";
import { functionCallResponse, startFakeServer, textResponse } from "./fake_server.ts";
import { assert, assertEquals } from "../helpers/assert.ts";
import { baseEnv, ENTRY, workspace } from "../helpers/cli.ts";

type Body = { input: { type: string; role?: string; content?: { text?: string }[] }[]; model: string };

async function connect(
  env: Record<string, string>,
  cwd: string,
  elicit?: (params: Record<string, unknown>) => ElicitResult,
  onEvent?: (params: Record<string, unknown>) => void,
): Promise<Client> {
  const transport = new StdioClientTransport({
    command: Deno.execPath(),
    args: ["run", "-A", "--quiet", ENTRY, "mcp-server"],
    env: { ...baseEnv(), ...env },
    cwd,
    stderr: "pipe",
  });
  const client = new Client(
    { name: "mcp-server-test", version: "1.0.0" },
    { capabilities: elicit ? { elicitation: { form: {} } } : {} },
  );
  // A loose schema: the SDK's own ElicitRequestSchema would drop the `codex_*` fields.
  const loose = z.looseObject({ method: z.literal("elicitation/create"), params: z.looseObject({}) });
  if (elicit) client.setRequestHandler(loose, (request) => elicit(request.params));
  const event = z.looseObject({ method: z.literal("codex/event"), params: z.looseObject({}) });
  if (onEvent) client.setNotificationHandler(event, (n) => onEvent(n.params));
  await client.connect(transport);
  return client;
}

/** The user and assistant texts of a request, in order. */
function conversation(body: Body): string[] {
  return body.input.filter((i) => i.type === "message" && (i.role === "user" || i.role === "assistant"))
    .map((i) => `${i.role}: ${i.content?.map((c) => c.text ?? "").join("")}`)
    .filter((t) => !t.startsWith("user: <environment_context>") && !t.startsWith("user: # AGENTS.md"));
}

Deno.test("mcp-server: codex then codex-reply continue one thread, also across processes", async () => {
  const server = startFakeServer([
    textResponse("answer one"),
    textResponse("answer two"),
    textResponse("answer three"),
  ]);
  const ws = workspace(server.url);
  try {
    const events: Record<string, unknown>[] = [];
    const client = await connect(ws.env, ws.cwd, undefined, (e) => events.push(e));
    try {
      const { tools } = await client.listTools();
      assertEquals(tools.map((t) => t.name), ["codex", "codex-reply"]);
      assertEquals(tools[0].inputSchema.required, ["prompt"]);
      assertEquals(tools[0].outputSchema?.required, ["threadId", "content"]);

      const first = await client.callTool({
        name: "codex",
        arguments: { prompt: "first question", cwd: ws.cwd, model: "other-model" },
      });
      const threadId = (first.structuredContent as { threadId: string }).threadId;
      assert.match(threadId, /^[0-9a-f-]{36}$/);
      assertEquals(first.structuredContent, { threadId, content: "answer one" });
      assertEquals(first.content, [{ type: "text", text: "answer one" }]);
      assertEquals(first.isError, undefined);
      assertEquals((server.requests[0].body as Body).model, "other-model");
      assertEquals(events.map((e) => (e.msg as { type: string }).type), [
        "turn.started",
        "item.completed",
        "turn.completed",
      ]);
      assertEquals(events[1].msg, {
        type: "item.completed",
        item: { id: "item_0", type: "agent_message", text: "answer one" },
      });
      assertEquals(events.every((e) => e.threadId === threadId), true);
      assertEquals(new Set(events.map((e) => JSON.stringify(e._meta))).size, 1);

      const second = await client.callTool({
        name: "codex-reply",
        arguments: { threadId, prompt: "second" },
      });
      assertEquals(second.structuredContent, { threadId, content: "answer two" });
      assertEquals(conversation(server.requests[1].body as Body), [
        "user: first question",
        "assistant: answer one",
        "user: second",
      ]);
      assertEquals((server.requests[1].body as Body).model, "other-model");

      const bad = await client.callTool({
        name: "codex-reply",
        arguments: { threadId: "nope", prompt: "x" },
      });
      assertEquals(bad.isError, true);
      assertEquals(bad.content, [{
        type: "text",
        text: `codex-reply: No session found with id nope under ${ws.home}/sessions.`,
      }]);
    } finally {
      await client.close();
    }

    // A new server process continues the thread from its rollout (conversationId is accepted too).
    const threadId = server.requests[0].headers["session-id"];
    const again = await connect(ws.env, ws.cwd);
    try {
      const third = await again.callTool({
        name: "codex-reply",
        arguments: { conversationId: threadId, prompt: "third" },
      });
      assertEquals(third.structuredContent, { threadId, content: "answer three" });
      assertEquals(conversation(server.requests[2].body as Body), [
        "user: first question",
        "assistant: answer one",
        "user: second",
        "assistant: answer two",
        "user: third",
      ]);
    } finally {
      await again.close();
    }
  } finally {
    await server.close();
  }
});

Deno.test("mcp-server: approvals are asked of the client by elicitation", async () => {
  const call = (file: string, id: string) =>
    functionCallResponse([{ name: "exec_command", arguments: { cmd: `touch ${file}` }, call_id: id }]);
  const server = startFakeServer([
    call("approved.txt", "c1"),
    textResponse("made it"),
    call("declined.txt", "c2"),
    textResponse("was refused"),
  ]);
  const ws = workspace(server.url);
  const asked: Record<string, unknown>[] = [];
  const answers: ElicitResult[] = [
    { action: "accept", content: { decision: "approved" } },
    { action: "decline" },
  ];
  try {
    const client = await connect(ws.env, ws.cwd, (params) => {
      asked.push(params);
      return answers[asked.length - 1];
    });
    try {
      const args = { cwd: ws.cwd, "approval-policy": "untrusted", sandbox: "danger-full-access" };
      const first = await client.callTool({ name: "codex", arguments: { ...args, prompt: "make a file" } });
      assertEquals((first.structuredContent as { content: string }).content, "made it");
      assertEquals(existsSync(join(ws.cwd, "approved.txt")), true);
      const threadId = (first.structuredContent as { threadId: string }).threadId;
      assertEquals(asked[0].mode, "form");
      assertEquals(asked[0].threadId, threadId);
      assertEquals(asked[0].codex_elicitation, "exec-approval");
      assertEquals(asked[0].codex_cwd, ws.cwd);
      assert.match(String(asked[0].message), /touch approved\.txt/);

      const second = await client.callTool({
        name: "codex-reply",
        arguments: { threadId, prompt: "another" },
      });
      assertEquals((second.structuredContent as { content: string }).content, "was refused");
      assertEquals(existsSync(join(ws.cwd, "declined.txt")), false);
      assertEquals(asked.length, 2);
      const out =
        (server.requests[3].body as { input: { type: string; call_id?: string; output?: unknown }[] }).input
          .find((i) => i.call_id === "c2" && i.type === "function_call_output");
      assertEquals(out?.output, "exec command rejected by user");
    } finally {
      await client.close();
    }
  } finally {
    await server.close();
  }
});

Deno.test("mcp-server: a downstream MCP server's elicitation is forwarded to our client", async () => {
  const everything = new URL(
    "./mcp/node_modules/@modelcontextprotocol/server-everything/dist/index.js",
    import.meta.url,
  ).pathname;
  const server = startFakeServer([
    functionCallResponse([{
      name: "mcp__everything__trigger-elicitation-request",
      arguments: {},
      call_id: "e1",
    }]),
    textResponse("filled"),
  ]);
  const ws = workspace(
    server.url,
    `[mcp_servers.everything]\ncommand = "node"\nargs = [${JSON.stringify(everything)}, "stdio"]\n`,
  );
  const asked: Record<string, unknown>[] = [];
  try {
    const client = await connect(ws.env, ws.cwd, (params) => {
      asked.push(params);
      return { action: "accept", content: { name: "Grace", check: false } };
    });
    try {
      const args = { cwd: ws.cwd, "approval-policy": "on-request", prompt: "fill it" };
      const result = await client.callTool({ name: "codex", arguments: args });
      assertEquals((result.structuredContent as { content: string }).content, "filled");
      assertEquals(asked.length, 1);
      assertEquals(asked[0].message, "Please provide inputs for the following fields:");
      assertEquals((asked[0].requestedSchema as { required: string[] }).required, ["name"]);
      assertEquals(asked[0].codex_elicitation, "mcp_elicitation");
      type Input = { type: string; call_id?: string; output?: { text: string }[] };
      const out = (server.requests[1].body as { input: Input[] }).input
        .find((i) => i.call_id === "e1" && i.type === "function_call_output")?.output?.map((p) => p.text)
        .join("\n") ?? "";
      assert.ok(out.includes("- Name: Grace"), out);
      assert.ok(out.includes("- Agreed to terms: false"), out);
    } finally {
      await client.close();
    }
  } finally {
    await server.close();
  }
});
