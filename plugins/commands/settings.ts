/**
 * Settings commands: `/model`, `/permissions`, `/personality`.
 * @module
 */
import { ApprovalPolicySchema, ConfigSchema, SandboxModeSchema } from "../../src/config/schema.ts";
import type { SlashCommand } from "../../src/kernel/plugin.ts";

/** Reasoning efforts `/model` accepts (from the config schema). */
export const REASONING_EFFORTS: readonly string[] =
  ConfigSchema.shape.model_reasoning_effort.unwrap().options;
/** Approval policies `/permissions` accepts. */
export const APPROVAL_POLICIES: readonly string[] = ApprovalPolicySchema.options;
/** Sandbox modes `/permissions` accepts. */
export const SANDBOX_MODES: readonly string[] = SandboxModeSchema.options;
/** `/permissions` presets: name → approval policy and sandbox mode. */
export const PERMISSION_PRESETS: Readonly<Record<string, { approvalPolicy: string; sandboxMode: string }>> = {
  auto: { approvalPolicy: "on-request", sandboxMode: "workspace-write" },
  "full-access": { approvalPolicy: "never", sandboxMode: "danger-full-access" },
};

/** `/model [name [effort]]`. */
export const modelCommand: SlashCommand = {
  name: "model",
  description: "show or switch the model and reasoning effort: /model [name [effort]]",
  run(args, c) {
    const [model, effort, ...extra] = args.trim().split(/\s+/).filter(Boolean);
    if (!model) {
      c.print(`Model: ${c.session.model}`);
      c.print(`Reasoning effort: ${c.session.reasoningEffort ?? "default"}`);
      c.print(`Switch with /model <name> [${REASONING_EFFORTS.join("|")}].`);
      return;
    }
    if (extra.length > 0) {
      c.print(`Usage: /model <name> [effort]; found extra arguments: ${extra.join(" ")}`);
      return;
    }
    if (effort !== undefined && !REASONING_EFFORTS.includes(effort)) {
      c.print(`Reasoning effort: expected one of ${REASONING_EFFORTS.join(", ")}, found '${effort}'.`);
      return;
    }
    c.session.setModel(model, effort);
    c.print(`Model set to ${model}${effort ? ` with ${effort} reasoning effort` : ""} for the next turns.`);
  },
};

/** `/permissions [approval] [sandbox]` (either order) or a preset. */
export const permissionsCommand: SlashCommand = {
  name: "permissions",
  description: "show or set the approval policy and sandbox mode: /permissions [approval] [sandbox]",
  run(args, c) {
    const words = args.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) {
      c.print(`Approval policy: ${c.session.approvalPolicy}`);
      c.print(`Sandbox mode: ${c.session.sandboxMode}`);
      c.print(
        `Change with /permissions [${APPROVAL_POLICIES.join("|")}] [${SANDBOX_MODES.join("|")}], ` +
          `or a preset: ${Object.keys(PERMISSION_PRESETS).join(", ")}.`,
      );
      return;
    }
    const change: { approvalPolicy?: string; sandboxMode?: string } = {};
    for (const word of words) {
      const preset = PERMISSION_PRESETS[word];
      const slot = preset
        ? undefined
        : APPROVAL_POLICIES.includes(word)
        ? "approvalPolicy"
        : SANDBOX_MODES.includes(word)
        ? "sandboxMode"
        : undefined;
      if (!preset && !slot) {
        c.print(
          `Expected an approval policy (${APPROVAL_POLICIES.join(", ")}), a sandbox mode ` +
            `(${SANDBOX_MODES.join(", ")}) or a preset (${Object.keys(PERMISSION_PRESETS).join(", ")}), ` +
            `found '${word}'.`,
        );
        return;
      }
      const updates = preset ?? { [slot!]: word };
      for (const [key, value] of Object.entries(updates) as [keyof typeof change, string][]) {
        if (change[key] !== undefined && change[key] !== value) {
          c.print(
            `Conflicting values for ${key === "approvalPolicy" ? "approval policy" : "sandbox mode"}: '${
              change[key]
            }' and '${value}'.`,
          );
          return;
        }
        change[key] = value;
      }
    }
    c.session.setPermissions(change);
    c.print(`Approval policy: ${c.session.approvalPolicy}; sandbox mode: ${c.session.sandboxMode}.`);
  },
};

/** Personalities Codex knows. */
export const PERSONALITIES: readonly string[] = ["friendly", "pragmatic", "none"];

/** `/personality [name]`: shows the configured personality; it cannot change mid-session. */
export const personalityCommand: SlashCommand = {
  name: "personality",
  description: "show the configured personality (friendly, pragmatic, none)",
  run(args, c) {
    const wanted = args.trim();
    const current = c.config.personality;
    c.print(`Personality: ${current ?? "not set (the model's default style)"}`);
    if (wanted) {
      const known = PERSONALITIES.includes(wanted)
        ? ""
        : ` (known values: ${PERSONALITIES.join(", ")}; found '${wanted}')`;
      c.print(
        `It cannot be changed during a session${known}. Start a new one with -c personality=${wanted}, or set`,
      );
      c.print(`personality = "${wanted}" in config.toml.`);
    } else {c.print(
        `Set it with -c personality=<${PERSONALITIES.join("|")}> or personality = "…" in config.toml.`,
      );}
  },
};
