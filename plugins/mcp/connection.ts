/**
 * A running MCP client session with one server: started with a deadline, tools listed (all pages),
 * calls with a per-call timeout, serialized unless the server supports parallel calls.
 * @module
 */
import { VERSION } from "../../lib/version.ts";
import {
  type CallToolResult,
  Client,
  ElicitRequestSchema,
  ProgressNotificationSchema,
  type Tool,
} from "./sdk.ts";
import type { ElicitHandler } from "./elicitation.ts";
import type { McpServerSpec } from "./server_config.ts";
import { type OpenedTransport, openTransport } from "./transport.ts";

/** The client name sent in `initialize` (as Codex sends it, so servers treat us alike). */
export const CLIENT_NAME = "codex-mcp-client";

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

function message(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as Error & { code?: unknown }).code;
  const status = typeof code === "number" && code >= 400 && code < 600 ? ` (HTTP ${code})` : "";
  return err.message + status;
}

/** One progress notification of a running call. */
export interface McpProgress {
  progress: number;
  total?: number;
  message?: string;
}

/** Options of one tool call. */
export interface McpCallOptions {
  signal: AbortSignal;
  /** Receives the server's progress notifications (a progress token is sent when set). */
  onProgress?: (progress: McpProgress) => void;
  /** Answers the server's elicitation requests made while this call runs. */
  onElicit?: ElicitHandler;
}

/** A started server. */
export class McpConnection {
  readonly spec: McpServerSpec;
  readonly tools: readonly Tool[];
  #client: Client;
  #opened: OpenedTransport;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;
  /** Elicitation handlers of the calls in flight, newest last (a request goes to the newest). */
  #elicitors: ElicitHandler[] = [];
  /** Progress listeners by the progress token sent with their call. */
  #progress = new Map<string, (progress: McpProgress) => void>();
  #nextToken = 0;

