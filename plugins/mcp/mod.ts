/**
 * The MCP client plugin: starts every enabled `[mcp_servers.<name>]` at setup and offers their tools to
 * the model as `mcp__<server>__<tool>`, plus the resource tools (`list_mcp_resources`, …) and the
 * servers' instructions. The MCP SDK is imported only when a server is configured. A server that fails
 * to start is a warning, or the end of the run when it is `required`. Servers are stopped when the
 * session ends. `/mcp` shows each server's status, auth and tools.
 * @module
 */
import { codexHomeFromEnv, CredentialStore } from "../../lib/mcp_oauth/store.ts";
import { definePlugin, type Plugin, PluginError } from "../../mod.ts";
import { enabledServers, serverSpec, toolAllowed } from "./server_config.ts";
import { mcpStatusCommand, type ServerState } from "./status.ts";

/** Registers the tools of the configured MCP servers. */
export const mcpPlugin: Plugin = definePlugin({
  name: "mcp",
  version: "0.2.0",
  api: 1,
  async setup(ctx) {
    const states = new Map<string, ServerState>();
    ctx.command(mcpStatusCommand(states, (name) => {
      const url = ctx.config.mcp_servers?.[name]?.url;
      return url !== undefined &&
        new CredentialStore(codexHomeFromEnv()).get(name, url)?.tokens !== undefined;
    }));
    const entries = enabledServers(ctx.config);
    if (entries.length === 0) return;
    const { McpConnection } = await import("./connection.ts");
    const { mcpTool } = await import("./tool.ts");
    const { ToolNamer } = await import("./names.ts");
    const { resourceTools } = await import("./resources.ts");
    const { serverInstructions } = await import("./instructions.ts");
    const { DEFAULT_MCP_SEARCH_THRESHOLD, DeferredTools, toolSearchTool } = await import("./deferred.ts");
    const env = (key: string) => Deno.env.get(key);
    const started = await Promise.allSettled(entries.map(async ([name, server]) => {
      try {
        return await McpConnection.start(serverSpec(name, server), env);
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        states.set(name, { status: "failed", error: error.message });
        throw Object.assign(error, { required: server.required ?? false });
      }
    }));
    const connections = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    const closeAll = () => Promise.all(connections.map((c) => c.close())).then(() => {});
    for (const outcome of started) {
      if (outcome.status === "fulfilled") continue;
      const err = outcome.reason as Error & { required?: boolean };
      if (err.required) {
        await closeAll();
        throw new PluginError(`required ${err.message}`);
      }
      ctx.warn(err.message);
    }
    ctx.on("SessionEnd", closeAll, { timeoutMs: 10_000 });
    // Models may call `mcp__<server>__<tool>` as namespace `mcp__<server>` + name `<tool>`.
    ctx.resolveToolCall(({ namespace, name }) =>
      namespace.startsWith("mcp__") ? `${namespace}__${name}` : undefined
    );
    const namer = new ToolNamer();
    const total = connections.reduce(
      (n, c) => n + c.tools.filter((t) => toolAllowed(c.spec, t.name)).length,
      0,
    );
    const threshold = ctx.config.tools?.mcp_search_threshold ?? DEFAULT_MCP_SEARCH_THRESHOLD;
    const deferred = total > threshold ? new DeferredTools() : undefined;
    for (const connection of connections) {
      const offered: string[] = [];
      for (const tool of connection.tools) {
        if (!toolAllowed(connection.spec, tool.name)) continue;
        const name = namer.name(connection.spec.name, tool.name);
        const definition = mcpTool(connection, tool, name);
        if (deferred) {
          deferred.add({
            name,
            server: connection.spec.name,
            tool: tool.name,
            description: definition.description,
          });
          definition.enabled = () => deferred.isLoaded(name);
        }
        ctx.tool(definition);
        offered.push(tool.name);
      }
      const info = connection.serverInfo;
      states.set(connection.spec.name, {
        status: "started",
        tools: offered,
        ...(info ? { serverInfo: info } : {}),
      });
    }
    if (deferred) ctx.tool(toolSearchTool(deferred));
    const [listResources, listTemplates, readResource] = resourceTools(connections);
    ctx.tool(listResources);
    ctx.tool(listTemplates);
    ctx.tool(readResource);
    const instructions = serverInstructions(connections);
    if (instructions !== undefined) ctx.instructions(() => instructions);
  },
});

export default mcpPlugin;
