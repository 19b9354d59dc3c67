/**
 * `codex exec`: runs one non-interactive turn. The final message goes to stdout, progress to stderr;
 * `--json` prints the thread events as JSONL on stdout instead.
 * @module
 */
import { readFileSync, rmSync, statSync, touchSync, writeFileSync } from "../../../lib/fs.ts";
import { dirname, resolve } from "../../../lib/path.ts";
import { z } from "zod";
import { CodexError, ConfigError, UsageError } from "../../kernel/errors.ts";
import { BUDGET_EXIT_CODE, budgetedClient, resolveBudget } from "../../host/budget.ts";
import type { ReviewTarget } from "../../../lib/review.ts";
import { prepareReview, reviewEmitter } from "./review_run.ts";
import type { ThreadEvent } from "../../kernel/events.ts";
import type { ContentPart, JsonSchema, ModelRequest } from "../../kernel/model.ts";
import type { Plugin } from "../../kernel/plugin.ts";
import {
  bypassAll,
  CommonOptionsSchema,
  createSession,
  isInsideGitRepo,
  loadSource,
  type SessionSource,
} from "../../host/mod.ts";
import { colorEnabled, HumanRenderer } from "./human_renderer.ts";
import { jsonlRenderer } from "./jsonl_renderer.ts";
import { processStdin, resolvePrompt, type StdinSource } from "./prompt_input.ts";
import { createPrompter } from "../repl/prompts/mod.ts";
import { imageParts } from "./images.ts";
import { PROGRAM_NAME, VERSION } from "../../../lib/version.ts";
import { type SignalTrap, trapSignals } from "../signals.ts";
import { mark } from "../../../lib/startup_trace.ts";
mark("exec front end loaded");

/** `exec`'s options. */
export const ExecOptionsSchema = CommonOptionsSchema.extend({
  skipGitRepoCheck: z.boolean().default(false),
  ephemeral: z.boolean().default(false),
  outputSchema: z.string().optional(),
  color: z.enum(["always", "never", "auto"]).default("auto"),
  json: z.boolean().default(false),
  experimentalJson: z.boolean().default(false),
  outputLastMessage: z.string().optional(),
  threadSource: z.string().optional(),
  maxTurns: z.coerce.number().int().positive().optional(),
  maxTokens: z.coerce.number().int().positive().optional(),
  maxCostUsd: z.coerce.number().positive().optional(),
});

/** Parsed `exec` options. */
export type ExecOptions = z.output<typeof ExecOptionsSchema>;

const encoder = new TextEncoder();
const writeErr = (text: string) => void Deno.stderr.writeSync(encoder.encode(text));

function readOutputSchema(path: string): JsonSchema {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError(`--output-schema: cannot read ${path}: ${(err as Error).message}`);
  }
  try {
    const schema = JSON.parse(text);
    if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
      throw new Error("expected a JSON object");
    }
    return schema as JsonSchema;
  } catch (err) {
    throw new ConfigError(`--output-schema: ${path} is not a JSON schema object: ${(err as Error).message}`);
  }
}

/**
 * Checks that `-o FILE` can be written, before the turn runs: not a directory, parent exists, writable.
 * A file created by the check is removed again.
 */
function checkOutputPath(path: string): void {
  const abs = resolve(path);
  let existed = false;
  try {
    const st = statSync(abs);
    existed = true;
    if (st.isDirectory()) {
      throw new UsageError(`--output-last-message: expected a file path, found a directory: ${abs}`);
    }
  } catch (err) {
    if (err instanceof UsageError) throw err;
  }
  const parent = dirname(abs);
  if (!existed) {
    let parentOk = false;
    try {
      parentOk = statSync(parent).isDirectory();
    } catch { /* reported below */ }
    if (!parentOk) {
      throw new UsageError(`--output-last-message: the folder ${parent} does not exist (for ${abs})`);
    }
  }
  try {
    touchSync(abs);
    if (!existed) rmSync(abs, { force: true });
  } catch (err) {
    throw new UsageError(`--output-last-message: cannot write ${abs}: ${(err as Error).message}`);
  }
}

/** Parses exec's options; a bad value is a usage error naming the flag. */
function parseExecOptions(raw: Record<string, unknown>): ExecOptions {
  const parsed = ExecOptionsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const flag = "--" + String(issue.path[0] ?? "").replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
  throw new UsageError(`${flag}: ${issue.message}, found '${String(raw[String(issue.path[0])])}'`);
}

