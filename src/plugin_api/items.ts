/**
 * The thread items this CLI's tools and providers emit (commands, file changes, MCP calls, web searches,
 * plans), added to the kernel's `ThreadItemTypes` by declaration merging, as Codex's `exec --json`
 * writes them (see shared/spec/codex-formats.md §1.5).
 * @module
 */

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

declare module "../kernel/events.ts" {
  /** The items of this CLI's tools and providers. */
  interface ThreadItemTypes {
    /** A shell command. */
    command_execution: CommandExecutionItem;
    /** A patch. */
    file_change: FileChangeItem;
    /** An MCP tool call. */
    mcp_tool_call: McpToolCallItem;
    /** A provider's web search. */
    web_search: WebSearchItem;
    /** The plan. */
    todo_list: TodoListItem;
  }
}
