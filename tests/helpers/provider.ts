/**
 * Harness shared by the provider plugin tests: provider options and model requests with defaults, a
 * stream collector that keeps the error, and a fake server that is always closed.
 * @module
 */
import type { ModelClient, ModelEvent, ModelRequest } from "../../src/kernel/model.ts";
import type { ProviderCreateOptions } from "../../src/plugin_api/provider.ts";
import type { ModelProviderInfo } from "../../src/config/provider_info.ts";
import { type FakeScript, startFakeServer } from "../e2e/fake_server.ts";

/** A builder of `ProviderCreateOptions` for one provider id, display name and wire protocol. */
export function providerOptionsFor(
  defaults: { providerId: string; name: string; wire_api: ModelProviderInfo["wire_api"] },
): (info: Partial<ModelProviderInfo>, env?: Record<string, string>) => ProviderCreateOptions {
  return (info, env = {}) => ({
    providerId: defaults.providerId,
    info: { name: defaults.name, wire_api: defaults.wire_api, ...info },
    env: (name) => env[name],
    originator: "codex_exec",
    version: "9.8.7",
  });
}

/** A builder of one-message `ModelRequest`s for `model`. */
export function modelRequestFor(model: string): (overrides?: Partial<ModelRequest>) => ModelRequest {
  return (overrides = {}) => ({
    model,
    input: [{ type: "message", role: "user", content: [{ type: "input_text", text: "hi" }] }],
    tools: [],
    parallelToolCalls: true,
    threadId: "thread-123",
    turnId: "turn-1",
    ...overrides,
  });
}

/** The events a stream yielded, and what it threw, if anything. */
export interface Outcome {
  events: ModelEvent[];
  error?: unknown;
}

/** Drains `client.stream(request)` and returns its events and error. */
export async function collect(
  client: ModelClient,
  request: ModelRequest,
  signal?: AbortSignal,
): Promise<Outcome> {
  const events: ModelEvent[] = [];
  try {
    for await (const ev of client.stream(request, signal)) events.push(ev);
    return { events };
  } catch (error) {
    return { events, error };
  }
}

/** Starts a fake server, runs `fn`, always closes the server. */
export async function withServer(
  script: FakeScript,
  fn: (server: ReturnType<typeof startFakeServer>) => Promise<void>,
): Promise<void> {
  const server = startFakeServer(script);
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}
