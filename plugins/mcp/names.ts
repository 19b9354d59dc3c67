/**
 * Model-visible names of MCP tools: `mcp__<server>__<tool>`, restricted to the Responses API's name
 * charset and length, unique within a session.
 * @module
 */
import { sha1Hex } from "../../lib/hash.ts";

/** The delimiter between `mcp`, the server name and the tool name. */
export const MCP_DELIMITER = "__";
/** The longest tool name the Responses API accepts. */
export const MAX_TOOL_NAME_LENGTH = 64;

/** Replaces every character outside `[A-Za-z0-9_-]` with `_`. */
export function sanitizeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, "_");
}

/** The namespace of a server's tools (`mcp__<server>`). */
export function serverNamespace(server: string): string {
  return sanitizeName(`mcp${MCP_DELIMITER}${server}`);
}

function shortHash(text: string): string {
  return sha1Hex(text).slice(0, 12);
}

/**
 * Gives each (server, tool) pair a unique name. Names that are too long, or that collide with a name
 * already handed out, are cut and get a `_<12 hex of sha1>` suffix.
 */
export class ToolNamer {
  #taken = new Set<string>();

  constructor(taken: Iterable<string> = []) {
    for (const name of taken) this.#taken.add(name);
  }

  /** The name for `tool` of `server`. */
  name(server: string, tool: string): string {
    const raw = `${serverNamespace(server)}${MCP_DELIMITER}${tool}`;
    let name = sanitizeName(raw);
    if (name.length > MAX_TOOL_NAME_LENGTH || this.#taken.has(name)) {
      const suffix = `_${shortHash(raw)}`;
      name = name.slice(0, MAX_TOOL_NAME_LENGTH - suffix.length) + suffix;
    }
    this.#taken.add(name);
    return name;
  }
}
