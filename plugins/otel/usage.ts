/**
 * Token counts read from a model response stream (Responses `response.completed`, or a chat chunk's
 * `usage`), for the model request span.
 * @module
 */

/** Token counts of one response. */
export interface TokenCounts {
  input: number;
  cached: number;
  output: number;
  reasoning: number;
}

/** The usage in one SSE `data:` payload, if it carries one. */
export function usageOf(data: unknown): TokenCounts | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const o = data as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === "number" ? v : 0);
  if (o.type === "response.completed") {
    const u = (o.response as { usage?: Record<string, unknown> } | undefined)?.usage;
    if (!u) return undefined;
    return {
      input: num(u.input_tokens),
      cached: num((u.input_tokens_details as Record<string, unknown> | undefined)?.cached_tokens),
      output: num(u.output_tokens),
      reasoning: num((u.output_tokens_details as Record<string, unknown> | undefined)?.reasoning_tokens),
    };
  }
  const u = o.usage as Record<string, unknown> | undefined;
  if (u && typeof u === "object" && "prompt_tokens" in u) {
    return {
      input: num(u.prompt_tokens),
      cached: num((u.prompt_tokens_details as Record<string, unknown> | undefined)?.cached_tokens),
      output: num(u.completion_tokens),
      reasoning: num((u.completion_tokens_details as Record<string, unknown> | undefined)?.reasoning_tokens),
    };
  }
  return undefined;
}

/** Reads an SSE body to its end and returns the last usage seen. */
export async function usageFromStream(body: ReadableStream<Uint8Array>): Promise<TokenCounts | undefined> {
  let found: TokenCounts | undefined;
  let pending = "";
  const take = (line: string) => {
    if (!line.startsWith("data:")) return;
    const text = line.slice(5).trim();
    if (text === "" || text === "[DONE]") return;
    try {
      found = usageOf(JSON.parse(text)) ?? found;
    } catch { /* not JSON */ }
  };
  for await (const chunk of body.pipeThrough(new TextDecoderStream())) {
    pending += chunk;
    let at: number;
    while ((at = pending.indexOf("\n")) >= 0) {
      take(pending.slice(0, at).trimEnd());
      pending = pending.slice(at + 1);
    }
  }
  take(pending.trimEnd());
  return found;
}
