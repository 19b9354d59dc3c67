/**
 * Unit checks of the MCP client's pure rules: approval by annotations, elicitation form values, the
 * pasted OAuth redirect, the `[otel]` export target and BM25 tool search.
 */
import { annotationsNeedApproval } from "./tool.ts";
import { formContent } from "./elicitation.ts";
import { DeferredTools } from "./deferred.ts";
import { codeFromInput } from "../../lib/mcp_oauth/login.ts";
import { parseOtelConfig, traceTarget } from "../otel/config.ts";
import { assert, assertEquals } from "../../tests/helpers/assert.ts";

Deno.test("mcp approval by annotations: destructive wins, then read-only, else destructive or open-world (missing = true)", () => {
  const cases: [Parameters<typeof annotationsNeedApproval>[0], boolean][] = [
    [undefined, true],
    [{}, true],
    [{ readOnlyHint: true }, false],
    [{ readOnlyHint: true, destructiveHint: true }, true],
    [{ destructiveHint: false }, true],
    [{ destructiveHint: false, openWorldHint: false }, false],
    [{ destructiveHint: false, openWorldHint: true }, true],
    [{ readOnlyHint: false, destructiveHint: true, openWorldHint: false }, true],
  ];
  for (const [annotations, expected] of cases) {
    assertEquals(annotationsNeedApproval(annotations), expected, JSON.stringify(annotations));
  }
});

Deno.test("mcp elicitation: answers are coerced to the field types and defaults fill the rest", () => {
  const schema = {
    type: "object",
    properties: {
      name: { type: "string" },
      ok: { type: "boolean" },
      n: { type: "integer", default: 3 },
      x: { type: "number" },
      tags: { type: "array", items: { type: "string" } },
      skipped: { type: "string" },
    },
  };
  assertEquals(formContent(schema, { name: "Ada", ok: "yes", x: "2.5", tags: "a, b" }), {
    name: "Ada",
    ok: true,
    n: 3,
    x: 2.5,
    tags: ["a", "b"],
  });
  assertEquals(formContent(schema, { ok: "no", n: "7.9", x: "not a number" }), { ok: false, n: 7 });
});

Deno.test("mcp oauth: a pasted redirect URL yields its code; an error redirect is an error; a bare code is itself", () => {
  assertEquals(codeFromInput("http://127.0.0.1:5/callback?code=abc&state=s"), "abc");
  assertEquals(codeFromInput("  abc123 \n"), "abc123");
  assertEquals(codeFromInput(""), undefined);
  let message = "";
  try {
    codeFromInput("http://127.0.0.1:5/callback?error=access_denied&error_description=no");
  } catch (err) {
    message = (err as Error).message;
  }
  assertEquals(message, "authorization failed: access_denied (no)");
});

Deno.test("otel config: trace_exporter wins; exporter's /v1/logs becomes /v1/traces; none is off; bad input names the field", () => {
  const http = (endpoint: string) => ({ "otlp-http": { endpoint, headers: { a: "b" } } });
  assertEquals(traceTarget(parseOtelConfig({ exporter: http("http://h:4318/v1/logs") })), {
    url: "http://h:4318/v1/traces",
    headers: { a: "b" },
  });
  assertEquals(
    traceTarget(parseOtelConfig({ exporter: http("http://h/v1/logs"), trace_exporter: http("http://t/x") }))
      ?.url,
    "http://t/x",
  );
  assertEquals(traceTarget(parseOtelConfig({ exporter: "none" })), undefined);
  assertEquals(traceTarget(parseOtelConfig({})), undefined);
  let message = "";
  try {
    parseOtelConfig({ log_user_prompt: "yes" });
  } catch (err) {
    message = (err as Error).message;
  }
  assert.match(message, /^\[otel\] log_user_prompt: /);
});

Deno.test("deferred tools: BM25 ranks by the query's words and loads only the matches", () => {
  const d = new DeferredTools();
  d.add({
    name: "mcp__w__forecast",
    server: "w",
    tool: "forecast",
    description: "Weather forecast for a city.",
  });
  d.add({
    name: "mcp__w__convert",
    server: "w",
    tool: "convert",
    description: "Converts celsius to fahrenheit.",
  });
  d.add({ name: "mcp__f__read", server: "f", tool: "read", description: "Reads a file." });
  assertEquals(d.search("celsius fahrenheit", 8).map((e) => e.name), ["mcp__w__convert"]);
  assertEquals(d.isLoaded("mcp__w__convert"), true);
  assertEquals(d.isLoaded("mcp__w__forecast"), false);
  assertEquals(d.search("unrelated words", 8), []);
  assertEquals(d.search("weather city file", 1).length, 1);
});
