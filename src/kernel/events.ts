/**
 * The thread event vocabulary, exactly as Codex's `exec --json` emits it (see shared/spec/codex-formats.md
 * §1.5). Every consumer (JSONL writer, human renderer, session writer, hooks) reads this one stream.
 * @module
 */

/** Token usage, thread-cumulative, as in `turn.completed.usage`. */
export interface Usage {
  /** Input tokens. */
  input_tokens: number;
  /** Input tokens served from the prompt cache. */
  cached_input_tokens: number;
  /** Input tokens written to the prompt cache. */
  cache_write_input_tokens: number;
  /** Output tokens. */
  output_tokens: number;
  /** Output tokens spent on reasoning. */
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
  /** Identifier. */
  id: string;
  /** The item type. */
  type: "agent_message";
  /** The text. */
  text: string;
}

/** Reasoning summary text (parts joined with "\n"). */
export interface ReasoningItem {
  /** Identifier. */
  id: string;
  /** The item type. */
  type: "reasoning";
  /** The text. */
  text: string;
}

/** A shell command run by a tool. `exit_code` is null while running. */
export interface CommandExecutionItem {
  /** Identifier. */
  id: string;
  /** The item type. */
  type: "command_execution";
  /** The command line as shown to the user. */
  command: string;
  /** Combined stdout and stderr so far. */
  aggregated_output: string;
  /** Exit code, null while running or when killed. */
  exit_code: number | null;
  /** Lifecycle status. */
  status: "in_progress" | "completed" | "failed" | "declined";
}

/** One file touched by a patch. `path` is absolute; a move is an `update`. */
export interface FileUpdateChange {
  /** Absolute path. */
  path: string;
  /** Kind of change or definition. */
  kind: "add" | "delete" | "update";
}

/** A patch applied (or attempted) by a tool. */
export interface FileChangeItem {
  /** Identifier. */
  id: string;
  /** The item type. */
  type: "file_change";
  /** The files changed. */
  changes: FileUpdateChange[];
  /** Lifecycle status. */
  status: "in_progress" | "completed" | "failed";
  /** The patch text, for front ends that show the change (not in `exec --json`). */
  patch?: string;
}

/** A call to an MCP server's tool. */
export interface McpToolCallItem {
  /** Identifier. */
  id: string;
  /** The item type. */
  type: "mcp_tool_call";
  /** MCP server name. */
  server: string;
  /** Tool name. */
  tool: string;
  /** Arguments (JSON text for function calls). */
  arguments: unknown;
  /** The result, null until it completes or when it failed. */
  result: { content: unknown[]; structured_content: unknown } | null;
  /** The error, null unless it failed. */
  error: { message: string } | null;
  /** Lifecycle status. */
  status: "in_progress" | "completed" | "failed";
  /** The server's latest progress notification (only on `item.updated` events while running). */
  progress?: { progress: number; total?: number; message?: string };
}

/** A web search performed by the provider. */
export interface WebSearchItem {
  /** Identifier. */
  id: string;
  /** The item type. */
  type: "web_search";
  /**
   * The provider's own id of the call (`ws_…`). `exec --json` writes it as a second `id` key right after
   * `type`, as Codex does.
   */
  provider_id?: string;
  /** The search query. */
  query: string;
  /** The search action as reported by the model. */
  action?: Record<string, unknown>;
}

/** One plan entry. */
export interface TodoEntry {
  /** The text. */
  text: string;
  /** Whether the step is done. */
  completed: boolean;
  /** The step's status, for front ends that show more than done/not done (not in `exec --json`). */
  status?: "pending" | "in_progress" | "completed";
}

/** The agent's plan, driven by the `update_plan` tool. */
export interface TodoListItem {
  /** Identifier. */
  id: string;
  /** The item type. */
  type: "todo_list";
  /** The plan steps. */
  items: TodoEntry[];
  /** Why the plan changed, as the model said (not in `exec --json`). */
  explanation?: string;
}

/** A non-fatal problem shown to the user (config warnings, hook failures). */
export interface ErrorItem {
  /** Identifier. */
  id: string;
  /** The item type. */
  type: "error";
  /** The message. */
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

/** `Omit` applied to each member of a union. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

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
