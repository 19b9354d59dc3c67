/**
 * `codex mcp-server`: this CLI as an MCP server over stdio. Tool `codex` runs one turn in a new thread
 * (set up exactly like `exec`, recorded as a rollout); `codex-reply` runs another turn in a thread by id,
 * in this process or, after a restart, from its rollout. Both answer with the last agent message as text
 * and `structuredContent {threadId, content}`. While a turn runs, each thread event (the `exec --json`
 * vocabulary) is sent as a `codex/event` notification `{_meta: {requestId}, threadId, msg}`; cancelling the
 * tool call interrupts the turn. The approval policy is `never` unless the call sets one;
 * approvals are asked of the client by elicitation (see approver.ts).
 * @module
 */
import process from "node:process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describeError } from "../../kernel/errors.ts";
import type { Plugin } from "../../kernel/plugin.ts";
import type { ThreadEvent } from "../../kernel/events.ts";
import type { HostThread as Thread } from "../../host/thread.ts";
import { uuidv7 } from "../../kernel/ids.ts";
import { createSession, loadSource, type Session } from "../../host/mod.ts";
import { VERSION } from "../../../lib/version.ts";
import { elicitationApprover } from "./approver.ts";
import { trapSignals } from "../signals.ts";
import {
  CallToolRequestSchema,
  type CallToolResult,
  ListToolsRequestSchema,
  Server,
  StdioServerTransport,
} from "../../../lib/mcp_sdk.ts";

const OUTPUT_SCHEMA = {
  type: "object",
  properties: { threadId: { type: "string" }, content: { type: "string" } },
  required: ["threadId", "content"],
} as const;

/** The tools this server offers. */
export const MCP_SERVER_TOOLS = [
  {
    name: "codex",
    title: "Codex",
    description: "Run a Codex session. Accepts configuration parameters matching the Codex Config struct.",
    inputSchema: {
      type: "object",
      properties: {
        prompt: { type: "string", description: "The initial user prompt to start the Codex conversation." },
        model: { type: "string", description: "Optional override for the model name (e.g. 'gpt-5.5')." },
        profile: { type: "string", description: "Configuration profile from config.toml." },
        cwd: {
          type: "string",
          description: "Working directory for the session (absolute, or relative to the server's).",
        },
        "approval-policy": {
          type: "string",
          enum: ["untrusted", "on-failure", "on-request", "never"],
          description: "Approval policy for shell commands (default never).",
        },
        sandbox: {
          type: "string",
          enum: ["read-only", "workspace-write", "danger-full-access"],
          description: "Sandbox mode.",
        },
        config: {
          type: "object",
          additionalProperties: true,
          description: "Individual config settings that override config.toml (dotted keys).",
        },
        "base-instructions": { type: "string", description: "Replaces the default instructions." },
        "developer-instructions": { type: "string", description: "Developer instructions for the session." },
        "compact-prompt": { type: "string", description: "Prompt used when compacting the conversation." },
      },
      required: ["prompt"],
    },
    outputSchema: OUTPUT_SCHEMA,
  },
  {
    name: "codex-reply",
    title: "Codex Reply",
    description: "Continue a Codex conversation by providing the thread id and prompt.",
    inputSchema: {
      type: "object",
      properties: {
        threadId: { type: "string", description: "The thread id of the conversation to continue." },
        conversationId: { type: "string", description: "Deprecated alias of threadId." },
        prompt: { type: "string", description: "The next user prompt to continue the Codex conversation." },
      },
      required: ["prompt"],
    },
    outputSchema: OUTPUT_SCHEMA,
  },
];

/** A JS value as an inline TOML value (for `-c key=value` overrides). */
export function inlineToml(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(inlineToml).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const pairs = Object.entries(value).map(([k, v]) =>
      `${/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k)} = ${inlineToml(v)}`
    );
    return `{ ${pairs.join(", ")} }`;
  }
  throw new Error(
    `expected a string, number, boolean, array or table, found ${value === null ? "null" : typeof value}`,
  );
}

