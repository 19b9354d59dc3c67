/**
 * The model-visible context that opens a thread: base instructions and permissions as developer
 * messages, then user instructions (AGENTS.md) and the environment context as a user message.
 * @module
 */
import type { MessageItem } from "../kernel/model.ts";
import type { SandboxPolicy } from "../kernel/sandbox.ts";

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

/** The parts of `Temporal` (in Deno without flags) read here. */
interface TemporalNow {
  Now: { timeZoneId(): string; plainDateISO(zone: string): { toString(): string } };
}

function temporal(): TemporalNow | undefined {
  return (globalThis as { Temporal?: TemporalNow }).Temporal;
}

/**
 * The system's IANA time zone, as `Intl.DateTimeFormat().resolvedOptions().timeZone` names it (else
 * `UTC`). The first `Intl.DateTimeFormat` costs about 100 ms (ICU's formatting data), `Temporal` a tenth
 * of that; both name the zone /etc/localtime links to the same canonical way, so `Temporal` answers when
 * TZ is unset and /etc/localtime is a symlink, `Intl` otherwise.
 */
export function localTimeZone(): string {
  const t = temporal();
  if (t && Deno.env.get("TZ") === undefined) {
    try {
      if (Deno.lstatSync("/etc/localtime").isSymlink) return t.Now.timeZoneId();
    } catch { /* no /etc/localtime: ask Intl */ }
  }
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC";
}

/** Today's date in `zone` as YYYY-MM-DD (what `toLocaleDateString("en-CA")` prints). */
export function today(zone: string): string {
  try {
    const t = temporal();
    if (t) return t.Now.plainDateISO(zone).toString();
  } catch { /* a zone Temporal does not know: ask Intl */ }
  return new Date().toLocaleDateString("en-CA", { timeZone: zone });
}

/** The `<environment_context>` block. */
export function environmentContext(inputs: ContextInputs): string {
  const tz = inputs.timezone ?? localTimeZone();
  const date = inputs.now ? inputs.now.toLocaleDateString("en-CA", { timeZone: tz }) : today(tz);
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
