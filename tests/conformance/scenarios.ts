/**
 * The conformance scenarios: each is a scripted fake-server session plus the command-line arguments of
 * one `exec --json` run. The recorder (`record.ts`) plays them against the real Codex 0.171 binary and
 * stores what it sent and printed under `recordings/`; `conformance_test.ts` plays them against this CLI
 * and compares field by field.
 * @module
 */
import {
  created,
  customToolCallResponse,
  failed,
  type FakeStep,
  type FakeUsage,
  functionCallResponse,
  httpError,
  incomplete,
  messageItem,
  response,
  textResponse,
} from "../e2e/fake_server.ts";

/** One scenario. */
export interface Scenario {
  name: string;
  /** Model slug written to config.toml. */
  model: string;
  /** Prompt given to `exec --json`. */
  prompt: string;
  /** The scripted steps, one per HTTP request. */
  steps: FakeStep[];
  /** Extra `exec` arguments placed before the prompt. */
  args?: string[];
  /** Extra top-level config.toml lines. */
  extraToml?: string;
  /** Provider retry settings (Codex defaults when unset). */
  requestMaxRetries?: number;
  streamMaxRetries?: number;
  streamIdleTimeoutMs?: number;
}

const ok = () => textResponse("Hello from the fake server.");

/** Usage with every detail Codex 0.171 reads, including `input_tokens_details.cache_write_tokens`. */
const DETAILED_USAGE = {
  input_tokens: 100,
  input_tokens_details: { cached_tokens: 30, cache_write_tokens: 20 },
  output_tokens: 7,
  output_tokens_details: { reasoning_tokens: 3 },
  total_tokens: 107,
} as FakeUsage;

/** Every scenario, by name. */
export const SCENARIOS: Scenario[] = [
  { name: "plain_answer", model: "gpt-5.5", prompt: "say hello", steps: [ok()] },
  { name: "unknown_model", model: "acme-model-1", prompt: "say hello", steps: [ok()] },
  {
    name: "usage_details",
    model: "gpt-5.5",
    prompt: "say hello",
    steps: [textResponse("Counted.", { usage: DETAILED_USAGE, reasoning: "Thinking **briefly**" })],
  },
  {
    name: "tool_call",
    model: "gpt-5.5",
    prompt: "run echo",
    args: ["--dangerously-bypass-approvals-and-sandbox"],
    steps: [
      functionCallResponse([{ name: "exec_command", arguments: { cmd: "echo hi" }, call_id: "call_1" }]),
      ok(),
    ],
  },
  {
    name: "http_429_no_retry_after",
    model: "gpt-5.5",
    prompt: "say hello",
    steps: [httpError(429, "Rate limit reached for requests"), ok(), ok()],
  },
  {
    name: "http_429_retry_after",
    model: "gpt-5.5",
    prompt: "say hello",
    steps: [
      httpError(429, "Rate limit reached for requests", { "retry-after": "1" }),
      httpError(429, "Rate limit reached for requests", { "retry-after": "1" }),
      ok(),
    ],
  },
  {
    name: "http_500_then_ok",
    model: "gpt-5.5",
    prompt: "say hello",
    requestMaxRetries: 1,
    streamMaxRetries: 1,
    steps: [httpError(500, "boom"), httpError(500, "boom"), ok()],
  },
  {
    name: "http_500_always",
    model: "gpt-5.5",
    prompt: "say hello",
    requestMaxRetries: 1,
    streamMaxRetries: 1,
    steps: [httpError(500, "boom"), httpError(500, "boom"), httpError(500, "boom"), httpError(500, "boom")],
  },
  {
    name: "http_400",
    model: "gpt-5.5",
    prompt: "say hello",
    steps: [httpError(400, "Invalid value for 'input': bad things."), ok()],
  },
  {
    name: "http_401",
    model: "gpt-5.5",
    prompt: "say hello",
    requestMaxRetries: 1,
    streamMaxRetries: 1,
    steps: [httpError(401, "Incorrect API key provided"), httpError(401, "Incorrect API key provided"), ok()],
  },
  {
    name: "http_404",
    model: "gpt-5.5",
    prompt: "say hello",
    requestMaxRetries: 1,
    streamMaxRetries: 1,
    steps: [httpError(404, "The model does not exist"), httpError(404, "The model does not exist"), ok()],
  },
  {
    name: "cut_stream",
    model: "gpt-5.5",
    prompt: "say hello",
    streamMaxRetries: 1,
    steps: [{ ...response(messageItem("partial answer")), cutAfter: 2 }, ok()],
  },
  {
    name: "response_failed_then_ok",
    model: "gpt-5.5",
    prompt: "say hello",
    streamMaxRetries: 1,
    steps: [{ sse: [created(), failed("server_error", "The model crashed.")] }, ok()],
  },
  {
    name: "response_failed_context_window",
    model: "gpt-5.5",
    prompt: "say hello",
    steps: [
      { sse: [created(), failed("context_length_exceeded", "Your input exceeds the context window.")] },
      ok(),
    ],
  },
  {
    name: "response_incomplete",
    model: "gpt-5.5",
    prompt: "say hello",
    steps: [{ sse: [created(), ...messageItem("cut"), incomplete("max_output_tokens")] }, ok()],
  },
  {
    name: "stalled_stream",
    model: "gpt-5.5",
    prompt: "say hello",
    streamMaxRetries: 1,
    streamIdleTimeoutMs: 1500,
    steps: [{ ...response(messageItem("partial answer")), stallAfter: 2 }, ok()],
  },
  {
    // Codex offers no apply_patch tool for a model it does not know; the call is answered, never run.
    name: "unoffered_custom_tool",
    model: "bench-model",
    prompt: "add a file",
    args: ["--dangerously-bypass-approvals-and-sandbox"],
    steps: [
      customToolCallResponse(
        "apply_patch",
        "*** Begin Patch\n*** Add File: made.txt\n+hi\n*** End Patch\n",
        "call_1",
      ),
      ok(),
    ],
  },
  {
    name: "unoffered_function_call",
    model: "gpt-5.5",
    prompt: "run it",
    args: ["--dangerously-bypass-approvals-and-sandbox"],
    steps: [
      functionCallResponse([{ name: "no_such_tool", arguments: { cmd: "echo hi" }, call_id: "call_1" }]),
      ok(),
    ],
  },
];
