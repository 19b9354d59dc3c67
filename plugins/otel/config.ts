/**
 * The `[otel]` table, as Codex reads it: `exporter` (log events) and `trace_exporter` (spans), each
 * `"none"` or `{ otlp-http = { endpoint, protocol, headers } }`; `environment`; `log_user_prompt`.
 * Spans go to `trace_exporter`, else to `exporter` (its `/v1/logs` endpoint becomes `/v1/traces`).
 * @module
 */
import { z } from "zod";

const OtlpHttp = z.object({
  endpoint: z.string().url(),
  protocol: z.enum(["json", "binary"]).optional(),
  headers: z.record(z.string(), z.string()).optional(),
});

const Exporter = z.union([
  z.literal("none"),
  z.object({ "otlp-http": OtlpHttp }),
  z.object({ "otlp-grpc": z.object({ endpoint: z.string() }).passthrough() }),
]);

/** `[otel]`. */
export const OtelConfigSchema = z.object({
  environment: z.string().optional(),
  log_user_prompt: z.boolean().optional(),
  exporter: Exporter.optional(),
  trace_exporter: Exporter.optional(),
  metrics_exporter: z.unknown().optional(),
}).passthrough();

/** A parsed `[otel]` table. */
export type OtelConfig = z.output<typeof OtelConfigSchema>;

/** Where spans go, with their headers; undefined when tracing is off. */
export interface TraceTarget {
  url: string;
  headers: Record<string, string>;
}

/** Parses `[otel]`; throws one line naming the bad field. */
export function parseOtelConfig(raw: unknown): OtelConfig {
  const parsed = OtelConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`[otel] ${issue.path.join(".") || "(table)"}: ${issue.message}`);
}

/** The span export target of `config` (OTLP/HTTP only; `otlp-grpc` is reported by the caller). */
export function traceTarget(config: OtelConfig): TraceTarget | undefined {
  const fromTrace = config.trace_exporter;
  const chosen = fromTrace ?? config.exporter;
  if (chosen === undefined || chosen === "none" || !("otlp-http" in chosen)) return undefined;
  const http = chosen["otlp-http"];
  const url = fromTrace === undefined ? http.endpoint.replace(/\/v1\/logs\/?$/, "/v1/traces") : http.endpoint;
  return { url, headers: http.headers ?? {} };
}
