/**
 * The kernel: agent loop, plugin registry, hook bus, tool router and the event vocabulary.
 * @module
 */
export * from "./errors.ts";
export * from "./events.ts";
export * from "./items.ts";
export * from "./model.ts";
export * from "./sandbox.ts";
export * from "./tool.ts";
export * from "./hooks.ts";
export * from "./plugin.ts";
export * from "./registry.ts";
export * from "./tool_router.ts";
export * from "./thread.ts";
export * from "./ids.ts";
export * from "./json_schema.ts";
export * from "./tool_state.ts";
export * from "./approval.ts";
export * from "./truncate.ts";
export * from "./compaction.ts";
export * from "./tool_pairs.ts";
