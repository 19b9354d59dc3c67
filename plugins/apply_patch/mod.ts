/**
 * The apply-patch plugin: Codex's `apply_patch` tool (freeform by default, a JSON function with
 * `apply_patch_tool_type = "function"`), plus the pieces the CLI's standalone `apply_patch` mode and
 * the shell's PATH helper use.
 * @module
 */
import { definePlugin, type HostConfig as Config, type Plugin } from "../../mod.ts";
import { freeformApplyPatchTool, functionApplyPatchTool } from "./tool.ts";
import { interceptShellPatch } from "./shell_intercept.ts";

/** Which shape of the tool `config` asks for. */
export function applyPatchToolType(config: Config): "freeform" | "function" {
  return config.apply_patch_tool_type ?? "freeform";
}

/** Registers `apply_patch` in the shape the config selects (one tool name, one shape). */
export const applyPatchPlugin: Plugin = definePlugin({
  name: "apply-patch",
  version: "0.1.0",
  api: 1,
  setup(ctx) {
    const type = applyPatchToolType(ctx.config);
    const enabled = (config: Config) => applyPatchToolType(config) === type;
    if (type === "function") ctx.tool({ ...functionApplyPatchTool(), enabled });
    else ctx.tool({ ...freeformApplyPatchTool(), enabled });
    // `apply_patch <<'EOF'` run through the shell is applied here instead of as an opaque command.
    ctx.wrapTool("exec_command", interceptShellPatch);
  },
});

export default applyPatchPlugin;
export { type FileOperation, type PatchPlan, type PlannedWrite, planPatch, summaryText } from "./apply.ts";
export { commitWrites } from "./commit.ts";
export { PatchApplyError, PatchWriteError } from "./errors.ts";
export { APPLY_PATCH_LARK_GRAMMAR } from "./grammar.ts";
export { type Hunk, type ParsedPatch, parsePatch, PatchParseError } from "./parser.ts";
export { applyPatchHelperDir } from "../../lib/apply_patch/path_helper.ts";
export { checkPolicy, PatchRejectedError } from "./policy.ts";
export { type MatchTier, seekSequence } from "./seek.ts";
export { applyPatchText, runStandalone } from "./standalone.ts";
export {
  APPLY_PATCH_TOOL_NAME,
  ApplyPatchParams,
  fileChanges,
  freeformApplyPatchTool,
  functionApplyPatchTool,
  runApplyPatch,
} from "./tool.ts";
