/**
 * Sandbox backends and helpers shared by the CLI, tools and tests: binding a backend to a policy,
 * probing and choosing a backend, and the list of built-in backend plugins.
 * @module
 */
export { createSandboxRuntime } from "./runtime.ts";
export {
  byPriority,
  type ChooseOptions,
  chooseSandbox,
  probeSandboxes,
  type SandboxProbe,
} from "./choose.ts";
export { SANDBOX_PLUGINS } from "./builtin.ts";
