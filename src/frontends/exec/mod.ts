/**
 * `codex exec`: runs one non-interactive turn. The final message goes to stdout, progress to stderr;
 * `--json` prints the thread events as JSONL on stdout instead.
 * @module
 */
import { readFileSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { CodexError, ConfigError } from "../../kernel/errors.ts";
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

/** Runs `codex exec`. Returns the exit code. */
export async function runExec(
  promptArg: string | undefined,
  rawOptions: Record<string, unknown>,
  io: { stdin?: StdinSource; plugins?: Plugin[]; source?: SessionSource } = {},
): Promise<number> {
  const source = io.source ?? { kind: "new" };
  const stdin = io.stdin ?? processStdin;
  const opts = ExecOptionsSchema.parse(rawOptions);
  const json = opts.json || opts.experimentalJson;
  const session = await createSession({ frontEnd: "exec", flags: opts, plugins: io.plugins });
  let reason = "error";
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) Deno.exit(130);
    controller.abort();
  };
  let prompter: ReturnType<typeof createPrompter> | undefined;
  try {
    if (!opts.skipGitRepoCheck && !bypassAll(opts) && !(await isInsideGitRepo(session.cwd))) {
      throw new CodexError("Not inside a trusted directory and --skip-git-repo-check was not specified.");
    }
    const previous = loadSource(source, session.codexHome, session.cwd);
    // Under a policy that may ask (not `never`), a prompt given as an argument leaves stdin to approval
    // answers instead of appending it to the prompt; a prompt read from stdin leaves approvals no input.
    const approval = session.permissions.approvalPolicy;
    const stdinForApprovals = approval !== "never" && promptArg !== undefined && promptArg !== "-";
    if (stdinForApprovals && !stdin.isTerminal()) {
      writeErr(`Keeping stdin for approval answers (approval policy: ${approval}).\n`);
    }
    const prompt = stdinForApprovals
      ? promptArg
      : await resolvePrompt(promptArg, stdin, (line) => writeErr(line + "\n"));
    prompter = createPrompter({ config: session.config, cwd: session.cwd });
    const text: ModelRequest["text"] = {};
    if (session.config.model_verbosity) text.verbosity = session.config.model_verbosity;
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
    const emit = (e: ThreadEvent) => (jsonl ? jsonl(e) : human!.event(e));

    const thread = await session.openThread({
      kind: source.kind,
      previous,
      source: "exec",
      ephemeral: opts.ephemeral,
      threadSource: opts.threadSource ?? "user",
      emit,
      approver: prompter,
      text: Object.keys(text).length ? text : undefined,
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
        }, prompt);
        for (const w of [...session.warnings, ...(previous?.warnings ?? [])]) thread.warn(w);
        Deno.addSignalListener("SIGINT", onSigint);
      },
    });
    const content: ContentPart[] = [...imageParts(opts.image, session.cwd), {
      type: "input_text",
      text: prompt,
    }];
    const outcome = await thread.runTurn(opts.image.length ? content : prompt, controller.signal);
    reason = outcome.status;
    await session.close(reason);

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
    return 1;
  } finally {
    Deno.removeSignalListener("SIGINT", onSigint);
    prompter?.close();
    await session.close(reason);
  }
}

function describeSandbox(mode: string, roots: string[], backend: string): string {
  const where = mode === "workspace-write" ? ` [${roots.join(", ")}]` : "";
  return `${mode}${where} (backend: ${backend})`;
}
