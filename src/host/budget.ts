/**
 * Run budgets for unattended runs (`codex exec --max-turns/--max-tokens/--max-cost-usd`, `[budget]`):
 * a model client wrapper that counts model requests, tokens and cost, and refuses the next request once
 * a limit is reached. The thread then fails the turn with an error naming the budget; exec exits 3.
 * Limits are checked before each model request, so the last response may go past a token or cost limit.
 * @module
 */
import { ConfigError, ModelError } from "../plugin_api/errors.ts";
import type { Usage } from "../kernel/events.ts";
import type { ModelClient, ModelEvent, ModelRequest } from "../kernel/model.ts";
import type { Config } from "../config/schema.ts";

/** Exit code of `codex exec` when a run budget stopped the run. */
export const BUDGET_EXIT_CODE = 3;

/** The effective limits (flags win over `[budget]`). */
export interface Budget {
  maxTurns?: number;
  maxTokens?: number;
  maxCostUsd?: number;
}

/** A price in USD per million tokens. */
export interface Price {
  input: number;
  cached_input?: number;
  output: number;
}

/** The error a budget stop raises (the turn fails with its message). */
export class BudgetExceededError extends ModelError {
  /** The config key of the budget that was hit. */
  readonly budget: "max_turns" | "max_tokens" | "max_cost_usd";
  constructor(budget: BudgetExceededError["budget"], detail: string) {
    super(`run budget exceeded: ${budget} (${detail}); stopping before the next model request`);
    this.budget = budget;
  }
}

/** Merges flag values over `[budget]`; checks that a cost limit has a price for `model`. */
export function resolveBudget(
  config: Config,
  flags: Budget,
  model: string,
): { budget: Budget; price?: Price } {
  const budget: Budget = {
    maxTurns: flags.maxTurns ?? config.budget?.max_turns,
    maxTokens: flags.maxTokens ?? config.budget?.max_tokens,
    maxCostUsd: flags.maxCostUsd ?? config.budget?.max_cost_usd,
  };
  const price = config.model_prices?.[model];
  if (budget.maxCostUsd !== undefined && !price) {
    throw new ConfigError(
      `max_cost_usd needs the price of model '${model}': expected a [model_prices."${model}"] table with input and output (USD per million tokens)`,
    );
  }
  return { budget, price };
}

/** The cost of `usage` at `price`, in USD. */
export function costUsd(usage: Usage, price: Price): number {
  const cached = Math.min(usage.cached_input_tokens, usage.input_tokens);
  return ((usage.input_tokens - cached) * price.input + cached * (price.cached_input ?? price.input) +
    usage.output_tokens * price.output) / 1e6;
}

/** What a budgeted client has spent so far. */
export interface Spent {
  turns: number;
  tokens: number;
  costUsd: number;
  /** The budget that stopped the run, if one did. */
  hit?: BudgetExceededError;
}

/** Wraps `client` so requests beyond `budget` are refused. */
export function budgetedClient(
  client: ModelClient,
  budget: Budget,
  price: Price | undefined,
): { client: ModelClient; spent: Spent } {
  const spent: Spent = { turns: 0, tokens: 0, costUsd: 0 };
  const check = () => {
    if (budget.maxTurns !== undefined && spent.turns >= budget.maxTurns) {
      return new BudgetExceededError("max_turns", `${spent.turns} of ${budget.maxTurns} model requests made`);
    }
    if (budget.maxTokens !== undefined && spent.tokens >= budget.maxTokens) {
      return new BudgetExceededError("max_tokens", `${spent.tokens} tokens used, limit ${budget.maxTokens}`);
    }
    if (budget.maxCostUsd !== undefined && spent.costUsd >= budget.maxCostUsd) {
      return new BudgetExceededError(
        "max_cost_usd",
        `$${spent.costUsd.toFixed(4)} spent, limit $${budget.maxCostUsd}`,
      );
    }
    return undefined;
  };
  const wrapped: ModelClient = {
    async *stream(request: ModelRequest, signal?: AbortSignal): AsyncIterable<ModelEvent> {
      const over = check();
      if (over) {
        spent.hit = over;
        throw over;
      }
      spent.turns++;
      for await (const ev of client.stream(request, signal)) {
        if (ev.type === "completed" && ev.usage) {
          spent.tokens += ev.usage.input_tokens + ev.usage.output_tokens;
          if (price) spent.costUsd += costUsd(ev.usage, price);
        }
        yield ev;
      }
    },
  };
  return { client: wrapped, spent };
}
