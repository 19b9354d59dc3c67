/**
 * Configuration: config.toml layers, `-c` overrides, profiles, the zod schema and derived settings.
 * @module
 */
export * from "./schema.ts";
export * from "./overrides.ts";
export * from "./validate.ts";
export * from "./layers.ts";
export * from "./resolve.ts";
export * from "./requirements.ts";
export * from "./project_docs.ts";
export * from "./personality.ts";
export * from "./features.ts";
