/**
 * Compaction: the model summarizes the conversation so far, and history is rebuilt from the fresh
 * initial context, the most recent user messages (within a token budget) and the summary.
 * @module
 */
import type { MessageItem, ResponseItem } from "../kernel/model.ts";
import { approxTokenCount, truncateMiddle } from "../../lib/truncate.ts";

/** The default instruction for the summarizing request (`compact_prompt` replaces it). */
export const DEFAULT_COMPACT_PROMPT =
  `You are handing this task over to another engineer who will continue it with none of this conversation available. Write a handoff summary of everything they need:
- the goal and what the user asked for, including constraints and preferences they stated;
- what has been done so far, key decisions and why, and the current state of files and commands;
- what remains, as concrete next steps;
- any data that would be costly to rediscover (paths, identifiers, commands, error messages).
Be precise and concise. Do not call tools; answer with the summary only.`;

/** Opens the user message that carries the summary in the rebuilt history. */
export const SUMMARY_PREFIX =
  "Earlier parts of this conversation were compacted. The summary below, written by the assistant at that point, replaces them; continue the work from it.";

/** Token budget for recent user messages kept verbatim. */
export const RECENT_USER_MESSAGES_BUDGET = 20_000;

function textOf(item: MessageItem): string {
  return item.content.map((p) => ("text" in p ? p.text : "")).join("");
}

/** Whether a user message is one the person typed (not injected context or an earlier summary). */
export function isRealUserMessage(item: ResponseItem): item is MessageItem {
  if (item.type !== "message" || item.role !== "user") return false;
  const text = textOf(item);
  return !text.startsWith("# AGENTS.md instructions") && !text.startsWith("<environment_context>") &&
    !text.startsWith(SUMMARY_PREFIX);
}

/** The input of the summarizing request: the whole history plus the compaction instruction. */
export function compactionInput(history: readonly ResponseItem[], prompt: string): ResponseItem[] {
  return [...history, { type: "message", role: "user", content: [{ type: "input_text", text: prompt }] }];
}

/** History after compaction: initial context, recent user messages (oldest first), then the summary. */
export function rebuildHistory(
  initialContext: readonly ResponseItem[],
  history: readonly ResponseItem[],
  summary: string,
  budgetTokens = RECENT_USER_MESSAGES_BUDGET,
): ResponseItem[] {
  const kept: MessageItem[] = [];
  let left = budgetTokens;
  const users = history.filter(isRealUserMessage);
  for (let i = users.length - 1; i >= 0 && left > 0; i--) {
    const text = textOf(users[i]);
    const tokens = approxTokenCount(new TextEncoder().encode(text).length);
    const keptText = tokens <= left ? text : truncateMiddle(text, left).text;
    kept.unshift({ type: "message", role: "user", content: [{ type: "input_text", text: keptText }] });
    left -= tokens;
  }
  const body = summary.trim() === "" ? "(no summary available)" : summary.trim();
  return [
    ...initialContext,
    ...kept,
    { type: "message", role: "user", content: [{ type: "input_text", text: `${SUMMARY_PREFIX}\n${body}` }] },
  ];
}

/** The token count that triggers auto-compaction, or undefined when none is configured. */
export function autoCompactLimit(config: {
  model_auto_compact_token_limit?: number;
  model_context_window?: number;
}): number | undefined {
  const limits = [
    config.model_auto_compact_token_limit,
    config.model_context_window !== undefined ? Math.floor(config.model_context_window * 0.9) : undefined,
  ].filter((n): n is number => n !== undefined);
  return limits.length ? Math.min(...limits) : undefined;
}
