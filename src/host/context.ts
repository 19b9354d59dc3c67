/**
 * The model-visible context that opens a thread: base instructions and permissions as developer
 * messages, then user instructions (AGENTS.md) and the environment context as a user message.
 * @module
 */
import type { MessageItem } from "../kernel/model.ts";
import type { SandboxPolicy } from "../plugin_api/sandbox.ts";

/** Inputs of `buildInitialContext`. */
export interface ContextInputs {
  baseInstructions: string;
  developerInstructions?: string;
  /** Already-assembled user instructions (AGENTS.md text), if any. */
  userInstructions?: string;
  cwd: string;
  shell: string;
  approvalPolicy: string;
  sandbox: SandboxPolicy;
  now?: Date;
  timezone?: string;
  /** Whether the permissions text opens the developer message (`include_permissions_instructions`, default true). */
  includePermissions?: boolean;
  /** Whether the `<environment_context>` block is sent (`include_environment_context`, default true). */
  includeEnvironment?: boolean;
}

function text(t: string) {
  return { type: "input_text" as const, text: t };
}

/** A short statement of what commands may do, so the model plans within the policy. */
export function permissionsText(sandbox: SandboxPolicy, approvalPolicy: string): string {
  const fs = sandbox.mode === "danger-full-access"
    ? "Filesystem sandboxing: none. Commands run with full access."
    : sandbox.mode === "read-only"
    ? "Filesystem sandboxing: read-only. Commands may read any file but cannot write."
    : `Filesystem sandboxing: workspace-write. Commands may write only under: ${
      sandbox.writableRoots.join(", ")
    }` +
      (sandbox.readOnlyPaths.length ? `; these stay read-only: ${sandbox.readOnlyPaths.join(", ")}` : "") +
      ".";
  const net = `Network access: ${sandbox.networkAccess ? "enabled" : "restricted"}.`;
  const approvals = approvalPolicy === "never"
    ? "Approval policy: never. You cannot ask the user for approval; work within these limits."
    : `Approval policy: ${approvalPolicy}.`;
  return `<permissions instructions>\n${fs}\n${net}\n${approvals}\n</permissions instructions>`;
}

/** The `<environment_context>` block. */
export function environmentContext(inputs: ContextInputs): string {
  const now = inputs.now ?? new Date();
  const tz = inputs.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC";
  const date = now.toLocaleDateString("en-CA", { timeZone: tz });
  return [
    "<environment_context>",
    `  <cwd>${inputs.cwd}</cwd>`,
    `  <shell>${inputs.shell.split("/").pop()}</shell>`,
    `  <current_date>${date}</current_date>`,
    `  <timezone>${tz}</timezone>`,
    "</environment_context>",
  ].join("\n");
}

/** The items that start every thread's history. */
export function buildInitialContext(inputs: ContextInputs): MessageItem[] {
  const developer: MessageItem = { type: "message", role: "developer", content: [] };
  if (inputs.includePermissions !== false) {
    developer.content.push(text(permissionsText(inputs.sandbox, inputs.approvalPolicy)));
  }
  if (inputs.developerInstructions) developer.content.push(text(inputs.developerInstructions));
  const user: MessageItem = { type: "message", role: "user", content: [] };
  if (inputs.userInstructions) {
    user.content.push(
      text(
        `# AGENTS.md instructions for ${inputs.cwd}\n\n<INSTRUCTIONS>\n${inputs.userInstructions}\n</INSTRUCTIONS>`,
      ),
    );
  }
  if (inputs.includeEnvironment !== false) user.content.push(text(environmentContext(inputs)));
  return [
    { type: "message", role: "developer", content: [text(inputs.baseInstructions)] },
    ...[developer, user].filter((m) => m.content.length > 0),
  ];
}
