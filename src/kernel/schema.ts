/**
 * Zod schemas in the plugin API: tool parameters and plugin config tables are zod schemas, named here
 * so the public API refers to its own types.
 * @module
 */
import type { z } from "zod";

/** A zod schema (tool parameters, a plugin's config table). */
export type Schema = z.ZodType;

/** The type schema `S` parses to (zod's `z.output<S>`). */
export type SchemaOutput<S> = S extends { _zod: { output: infer O } } ? O : unknown;