/** Runs `codex exec`. Returns the exit code. */
export async function runExec(
  promptArg: string | undefined,
  rawOptions: Record<string, unknown>,
  io: { stdin?: StdinSource; plugins?: Plugin[]; source?: SessionSource; review?: ReviewTarget } = {},
): Promise<number> {
  const source = io.source ?? { kind: "new" };
  const stdin = io.stdin ?? processStdin;
  const opts = parseExecOptions(rawOptions);
  const json = opts.json || opts.experimentalJson;
  const session = await createSession({ frontEnd: "exec", flags: opts, plugins: io.plugins });
  mark("session ready");
  let reason = "error";
  // SIGINT/SIGTERM/SIGHUP abort the turn (recorded as Codex does); the run then ends its processes and
  // exits 130/143/129. A second signal exits at once.
  const controller = new AbortController();
  let signals: SignalTrap | undefined;
  let prompter: ReturnType<typeof createPrompter> | undefined;
  try {
    if (!opts.skipGitRepoCheck && !bypassAll(opts) && !(await isInsideGitRepo(session.cwd))) {
      throw new CodexError("Not inside a trusted directory and --skip-git-repo-check was not specified.");
    }
    const images = imageParts(opts.image, session.cwd);
    if (opts.outputLastMessage) checkOutputPath(opts.outputLastMessage);
    const { budget, price } = resolveBudget(session.config, opts, session.model);
    const budgeted = budgetedClient(session.client, budget, price);
    const previous = loadSource(source, session.codexHome, session.cwd);
    // Under a policy that may ask (not `never`), a prompt given as an argument leaves stdin to approval
    // answers instead of appending it to the prompt; a prompt read from stdin leaves approvals no input.
    const approval = session.permissions.approvalPolicy;
    const stdinForApprovals = approval !== "never" && promptArg !== undefined && promptArg !== "-";
    if (stdinForApprovals && !stdin.isTerminal()) {
      writeErr(`Keeping stdin for approval answers (approval policy: ${approval}).\n`);
    }
    const review = io.review
      ? await prepareReview(io.review, { cwd: session.cwd, config: session.config })
      : undefined;
    if (review?.model) session.setModel(review.model);
    const prompt = review
      ? review.prompt
      : stdinForApprovals
      ? promptArg
      : await resolvePrompt(promptArg, stdin, (line) => writeErr(line + "\n"));
    prompter = createPrompter({ config: session.config, cwd: session.cwd });
    const text: ModelRequest["text"] = {};
    if (session.verbosity) text.verbosity = session.verbosity;
    if (opts.outputSchema) {
      text.format = {
        type: "json_schema",
        name: "codex_output_schema",
        strict: true,
        schema: readOutputSchema(opts.outputSchema),
      };
    }

    const human = json ? undefined : new HumanRenderer(
      writeErr,
      colorEnabled(opts.color, Deno.stderr.isTerminal()),
      session.config.hide_agent_reasoning === true,
    );
    const jsonl = json ? jsonlRenderer() : undefined;
    const plainEmit = (e: ThreadEvent) => (jsonl ? jsonl(e) : human!.event(e));
    const emit = review ? reviewEmitter(review, plainEmit) : plainEmit;

    const thread = await session.openThread({
      kind: source.kind,
      previous,
      source: "exec",
      ephemeral: opts.ephemeral,
      threadSource: opts.threadSource ?? "user",
      emit,
      approver: prompter,
      text: Object.keys(text).length ? text : undefined,
      client: budgeted.client,
      ...(review ? { extraContext: review.extraContext } : {}),
      onOpen(thread) {
        emit({ type: "thread.started", thread_id: thread.id });
        human?.header({
          program: PROGRAM_NAME,
          version: VERSION,
          workdir: session.cwd,
          model: session.model,
          provider: session.providerId,
          approval: session.permissions.approvalPolicy,
          sandbox: describeSandbox(
            session.permissions.sandbox.policy.mode,
            session.permissions.sandbox.policy.writableRoots,
            session.permissions.sandbox.backend.id,
          ),
          reasoningEffort: session.reasoning?.effort,
          reasoningSummaries: session.reasoning?.summary,
          sessionId: thread.id,
        }, review?.label ?? prompt);
        for (const w of [...session.warnings, ...(previous?.warnings ?? [])]) thread.warn(w);
        signals = trapSignals(() => controller.abort());
      },
    });
    const content: ContentPart[] = [...images, {
      type: "input_text",
      text: prompt,
    }];
    mark("thread open");
    const outcome = await thread.runTurn(opts.image.length ? content : prompt, controller.signal);
    reason = outcome.status;
    await session.close(reason);
    if (signals?.exitCode !== undefined) return signals.exitCode;
    if (review && outcome.lastMessage !== null) {
      const event = review.event(outcome.lastMessage);
      if (event && jsonl) jsonl(event);
      outcome.lastMessage = review.render(outcome.lastMessage);
    }

    if (outcome.status === "completed") {
      if (opts.outputLastMessage) {
        writeFileSync(opts.outputLastMessage, outcome.lastMessage ?? "");
        if (outcome.lastMessage === null) {
          writeErr(`Warning: no last agent message; wrote empty content to ${opts.outputLastMessage}\n`);
        }
      }
      const bothTty = Deno.stdout.isTerminal() && Deno.stderr.isTerminal();
      if (!json && outcome.lastMessage !== null && !bothTty) {
        await Deno.stdout.write(encoder.encode(outcome.lastMessage + "\n"));
      }
      return 0;
    }
    return budgeted.spent.hit ? BUDGET_EXIT_CODE : 1;
  } finally {
    prompter?.close();
    await session.close(reason);
    signals?.dispose();
  }
}

function describeSandbox(mode: string, roots: string[], backend: string): string {
  const where = mode === "workspace-write" ? ` [${roots.join(", ")}]` : "";
  return `${mode}${where} (backend: ${backend})`;
}
