/**
 * A server's elicitation request (`elicitation/create`, form mode) asked through the session's approval
 * prompter: the person sees the server's message and the requested fields; accepting returns the values
 * typed (or the fields' defaults), declining or cancelling tells the server so.
 * @module
 */
import type { ToolContext } from "../../mod.ts";
import type { ElicitRequestParams, ElicitResult } from "./sdk.ts";

/** Answers one elicitation request. */
export type ElicitHandler = (params: ElicitRequestParams) => Promise<ElicitResult>;

/** The handler of elicitation requests made by `server` during a tool call running in `ctx`. */
export function elicitThroughApprover(server: string, tool: string, ctx: ToolContext): ElicitHandler {
  return async (params) => {
    // URL elicitations (open a page) are not offered; with approval `never` no one is there to answer.
    if (params.mode === "url" || ctx.approvalPolicy === "never") return { action: "decline" };
    const schema = params.requestedSchema as unknown as Record<string, unknown>;
    const answer = await ctx.approve({
      kind: "mcp_elicitation",
      tool_name: tool,
      summary: `${server}: ${params.message}`,
      cwd: ctx.cwd,
      reason: params.message,
      form: { message: params.message, schema },
      details: { server, message: params.message, requested_schema: schema },
    });
    if (answer.decision === "abort") return { action: "cancel" };
    if (answer.decision === "denied") return { action: "decline" };
    return { action: "accept", content: formContent(schema, answer.content ?? {}) };
  };
}

type Primitive = string | number | boolean | string[];

/** The values to send: each answered field coerced to its schema type, else the field's default. */
export function formContent(
  schema: Record<string, unknown>,
  answers: Record<string, unknown>,
): Record<string, Primitive> {
  const out: Record<string, Primitive> = {};
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const [key, field] of Object.entries(properties)) {
    const raw = answers[key] ?? field.default;
    if (raw === undefined || raw === "") continue;
    const value = coerce(field, raw);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function coerce(field: Record<string, unknown>, raw: unknown): Primitive | undefined {
  switch (field.type) {
    case "boolean":
      if (typeof raw === "boolean") return raw;
      return /^(y|yes|true|1)$/i.test(String(raw).trim());
    case "number":
    case "integer": {
      const n = Number(raw);
      if (!Number.isFinite(n)) return undefined;
      return field.type === "integer" ? Math.trunc(n) : n;
    }
    case "array":
      return Array.isArray(raw) ? raw.map(String) : String(raw).split(",").map((s) => s.trim());
    default:
      return String(raw);
  }
}
