/**
 * The shape of a stored recording and the config.toml every scenario runs with (the same for Codex and
 * for this CLI).
 * @module
 */
import type { CapturedRequest } from "../e2e/fake_server.ts";
import type { Scenario } from "./scenarios.ts";

/** A recorded request, with the time it arrived (ms after the process started). */
export interface RecordedRequest extends CapturedRequest {
  at_ms: number | null;
}

/** One stored recording. Paths are stored with `$ROOT` in place of the scratch directory. */
export interface Recording {
  scenario: string;
  codex_version: string;
  exit_code: number;
  events: Record<string, unknown>[];
  stderr: string[];
  requests: RecordedRequest[];
  /** Each rollout file written, as parsed lines. */
  rollouts: unknown[][];
  placeholders: { home: string; cwd: string; root: string; url: string };
}

/** config.toml of a scenario, provider `fake` at `url` with key from `FAKE_KEY`. */
export function scenarioConfig(scenario: Scenario, url: string): string {
  const retries = [
    scenario.requestMaxRetries !== undefined ? `request_max_retries = ${scenario.requestMaxRetries}` : "",
    scenario.streamMaxRetries !== undefined ? `stream_max_retries = ${scenario.streamMaxRetries}` : "",
    scenario.streamIdleTimeoutMs !== undefined
      ? `stream_idle_timeout_ms = ${scenario.streamIdleTimeoutMs}`
      : "",
  ].filter(Boolean).join("\n");
  return `model = "${scenario.model}"
model_provider = "fake"
${scenario.extraToml ?? ""}

[model_providers.fake]
name = "Fake"
base_url = "${url}"
env_key = "FAKE_KEY"
wire_api = "responses"
${retries}
`;
}
