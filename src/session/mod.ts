/**
 * Sessions: rollout files (append-only JSONL), reading them back, finding them.
 * @module
 */
export * from "./rollout.ts";
export * from "./reader.ts";
export * from "./list.ts";
export * from "./history.ts";
export { installationId } from "./installation_id.ts";
export * from "./manage.ts";
export * from "./export.ts";
export * from "./writer_lock.ts";
export * from "./reopen.ts";
