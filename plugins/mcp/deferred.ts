/**
 * Deferred MCP tools: when a session has more MCP tools than `tools.mcp_search_threshold`, they are not
 * sent up front. A `tool_search` function tool (a plain function, so it works on the Responses and the
 * chat wire alike) ranks them with BM25 over name and description and loads the matches: from the next
 * request on they are offered like any tool.
 * @module
 */
import { z } from "zod";
import type { FunctionToolDefinition } from "../../mod.ts";

/** Default number of MCP tools above which they are deferred. */
export const DEFAULT_MCP_SEARCH_THRESHOLD = 40;
/** Default number of matches `tool_search` returns. */
export const DEFAULT_SEARCH_LIMIT = 8;

/** One deferrable tool. */
export interface DeferredEntry {
  /** The model-visible name. */
  name: string;
  server: string;
  tool: string;
  description: string;
}

function tokens(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter((t) => t.length > 0);
}

/** The deferred tools of a session and which of them are loaded. */
export class DeferredTools {
  readonly #entries: DeferredEntry[] = [];
  readonly #docs: string[][] = [];
  readonly #loaded = new Set<string>();

  /** Adds a tool to the searchable set (not loaded). */
  add(entry: DeferredEntry): void {
    this.#entries.push(entry);
    this.#docs.push(tokens(`${entry.server} ${entry.tool} ${entry.tool} ${entry.description}`));
  }

  /** Whether `name` has been loaded by a search. */
  isLoaded(name: string): boolean {
    return this.#loaded.has(name);
  }

  /** The best `limit` matches of `query` by BM25 (k1 1.2, b 0.75); each match is loaded. */
  search(query: string, limit: number): DeferredEntry[] {
    const terms = [...new Set(tokens(query))];
    const n = this.#docs.length;
    if (n === 0 || terms.length === 0) return [];
    const avg = this.#docs.reduce((sum, d) => sum + d.length, 0) / n;
    const df = new Map(terms.map((t) => [t, this.#docs.filter((d) => d.includes(t)).length]));
    const scored = this.#docs.map((doc, i) => {
      let score = 0;
      for (const t of terms) {
        const tf = doc.filter((w) => w === t).length;
        if (tf === 0) continue;
        const idf = Math.log(1 + (n - df.get(t)! + 0.5) / (df.get(t)! + 0.5));
        score += idf * (tf * 2.2) / (tf + 1.2 * (0.25 + 0.75 * doc.length / avg));
      }
      return { i, score };
    }).filter((s) => s.score > 0).sort((a, b) => b.score - a.score || a.i - b.i).slice(0, limit);
    const found = scored.map((s) => this.#entries[s.i]);
    for (const e of found) this.#loaded.add(e.name);
    return found;
  }
}

const SearchParams = z.object({
  limit: z.number().optional().describe("Maximum number of tools to return. Defaults to 8."),
  query: z.string().describe("Search query for deferred tools."),
});

/** The `tool_search` tool over `deferred` (description as Codex 0.171 sends it). */
export function toolSearchTool(deferred: DeferredTools): FunctionToolDefinition<typeof SearchParams> {
  return {
    name: "tool_search",
    description:
      "# Tool discovery\n\nSearches over deferred tool metadata with BM25 and exposes matching tools for the next model call.\n\nSome of the tools may not have been provided to you upfront, and you should use this tool (`tool_search`) to search for the required tools. For MCP tool discovery, always use `tool_search` instead of `list_mcp_resources` or `list_mcp_resource_templates`.",
    parameters: SearchParams,
    parallel: true,
    execute(args) {
      const limit = Math.max(1, Math.floor(args.limit ?? DEFAULT_SEARCH_LIMIT));
      const found = deferred.search(args.query, limit);
      const tools = found.map((e) => ({ name: e.name, server: e.server, description: e.description }));
      return Promise.resolve(JSON.stringify({
        tools,
        note: tools.length === 0
          ? "No deferred tool matched; try other words."
          : "These tools are available from your next call on.",
      }));
    },
  };
}
