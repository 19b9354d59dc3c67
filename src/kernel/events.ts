/**
 * The thread event vocabulary, exactly as Codex's `exec --json` emits it (see shared/spec/codex-formats.md
 * §1.5). Every consumer (JSONL writer, human renderer, session writer, hooks) reads this one stream.
 * @module
 */

/** Token usage, thread-cumulative, as in `turn.completed.usage`. */
export interface Usage {
  input_tokens: number;
  cached_input_tokens: number;
  cache_write_input_tokens: number;
  output_tokens: number;
  reasoning_output_tokens: number;
}

/** A zero usage record. */
export function emptyUsage(): Usage {
  return {
    input_tokens: 0,
    cached_input_tokens: 0,
    cache_write_input_tokens: 0,
    output_tokens: 0,
    reasoning_output_tokens: 0,
  };
}

/** Adds `b` into `a` in place and returns `a`. */
export function addUsage(a: Usage, b: Usage): Usage {
  a.input_tokens += b.input_tokens;
  a.cached_input_tokens += b.cached_input_tokens;
  a.cache_write_input_tokens += b.cache_write_input_tokens;
  a.output_tokens += b.output_tokens;
  a.reasoning_output_tokens += b.reasoning_output_tokens;
  return a;
}

/** Final assistant text of a turn. */
export interface AgentMessageItem {
  id: string;
  type: "agent_message";
  text: string;
}

/** Reasoning summary text (parts joined with "\n"). */
export interface ReasoningItem {
  id: string;
  type: "reasoning";
  text: string;
}

/** A shell command run by a tool. `exit_code` is null while running. */
export interface CommandExecutionItem {
  id: string;
  type: "command_execution";
  command: string;
  aggregated_output: string;
  exit_code: number | null;
  status: "in_progress" | "completed" | "failed" | "declined";
}

/** One file touched by a patch. `path` is absolute; a move is an `update`. */
export interface FileUpdateChange {
  path: string;
  kind: "add" | "delete" | "update";
}

/** A patch applied (or attempted) by a tool. */
export interface FileChangeItem {
  id: string;
  type: "file_change";
  changes: FileUpdateChange[];
  status: "in_progress" | "completed" | "failed";
  /** The patch text, for front ends that show the change (not in `exec --json`). */
  patch?: string;
}

/** A call to an MCP server's tool. */
export interface McpToolCallItem {
  id: string;
  type: "mcp_tool_call";
  server: string;
  tool: string;
  arguments: unknown;
  result: { content: unknown[]; structured_content: unknown } | null;
  error: { message: string } | null;
  status: "in_progress" | "completed" | "failed";
}

/** A web search performed by the provider. */
export interface WebSearchItem {
  id: string;
  type: "web_search";
  query: string;
  action?: Record<string, unknown>;
}

/** One plan entry. */
export interface TodoEntry {
  text: string;
  completed: boolean;
  /** The step's status, for front ends that show more than done/not done (not in `exec --json`). */
  status?: "pending" | "in_progress" | "completed";
}

/** The agent's plan, driven by the `update_plan` tool. */
export interface TodoListItem {
  id: string;
  type: "todo_list";
  items: TodoEntry[];
  /** Why the plan changed, as the model said (not in `exec --json`). */
  explanation?: string;
}

/** A non-fatal problem shown to the user (config warnings, hook failures). */
export interface ErrorItem {
  id: string;
  type: "error";
  message: string;
}

/** Any item of a thread. */
export type ThreadItem =
  | AgentMessageItem
  | ReasoningItem
  | CommandExecutionItem
  | FileChangeItem
  | McpToolCallItem
  | WebSearchItem
  | TodoListItem
  | ErrorItem;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An item before the kernel has given it an id. */
export type ItemPayload = DistributiveOmit<ThreadItem, "id">;

/** Every event of a thread, as serialized by `exec --json`. */
export type ThreadEvent =
  | { type: "thread.started"; thread_id: string }
  | { type: "turn.started" }
  | { type: "item.started"; item: ThreadItem }
  | { type: "item.updated"; item: ThreadItem }
  | { type: "item.completed"; item: ThreadItem }
  | { type: "turn.completed"; usage: Usage }
  | { type: "turn.failed"; error: { message: string } }
  | { type: "error"; message: string };

/** A consumer of thread events. */
export type EventSink = (event: ThreadEvent) => void;
