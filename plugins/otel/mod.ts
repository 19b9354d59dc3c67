/**
 * OpenTelemetry as a plugin: with `[otel]` set, spans for the session, each turn, each model request
 * (with token counts, and its W3C trace context sent as `traceparent`) and each tool call are exported
 * over OTLP/HTTP. The OpenTelemetry packages are imported only when `[otel]` is set.
 * @module
 */
import { definePlugin, type Plugin } from "../../mod.ts";
import { VERSION } from "../../lib/version.ts";
import { parseOtelConfig, traceTarget } from "./config.ts";

/** The otel plugin. */
export const otelPlugin: Plugin = definePlugin({
  name: "otel",
  version: "0.1.0",
  api: 1,
  // First, so its hooks see every turn and tool call before other plugins' hooks decide.
  enforce: "pre",
  async setup(ctx) {
    const raw = (ctx.config as { otel?: unknown }).otel;
    if (raw === undefined) return;
    let config;
    try {
      config = parseOtelConfig(raw);
    } catch (err) {
      ctx.warn(`OpenTelemetry is off: ${(err as Error).message}`);
      return;
    }
    const chosen = config.trace_exporter ?? config.exporter;
    if (typeof chosen === "object" && "otlp-grpc" in chosen) {
      ctx.warn("OpenTelemetry: the otlp-grpc exporter is not supported; use otlp-http");
      return;
    }
    const target = traceTarget(config);
    if (!target) return;
    const { startTracing } = await import("./tracing.ts");
    startTracing(ctx, config, target, VERSION);
  },
});

export default otelPlugin;