  private constructor(spec: McpServerSpec, client: Client, opened: OpenedTransport, tools: Tool[]) {
    this.spec = spec;
    this.#client = client;
    this.#opened = opened;
    this.tools = tools;
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      const handler = this.#elicitors.at(-1);
      if (!handler) return Promise.resolve({ action: "decline" as const });
      return handler(request.params);
    });
    // Our own routing of progress (instead of the SDK's `onprogress`, which drops a notification that
    // arrives just before the response): the listener stays until the call's promise has settled.
    client.setNotificationHandler(ProgressNotificationSchema, (notification) => {
      const { progressToken, progress, total, message } = notification.params;
      this.#progress.get(String(progressToken))?.({
        progress,
        ...(total !== undefined ? { total } : {}),
        ...(message !== undefined ? { message } : {}),
      });
    });
  }

  /** The server's `instructions` from the initialize result, if any. */
  get instructions(): string | undefined {
    const text = this.#client.getInstructions()?.trim();
    return text ? text : undefined;
  }

  /** Whether the server declared the `resources` capability. */
  get hasResources(): boolean {
    return this.#client.getServerCapabilities()?.resources !== undefined;
  }

  /** The server's name and version from the initialize result. */
  get serverInfo(): { name: string; version: string } | undefined {
    return this.#client.getServerVersion();
  }

  /** One page of the server's resources. */
  listResources(cursor?: string): Promise<{ resources: Record<string, unknown>[]; nextCursor?: string }> {
    return this.#client.listResources(cursor ? { cursor } : {}, { timeout: this.spec.toolTimeoutMs });
  }

  /** One page of the server's resource templates. */
  listResourceTemplates(
    cursor?: string,
  ): Promise<{ resourceTemplates: Record<string, unknown>[]; nextCursor?: string }> {
    return this.#client.listResourceTemplates(cursor ? { cursor } : {}, {
      timeout: this.spec.toolTimeoutMs,
    });
  }

  /** Reads one resource. */
  readResource(uri: string): Promise<{ contents: Record<string, unknown>[] }> {
    return this.#client.readResource({ uri }, { timeout: this.spec.toolTimeoutMs });
  }

  /**
   * Connects, runs the initialize handshake and lists every tool, all within `startupTimeoutMs`.
   * Throws one line naming the server when that fails or takes too long.
   */
  static async start(spec: McpServerSpec, env: (key: string) => string | undefined): Promise<McpConnection> {
    const opened = openTransport(spec.name, spec.transport, env);
    const client = new Client({ name: CLIENT_NAME, title: "Codex", version: VERSION }, {
      capabilities: { elicitation: { form: {} } },
    });
    const ms = spec.startupTimeoutMs;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), ms)));
    const work = (async () => {
      if (opened.oauth?.expired() && spec.transport.type === "streamable_http") {
        // The stored access token has expired: refresh it before the first request.
        const { auth } = await import("../../lib/mcp_oauth/sdk.ts");
        await auth(opened.oauth, { serverUrl: spec.transport.url });
      }
      await client.connect(opened.transport, { timeout: ms });
      const tools: Tool[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor ? { cursor } : {}, { timeout: ms });
        tools.push(...page.tools);
        cursor = page.nextCursor;
      } while (cursor);
      return tools;
    })();
    try {
      const outcome = await Promise.race([work, deadline]);
      if (outcome === "timeout") {
        work.catch(() => {});
        throw new Error(
          `MCP server '${spec.name}' did not start: no answer to the initialize handshake and tools/list within ${
            seconds(ms)
          } (startup_timeout_sec)`,
        );
      }
      return new McpConnection(spec, client, opened, outcome);
    } catch (err) {
      const tail = opened.stderrTail();
      opened.kill();
      await client.close().catch(() => {});
      const text = message(err);
      if (text.startsWith(`MCP server '${spec.name}'`)) throw new Error(text);
      throw new Error(
        `MCP server '${spec.name}' failed to start: ${text}${tail ? ` (stderr: ${tail})` : ""}`,
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** Calls `tool` with `args`, waiting for earlier calls first unless the server supports parallel calls. */
  call(tool: string, args: Record<string, unknown>, options: McpCallOptions): Promise<CallToolResult> {
    const run = () => this.#call(tool, args, options);
    if (this.spec.parallel) return run();
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => {});
    return next;
  }

  async #call(tool: string, args: Record<string, unknown>, options: McpCallOptions): Promise<CallToolResult> {
    if (this.#closed) throw new Error(`MCP server '${this.spec.name}' is closed`);
    const ms = this.spec.toolTimeoutMs;
    const { onProgress, onElicit } = options;
    if (onElicit) this.#elicitors.push(onElicit);
    const token = onProgress ? `${this.spec.name}-${this.#nextToken++}` : undefined;
    if (token !== undefined) this.#progress.set(token, onProgress!);
    try {
      const result = await this.#client.callTool(
        {
          name: tool,
          arguments: args,
          ...(token !== undefined ? { _meta: { progressToken: token } } : {}),
        },
        undefined,
        { timeout: ms, signal: options.signal },
      );
      if ("content" in result && Array.isArray(result.content)) return result as CallToolResult;
      // A pre-2024-11-05 server answers `{ toolResult }`: show it as text.
      return { content: [{ type: "text", text: JSON.stringify(result.toolResult ?? result) }] };
    } catch (err) {
      const text = message(err);
      if (/timed out/i.test(text)) {
        throw new Error(
          `tool '${tool}' of MCP server '${this.spec.name}' timed out after ${
            seconds(ms)
          } (tool_timeout_sec)`,
        );
      }
      throw new Error(`tool '${tool}' of MCP server '${this.spec.name}' failed: ${text}`);
    } finally {
      if (onElicit) this.#elicitors.splice(this.#elicitors.lastIndexOf(onElicit), 1);
      if (token !== undefined) this.#progress.delete(token);
    }
  }

  /** Ends the session and stops the server process. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#opened.kill();
    await this.#client.close().catch(() => {});
  }
}
