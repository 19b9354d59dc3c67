/**
 * Sessions: rollout files (append-only JSONL).
 * @module
 */
export * from "./rollout.ts";
