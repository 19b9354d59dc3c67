import { assertEquals } from "../helpers/assert.ts";
import { pairingError, startFakeServer, textResponse } from "./fake_server.ts";

const call = (id: string) => ({ type: "function_call", call_id: id, name: "exec_command", arguments: "{}" });
const out = (id: string) => ({ type: "function_call_output", call_id: id, output: "ok" });
const user = { type: "message", role: "user", content: [{ type: "input_text", text: "hi" }] };

Deno.test("pairing: calls with outputs pass", () => {
  assertEquals(pairingError({ input: [user, call("a"), call("b"), out("b"), out("a")] }), undefined);
  assertEquals(
    pairingError({
      input: [{ type: "custom_tool_call", call_id: "p", name: "apply_patch", input: "x" }, {
        type: "custom_tool_call_output",
        call_id: "p",
        output: "done",
      }],
    }),
    undefined,
  );
});

Deno.test("pairing: a call without its output gets the API's message", () => {
  assertEquals(
    pairingError({ input: [user, call("call_1"), user] }),
    "No tool output found for function call call_1.",
  );
  assertEquals(
    pairingError({ input: [{ type: "custom_tool_call", call_id: "c9", name: "apply_patch", input: "" }] }),
    "No tool output found for custom tool call c9.",
  );
});

Deno.test("pairing: an output without its call (or before it) gets the API's message", () => {
  assertEquals(
    pairingError({ input: [user, out("call_x")] }),
    "No tool call found for function call output with call_id call_x.",
  );
  assertEquals(
    pairingError({ input: [out("a"), call("a")] }),
    "No tool call found for function call output with call_id a.",
  );
});

Deno.test("pairing: chat completions tool messages must answer tool_calls", () => {
  const assistant = { role: "assistant", tool_calls: [{ id: "t1", type: "function" }, { id: "t2" }] };
  assertEquals(
    pairingError({
      messages: [{ role: "user", content: "x" }, assistant, { role: "tool", tool_call_id: "t1" }],
    }),
    "An assistant message with 'tool_calls' must be followed by tool messages responding to each " +
      "'tool_call_id'. The following tool_call_ids did not have response messages: t2",
  );
  assertEquals(
    pairingError({
      messages: [assistant, { role: "tool", tool_call_id: "t1" }, { role: "tool", tool_call_id: "t2" }],
    }),
    undefined,
  );
  assertEquals(
    pairingError({ messages: [{ role: "user", content: "x" }, { role: "tool", tool_call_id: "t9" }] }),
    "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
  );
});

Deno.test("fake server answers a dangling call with HTTP 400 and keeps the scripted step", async () => {
  const server = startFakeServer([textResponse("hello")]);
  try {
    const bad = await fetch(`${server.url}/responses`, {
      method: "POST",
      body: JSON.stringify({ model: "m", input: [user, call("call_z")] }),
    });
    assertEquals(bad.status, 400);
    assertEquals((await bad.json()).error, {
      message: "No tool output found for function call call_z.",
      type: "invalid_request_error",
      param: "input",
      code: null,
    });
    const good = await fetch(`${server.url}/responses`, {
      method: "POST",
      body: JSON.stringify({ model: "m", input: [user, call("call_z"), out("call_z")] }),
    });
    assertEquals(good.status, 200);
    assertEquals((await good.text()).includes("hello"), true);
    assertEquals(server.rejected, ["No tool output found for function call call_z."]);
  } finally {
    await server.close();
  }
});

Deno.test("fake server: validate false lets a sloppy history through", async () => {
  const server = startFakeServer([textResponse("hello")], { validate: false });
  try {
    const res = await fetch(`${server.url}/responses`, {
      method: "POST",
      body: JSON.stringify({ model: "m", input: [user, call("call_z")] }),
    });
    assertEquals(res.status, 200);
    await res.text();
  } finally {
    await server.close();
  }
});
