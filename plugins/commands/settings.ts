/**
 * Settings commands: `/model`, `/permissions`, `/personality`.
 * @module
 */
import { HOST_CHOICES, type SlashCommand } from "../../mod.ts";

/** Reasoning efforts `/model` accepts (from the config schema). */
export const REASONING_EFFORTS: readonly string[] = HOST_CHOICES.reasoningEfforts;
/** Approval policies `/permissions` accepts. */
export const APPROVAL_POLICIES: readonly string[] = HOST_CHOICES.approvalPolicies;
/** Sandbox modes `/permissions` accepts. */
export const SANDBOX_MODES: readonly string[] = HOST_CHOICES.sandboxModes;
/** `/permissions` presets: name → approval policy and sandbox mode. */
export const PERMISSION_PRESETS: Readonly<Record<string, { approvalPolicy: string; sandboxMode: string }>> = {
  auto: { approvalPolicy: "on-request", sandboxMode: "workspace-write" },
  "full-access": { approvalPolicy: "never", sandboxMode: "danger-full-access" },
};

/** `/model [name [effort]]`. */
export const modelCommand: SlashCommand = {
  name: "model",
  description: "show or switch the model and reasoning effort: /model [name [effort]]",
  args: REASONING_EFFORTS,
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
  args: [...APPROVAL_POLICIES, ...SANDBOX_MODES, ...Object.keys(PERMISSION_PRESETS)],
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

/** `/personality [name]`: shows the personality, or switches it for the rest of the session. */
export const personalityCommand: SlashCommand = {
  name: "personality",
  description: "show or switch the personality (friendly, pragmatic, none)",
  args: HOST_CHOICES.personalities,
  run(args, c) {
    const wanted = args.trim();
    if (!wanted) {
      c.print(`Personality: ${c.session.personality ?? "not set (the model's default style)"}`);
      c.print(
        `Switch with /personality <${
          HOST_CHOICES.personalities.join("|")
        }>, or set personality = "…" in config.toml.`,
      );
      return;
    }
    c.session.setPersonality(wanted);
    c.print(`Personality set to ${wanted} for the rest of this session.`);
  },
};
