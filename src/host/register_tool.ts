/**
 * `ctx.tool`: turns a plugin's tool definition into the kernel's registered tool, its wire spec (the
 * zod parameters as JSON schema) and an invoker that validates the model's raw input.
 * @module
 */
import type { z } from "zod";
import type { SchemaOutput } from "../kernel/schema.ts";
import type { RegisteredTool, ToolResult } from "../kernel/tool.ts";
import type { CustomToolDefinition, FunctionToolDefinition } from "../plugin_api/tools.ts";
import { toolParametersSchema } from "./json_schema.ts";

function normalizeResult(result: ToolResult | string): ToolResult {
  return typeof result === "string" ? { output: result, success: true } : result;
}

/** The issues of a zod error as one line (`path: message; …`). */
export function zodIssuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join(".") + ": " : ""}${i.message}`).join("; ");
}

/** Wraps a tool definition into its wire spec and a validating invoker. */
export function registerTool<S extends z.ZodType>(
  def: FunctionToolDefinition<S> | CustomToolDefinition,
  owner: string = def.name,
): RegisteredTool {
  const enabled = def.enabled ?? (() => true);
  const parallel = def.parallel ?? false;
  if (def.kind === "custom") {
    return {
      name: def.name,
      hookNames: [def.name, ...(def.hookNames ?? [])],
      owner,
      kind: "custom",
      spec: {
        type: "custom",
        name: def.name,
        description: def.description,
        ...(def.format ? { format: def.format } : {}),
      },
      parallel,
      enabled,
      parseInput: (raw) => raw,
      invoke: async (raw, ctx) => normalizeResult(await def.execute(raw, ctx)),
    };
  }
  const schema = def.jsonSchema ?? toolParametersSchema(def.parameters);
  const parseInput = (raw: string): unknown => {
    try {
      return JSON.parse(raw || "{}");
    } catch {
      return raw;
    }
  };
  return {
    name: def.name,
    hookNames: [def.name, ...(def.hookNames ?? [])],
    owner,
    kind: "function",
    spec: {
      type: "function",
      name: def.name,
      description: def.description,
      strict: false,
      parameters: schema,
    },
    parallel,
    enabled,
    parseInput,
    invoke: async (raw, ctx) => {
      let json: unknown;
      try {
        json = JSON.parse(raw || "{}");
      } catch (err) {
        return { output: `failed to parse function arguments: ${(err as Error).message}`, success: false };
      }
      const parsed = def.parameters.safeParse(json);
      if (!parsed.success) {
        return {
          output: `failed to parse function arguments: ${zodIssuesText(parsed.error)}`,
          success: false,
        };
      }
      return normalizeResult(await def.execute(parsed.data as SchemaOutput<S>, ctx));
    },
  };
}