const str = (args: Record<string, unknown>, key: string): string | undefined => {
  const v = args[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw new Error(`'${key}': expected a string, found ${typeof v}`);
  return v;
};

interface ServedThread {
  session: Session;
  thread: Thread;
  /** The last turn (turns of one thread run one at a time). */
  busy: Promise<unknown>;
  /** The tool call whose turn is running: its events go out as `codex/event` notifications. */
  current: { requestId?: string | number };
}

/** What a tool call handler gets from the SDK besides the request. */
interface CallExtra {
  requestId: string | number;
  signal: AbortSignal;
}

function ok(threadId: string, content: string): CallToolResult {
  return { content: [{ type: "text", text: content }], structuredContent: { threadId, content } };
}

function failure(message: string): CallToolResult {
  return { content: [{ type: "text", text: message }], isError: true };
}

/** Runs the MCP server until stdin closes. Returns the exit code. */
export async function runMcpServer(io: { plugins?: Plugin[] } = {}): Promise<number> {
  const threads = new Map<string, ServedThread>();
  // SIGINT/SIGTERM/SIGHUP: abort running turns (recorded as interrupted), end the sessions' processes,
  // remove temp dirs, exit 130/143/129.
  const shutdown = new AbortController();
  const tempDirs: string[] = [];
  const removeTempDirs = () => {
    for (const dir of tempDirs.splice(0)) {
      try {
        Deno.removeSync(dir, { recursive: true });
      } catch {
        // already gone
      }
    }
  };
  globalThis.addEventListener("unload", removeTempDirs);
  const signals = trapSignals(() => {
    shutdown.abort();
    void server.close();
  });
  const server = new Server(
    { name: "codex-mcp-server", title: "Codex", version: VERSION },
    { capabilities: { tools: {} } },
  );

  const newThread = async (
    flags: Record<string, unknown>,
    previous?: ReturnType<typeof loadSource>,
  ): Promise<ServedThread> => {
    const session = await createSession({ frontEnd: "mcp-server", flags, plugins: io.plugins });
    const threadId = previous?.meta.id ?? uuidv7();
    const approver = elicitationApprover(server, () => threadId);
    const current: ServedThread["current"] = {};
    const emit = (event: ThreadEvent) => {
      if (current.requestId === undefined) return;
      server.notification({
        method: "codex/event",
        params: { _meta: { requestId: current.requestId }, threadId, msg: event },
      }).catch(() => {});
    };
    let thread: Thread;
    try {
      thread = await session.openThread({
        kind: previous ? "resume" : "new",
        previous,
        threadId,
        source: "mcp",
        emit,
        approver,
      });
    } catch (err) {
      await session.close("error");
      throw err;
    }
    const served = { session, thread, busy: Promise.resolve(), current };
    threads.set(thread.id, served);
    return served;
  };

  const runTurn = (served: ServedThread, prompt: string, extra: CallExtra): Promise<CallToolResult> => {
    const turn = served.busy.then(async () => {
      served.current.requestId = extra.requestId;
      const outcome = await served.thread.runTurn(prompt, AbortSignal.any([extra.signal, shutdown.signal]))
        .finally(() => (served.current.requestId = undefined));
      if (outcome.status !== "completed") return failure(outcome.error ?? `turn ${outcome.status}`);
      return ok(served.thread.id, outcome.lastMessage ?? "");
    });
    served.busy = turn.catch(() => {});
    return turn;
  };

  const codex = async (args: Record<string, unknown>, extra: CallExtra): Promise<CallToolResult> => {
    const prompt = str(args, "prompt");
    if (prompt === undefined) throw new Error("'prompt': expected a string, found nothing");
    const overrides: string[] = [];
    const config = args.config ?? {};
    if (typeof config !== "object" || config === null || Array.isArray(config)) {
      throw new Error("'config': expected an object of dotted-key overrides");
    }
    for (const [key, value] of Object.entries(config)) overrides.push(`${key}=${inlineToml(value)}`);
    const developer = str(args, "developer-instructions");
    if (developer !== undefined) overrides.push(`developer_instructions=${inlineToml(developer)}`);
    const compact = str(args, "compact-prompt");
    if (compact !== undefined) overrides.push(`compact_prompt=${inlineToml(compact)}`);
    const base = str(args, "base-instructions");
    if (base !== undefined) {
      const dir = Deno.makeTempDirSync({ prefix: "codex-mcp-" });
      tempDirs.push(dir);
      const file = join(dir, "base_instructions.md");
      writeFileSync(file, base);
      overrides.push(`model_instructions_file=${inlineToml(file)}`);
    }
    const served = await newThread({
      config: overrides,
      model: str(args, "model"),
      profile: str(args, "profile"),
      cd: str(args, "cwd"),
      sandbox: str(args, "sandbox"),
      askForApproval: str(args, "approval-policy"),
    });
    return await runTurn(served, prompt, extra);
  };

  const reply = async (args: Record<string, unknown>, extra: CallExtra): Promise<CallToolResult> => {
    const prompt = str(args, "prompt");
    if (prompt === undefined) throw new Error("'prompt': expected a string, found nothing");
    const id = str(args, "threadId") ?? str(args, "conversationId");
    if (!id) throw new Error("'threadId': expected the id returned by the codex tool, found nothing");
    let served = threads.get(id);
    if (!served) {
      const { defaultCodexHome } = await import("../../config/mod.ts");
      const previous = loadSource(
        { kind: "resume", id, last: false, all: false },
        defaultCodexHome(),
        Deno.cwd(),
      );
      served = await newThread({ cd: previous!.meta.cwd }, previous);
    }
    return await runTurn(served, prompt, extra);
  };

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: MCP_SERVER_TOOLS }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const args = (request.params.arguments ?? {}) as Record<string, unknown>;
    try {
      if (request.params.name === "codex") return await codex(args, extra);
      if (request.params.name === "codex-reply") return await reply(args, extra);
      return failure(`unknown tool '${request.params.name}': expected codex or codex-reply`);
    } catch (err) {
      return failure(`${request.params.name}: ${describeError(err)}`);
    }
  });

  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
    process.stdin.once("end", () => void server.close());
  });
  await server.connect(new StdioServerTransport());
  await closed;
  for (const { busy } of threads.values()) await busy;
  for (const { session } of threads.values()) await session.close("other");
  signals.dispose();
  removeTempDirs();
  return signals.exitCode ?? 0;
}
