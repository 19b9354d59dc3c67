/**
 * `codex sessions export`: a saved session as Markdown (a readable transcript) or JSON (its metadata
 * and every model-visible item).
 * @module
 */
import type { ContentPart, ResponseItem } from "../kernel/model.ts";
import type { RolloutContents } from "./reader.ts";

/** Export formats. */
export const EXPORT_FORMATS = ["markdown", "json"] as const;

/** An export format. */
export type ExportFormat = typeof EXPORT_FORMATS[number];

function text(content: ContentPart[] | string): string {
  if (typeof content === "string") return content;
  return content.map((p) => p.type === "input_image" ? `[image]` : p.text).join("\n");
}

/** Context the CLI adds for the model (environment, AGENTS.md), not typed by the user. */
function isInjected(t: string): boolean {
  return /^\s*<(environment_context|user_instructions|permissions instructions|skills_instructions)>/.test(
    t,
  ) ||
    t.startsWith("# AGENTS.md instructions");
}

function fence(body: string, lang = ""): string {
  const ticks = "`".repeat(Math.max(3, ...[...body.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return `${ticks}${lang}\n${body}\n${ticks}`;
}

function markdownItem(item: ResponseItem): string | undefined {
  switch (item.type) {
    case "message": {
      const t = text(item.content);
      if (item.role === "developer" || item.role === "system" || isInjected(t)) return undefined;
      return `## ${item.role === "user" ? "User" : "Assistant"}\n\n${t}`;
    }
    case "function_call": {
      let args = item.arguments;
      try {
        args = JSON.stringify(JSON.parse(args), null, 2);
      } catch { /* shown as sent */ }
      return `### Tool call: \`${item.name}\`\n\n${fence(args, "json")}`;
    }
    case "custom_tool_call":
      return `### Tool call: \`${item.name}\`\n\n${fence(item.input)}`;
    case "function_call_output":
    case "custom_tool_call_output":
      return `### Tool output\n\n${fence(text(item.output))}`;
    default:
      return undefined;
  }
}

/** Renders a session in `format`. */
export function exportSession(contents: RolloutContents, format: ExportFormat): string {
  const { base_instructions: _omit, ...meta } = contents.meta;
  if (format === "json") {
    return JSON.stringify({ session: meta, usage: contents.usage, items: contents.history }, null, 2) + "\n";
  }
  const lines = [
    `# Session ${meta.id}`,
    "",
    ...(typeof meta.timestamp === "string" ? [`- Started: ${meta.timestamp}`] : []),
    `- Directory: ${meta.cwd}`,
    `- Model provider: ${meta.model_provider}`,
    `- Tokens: ${contents.usage.input_tokens} in, ${contents.usage.output_tokens} out`,
  ];
  for (const item of contents.history) {
    const md = markdownItem(item);
    if (md) lines.push("", md);
  }
  return lines.join("\n") + "\n";
}
