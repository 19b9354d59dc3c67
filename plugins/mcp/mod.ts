/**
 * The MCP client plugin: starts every enabled `[mcp_servers.<name>]` at setup and offers their tools to
 * the model as `mcp__<server>__<tool>`. The MCP SDK is imported only when a server is configured.
 * A server that fails to start is a warning, or the end of the run when it is `required`. Servers are
 * stopped when the session ends.
 * @module
 */
import { definePlugin, type Plugin, PluginError } from "../../mod.ts";
import { enabledServers, serverSpec, toolAllowed } from "./server_config.ts";

/** Registers the tools of the configured MCP servers. */
export const mcpPlugin: Plugin = definePlugin({
  name: "mcp",
  version: "0.1.0",
  api: 1,
  async setup(ctx) {
    const entries = enabledServers(ctx.config);
    if (entries.length === 0) return;
    const { McpConnection } = await import("./connection.ts");
    const { mcpTool } = await import("./tool.ts");
    const { ToolNamer } = await import("./names.ts");
    const env = (key: string) => Deno.env.get(key);
    const started = await Promise.allSettled(entries.map(async ([name, server]) => {
      try {
        return await McpConnection.start(serverSpec(name, server), env);
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
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
    for (const connection of connections) {
      for (const tool of connection.tools) {
        if (!toolAllowed(connection.spec, tool.name)) continue;
        ctx.tool(mcpTool(connection, tool, namer.name(connection.spec.name, tool.name)));
      }
    }
  },
});

export default mcpPlugin;
