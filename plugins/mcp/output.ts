/**
 * What an MCP tool result becomes: content parts for the model and the `mcp_tool_call` item's result.
 * @module
 */
import type { ContentPart, McpToolCallItem } from "../../mod.ts";
import type { CallToolResult } from "./sdk.ts";

/** The `Wall time` header part that opens every MCP tool output. */
export function wallTimePart(elapsedMs: number): ContentPart {
  return { type: "input_text", text: `Wall time: ${(elapsedMs / 1000).toFixed(4)} seconds\nOutput:` };
}

/** Text blocks become `input_text`, images `input_image` data URLs, anything else its JSON as text. */
export function contentParts(result: CallToolResult): ContentPart[] {
  const parts: ContentPart[] = [];
  for (const block of result.content) {
    if (block.type === "text") parts.push({ type: "input_text", text: block.text });
    else if (block.type === "image") {
      parts.push({ type: "input_image", image_url: `data:${block.mimeType};base64,${block.data}` });
    } else parts.push({ type: "input_text", text: JSON.stringify(block) });
  }
  if (parts.length === 0 && result.structuredContent !== undefined) {
    parts.push({ type: "input_text", text: JSON.stringify(result.structuredContent) });
  }
  return parts;
}

/** The `result` field of a completed `mcp_tool_call` item. */
export function itemResult(result: CallToolResult): NonNullable<McpToolCallItem["result"]> {
  return { content: [...result.content], structured_content: result.structuredContent ?? null };
}
