/**
 * The resource tools Codex offers when MCP servers are configured: `list_mcp_resources`,
 * `list_mcp_resource_templates` and `read_mcp_resource`. Each call is an `mcp_tool_call` item (server
 * `codex` when no server was named) and answers the model with the JSON Codex 0.171 sends.
 * @module
 */
import { z } from "zod";
import type { FunctionToolDefinition, McpToolCallItem, ToolContext } from "../../mod.ts";
import type { McpConnection } from "./connection.ts";

const ListParams = (what: string, tool: string) =>
  z.object({
    cursor: z.string().optional().describe(
      `Opaque cursor from a previous ${tool} call; omit for the first page.`,
    ),
    server: z.string().optional().describe(
      `MCP server name. Omit to list ${what} from every configured server.`,
    ),
  });

const ListResourcesParams = ListParams("resources", "list_mcp_resources");
const ListTemplatesParams = ListParams("resource templates", "list_mcp_resource_templates");
const ReadParams = z.object({
  server: z.string().describe(
    "MCP server name exactly as configured. Must match the 'server' field returned by list_mcp_resources.",
  ),
  uri: z.string().describe(
    "Resource URI to read. Must be one of the URIs returned by list_mcp_resources.",
  ),
});

function unknownServer(server: string): string {
  return `unknown MCP server '${server}' for the selected environment`;
}

/** Runs `work` as an `mcp_tool_call` item; its JSON result is the model's output. */
async function asItem(
  ctx: ToolContext,
  server: string,
  tool: string,
  args: Record<string, unknown>,
  work: () => Promise<unknown>,
): Promise<{ output: string; success: boolean }> {
  const item = ctx.items.start<Omit<McpToolCallItem, "id">>({
    type: "mcp_tool_call",
    server,
    tool,
    arguments: args,
    result: null,
    error: null,
    status: "in_progress",
  });
  try {
    const text = JSON.stringify(await work());
    item.complete({
      result: { content: [{ type: "text", text }], structured_content: null },
      status: "completed",
    });
    return { output: text, success: true };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    item.complete({ error: { message }, status: "failed" });
    return { output: message, success: false };
  }
}

type Listed = Record<string, unknown>[];

/** Codex's field order of a resource and of a resource template (others follow as the server sent them). */
const RESOURCE_ORDER = ["uri", "name", "title", "description", "mimeType", "size"];
const TEMPLATE_ORDER = ["uriTemplate", "name", "title", "description", "mimeType"];

function ordered(item: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of order) if (key in item) out[key] = item[key];
  for (const [key, value] of Object.entries(item)) if (!(key in out)) out[key] = value;
  return out;
}
type Page = { items: Listed; nextCursor?: string };

function listTool(
  name: string,
  description: string,
  parameters: typeof ListResourcesParams,
  key: "resources" | "resourceTemplates",
  connections: readonly McpConnection[],
  page: (c: McpConnection, cursor?: string) => Promise<Page>,
): FunctionToolDefinition<typeof ListResourcesParams> {
  const byName = new Map(connections.map((c) => [c.spec.name, c]));
  const order = key === "resources" ? RESOURCE_ORDER : TEMPLATE_ORDER;
  const withServer = (server: string, items: Listed) => items.map((r) => ({ server, ...ordered(r, order) }));
  return {
    name,
    description,
    parameters,
    parallel: true,
    async execute(args, ctx) {
      if (args.server !== undefined && !byName.has(args.server)) {
        return { output: unknownServer(args.server), success: false };
      }
      return await asItem(ctx, args.server ?? "codex", name, args, async () => {
        if (args.server === undefined) {
          if (args.cursor !== undefined) {
            throw new Error("cursor can only be used when a server is specified");
          }
          const all: Listed = [];
          for (const c of connections) {
            if (!c.hasResources) continue;
            let cursor: string | undefined;
            do {
              const p = await page(c, cursor);
              all.push(...withServer(c.spec.name, p.items));
              cursor = p.nextCursor;
            } while (cursor);
          }
          return { [key]: all };
        }
        const c = byName.get(args.server)!;
        const p = c.hasResources ? await page(c, args.cursor) : { items: [] };
        return {
          server: args.server,
          [key]: withServer(args.server, p.items),
          ...(p.nextCursor ? { nextCursor: p.nextCursor } : {}),
        };
      });
    },
  };
}

/** The three resource tools over the started servers. */
export function resourceTools(
  connections: readonly McpConnection[],
): [
  FunctionToolDefinition<typeof ListResourcesParams>,
  FunctionToolDefinition<typeof ListTemplatesParams>,
  FunctionToolDefinition<typeof ReadParams>,
] {
  const byName = new Map(connections.map((c) => [c.spec.name, c]));
  return [
    listTool(
      "list_mcp_resources",
      "Lists resources provided by MCP servers. Resources allow servers to share data that provides context to language models, such as files, database schemas, or application-specific information. Prefer resources over web search when possible.",
      ListResourcesParams,
      "resources",
      connections,
      async (c, cursor) => {
        const r = await c.listResources(cursor);
        return { items: r.resources, ...(r.nextCursor ? { nextCursor: r.nextCursor } : {}) };
      },
    ),
    listTool(
      "list_mcp_resource_templates",
      "Lists resource templates provided by MCP servers. Parameterized resource templates allow servers to share data that takes parameters and provides context to language models, such as files, database schemas, or application-specific information. Prefer resource templates over web search when possible.",
      ListTemplatesParams,
      "resourceTemplates",
      connections,
      async (c, cursor) => {
        const r = await c.listResourceTemplates(cursor);
        return { items: r.resourceTemplates, ...(r.nextCursor ? { nextCursor: r.nextCursor } : {}) };
      },
    ),
    {
      name: "read_mcp_resource",
      description: "Read a specific resource from an MCP server given the server name and resource URI.",
      parameters: ReadParams,
      parallel: true,
      async execute(args, ctx) {
        const c = byName.get(args.server);
        if (!c) return { output: unknownServer(args.server), success: false };
        return await asItem(ctx, args.server, "read_mcp_resource", args, async () => {
          const r = await c.readResource(args.uri);
          return { server: args.server, uri: args.uri, contents: r.contents };
        });
      },
    },
  ];
}
