/**
 * Turns a zod schema into the JSON schema sent as a function tool's `parameters`: draft-7, objects
 * closed (`additionalProperties: false`, as Codex sends them), no `$schema`, and without the
 * safe-integer bounds zod adds to every `.int()`.
 * @module
 */
import { z } from "zod";
import type { JsonSchema } from "../kernel/model.ts";

function tidy(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(tidy);
  if (typeof node !== "object" || node === null) return;
  const o = node as Record<string, unknown>;
  if (o.type === "object" && o.properties && o.additionalProperties === undefined) {
    o.additionalProperties = false;
  }
  if (o.maximum === Number.MAX_SAFE_INTEGER) delete o.maximum;
  if (o.minimum === Number.MIN_SAFE_INTEGER) delete o.minimum;
  for (const v of Object.values(o)) tidy(v);
}

/** The JSON schema for a tool's zod parameters. */
export function toolParametersSchema(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { target: "draft-7", io: "input" }) as JsonSchema;
  delete json.$schema;
  tidy(json);
  return json;
}
