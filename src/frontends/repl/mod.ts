/**
 * `codex [PROMPT]`: the interactive session. Line mode works on any terminal, over ssh or a serial
 * console, and with piped input (each line is a message, read in order; end of input ends the session).
 * On a TTY the terminal is driven in raw mode (terminal.ts): line editing, history, Tab completion of
 * slash commands and `@path`, multi-line messages (trailing `\`, Ctrl-J, Alt-Enter, bracketed paste),
 * input typed during a turn queued for the next one, and Ctrl-C that clears the line, interrupts a turn
 * or `!cmd`, or (twice at an empty prompt) quits.
 * @module
 */
import type { Plugin } from "../../kernel/plugin.ts";
import type { Approver } from "../../plugin_api/approval.ts";
import type { ContentPart } from "../../kernel/model.ts";
import { describeError } from "../../kernel/errors.ts";
import { colorEnabled, HumanRenderer } from "../exec/human_renderer.ts";
import { createSession, type SessionSource } from "../../host/mod.ts";
import { PROGRAM_NAME, VERSION } from "../../../lib/version.ts";
import { attachmentParts, listFiles } from "./attachments.ts";
import { InteractiveSession } from "./interactive_session.ts";
import { LinePrompter } from "./prompts/line_prompter.ts";
import { MenuPrompter } from "./prompts/menu_prompter.ts";
import { withHeadlessPrompts } from "./prompts/headless.ts";
import { type LineSource, plainLines, terminalLines } from "./line_source.ts";
import { processTerminal, Terminal } from "./terminal.ts";
import { replCompleter } from "./completer.ts";
import { imageParts } from "../exec/images.ts";
import { appendHistory, historyPath, readHistory } from "../../session/history.ts";
import { findRolloutById } from "../../session/list.ts";
import { chooseSession } from "./choose_session.ts";
import { trapSignals } from "../signals.ts";

/** Runs the interactive session. Returns the exit code. */
export async function runInteractive(
  promptArg: string | undefined,
  rawOptions: Record<string, unknown>,
  io: { plugins?: Plugin[]; source?: SessionSource } = {},
): Promise<number> {
  const setup = await createSession({ frontEnd: "repl", flags: rawOptions, plugins: io.plugins });
  const promptMode = setup.config.line_mode === true ? "line" : setup.config.prompts?.mode ?? "auto";
  // `rich` insists on the terminal even when TERM=dumb; `auto` leaves dumb terminals to plain lines.
  const terminal = Deno.stdin.isTerminal() && Deno.stdout.isTerminal() && promptMode !== "line" &&
    (promptMode === "rich" || Deno.env.get("TERM") !== "dumb");
  const color = colorEnabled("auto", terminal);
  const style = (code: string, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const dim = (text: string) => style("2", text);

  let files: string[] | undefined;
  let session: InteractiveSession | undefined;
  const source: LineSource = terminal
    ? terminalLines(
      new Terminal(processTerminal(), {
        completer: replCompleter({
          files: () => (files ??= listFiles(setup.cwd)),
          commands: () => [...new Set(setup.registry.commands.values())],
          sessions: () => session?.listSessions(10).length ?? 0,
        }),
        history: readHistory(setup.codexHome, 1000).map((e) => e.text).reverse(),
        dim,
      }),
    )
    : plainLines();
  const write = (text: string) => source.write(text);
  const print = (text: string) => write(text + "\n");
  const renderer = new HumanRenderer(write, color, setup.config.hide_agent_reasoning === true, {
    markdown: terminal && color,
    columns: () => {
      try {
        return Deno.consoleSize().columns || 80;
      } catch {
        return 80;
      }
    },
  });

  const inner: Approver = source.terminal
    ? new MenuPrompter(source.terminal, style)
    : new LinePrompter({ input: { next: (signal) => source.answer("", signal) }, write });
  let approver: Approver & { close(): void };
  try {
    approver = withHeadlessPrompts(inner, {
      config: setup.config.prompts,
      say: (text) => source.notice(text),
      cwd: setup.cwd,
    });
  } catch (err) {
    source.close();
    await setup.close("error");
    throw err;
  }

  let quitting = false;
  try {
    const start = io.source?.kind === "resume" && !io.source.id && !io.source.last
      ? await chooseSession(setup, source, print)
      : io.source ?? { kind: "new" as const };
    if (start === undefined) {
      approver.close();
      source.close();
      await setup.close("quit");
      return 0;
    }
    session = new InteractiveSession(setup, {
      renderer,
      print,
      approver,
      ephemeral: false,
      onQuit: () => (quitting = true),
    });
    await session.open(start);
  } catch (err) {
    approver.close();
    source.close();
    await setup.close("error");
    throw err;
  }
  const s = session;
  renderer.banner({
    program: PROGRAM_NAME,
    version: VERSION,
    workdir: setup.cwd,
    model: s.model,
    provider: setup.providerId,
    approval: s.approvalPolicy,
    sandbox: `${s.sandboxMode} (backend: ${setup.permissions.sandbox.backend.id})`,
    sessionId: s.threadId,
  });
  for (const w of setup.warnings) print(`warning: ${w}`);
  s.showRecap();

  // Ctrl-C: a running turn or `!cmd` is interrupted; on a pipe (SIGINT) with nothing running, quit.
  let shellAbort: AbortController | undefined;
  const interruptWork = () => {
    if (shellAbort) {
      shellAbort.abort();
      return true;
    }
    return s.interrupt();
  };
  source.onInterrupt = () => void interruptWork();
  const onSigint = () => {
    if (interruptWork()) return;
    quitting = true;
    source.close();
  };
  Deno.addSignalListener("SIGINT", onSigint);
  // SIGTERM and SIGHUP (the terminal closed) end the session: the running turn (or `!cmd`) is aborted and
  // recorded, its processes end, and the exit code is 143 / 129.
  const termination = trapSignals(() => {
    interruptWork();
    quitting = true;
    source.close();
  }, ["SIGTERM", "SIGHUP"]);

  let images = setup.flags.image;
  const submit = async (text: string) => {
    const { parts, notes } = attachmentParts(text, setup.cwd);
    for (const n of notes) print(dim(n));
    const content: ContentPart[] = [...imageParts(images, setup.cwd), { type: "input_text", text }, ...parts];
    images = [];
    try {
      appendHistory(setup.codexHome, { session_id: s.threadId, text }, setup.config.history);
    } catch (err) {
      // A full or read-only disk loses this history line, not the session.
      print(`warning: cannot write ${historyPath(setup.codexHome)}: ${describeError(err)}`);
    }
    await s.submit(content.length === 1 ? text : content);
    if (source.terminal) source.terminal.flushNotices();
  };

  const runCommand = async (text: string) => {
    const [name, ...rest] = text.slice(1).split(/\s+/);
    const command = setup.registry.commands.get(name);
    if (!command) {
      print(`Unknown command /${name}. Type /help for the list.`);
      return;
    }
    try {
      await command.run(rest.join(" "), {
        config: setup.config,
        print: (t) => print(renderer.command(name, t)),
        submit: async (prompt) => void await submit(prompt),
        session: s,
      });
    } catch (err) {
      print(`/${name} failed: ${describeError(err)}`);
    }
  };

  const runShell = async (command: string) => {
    shellAbort = new AbortController();
    try {
      const result = await s.shell(command, shellAbort.signal);
      write(result.output.endsWith("\n") || result.output === "" ? result.output : result.output + "\n");
      if (result.interrupted) print(dim("(interrupted)"));
      else if (result.code !== 0) print(dim(`(exit ${result.code})`));
      s.note(
        `<user_shell_command>\n$ ${command}\n${result.output}\n(${
          result.interrupted ? "interrupted by the user" : `exit code ${result.code}`
        })\n</user_shell_command>`,
      );
    } finally {
      shellAbort = undefined;
    }
  };

  try {
    if (promptArg !== undefined && promptArg.trim() !== "") await submit(promptArg);
    while (!quitting) {
      const line = await source.next("› ");
      if (line === null) break;
      const text = line.trim();
      if (text === "") continue;
      if (text.startsWith("/")) await runCommand(text);
      else if (text.startsWith("!")) await runShell(text.slice(1).trim());
      else await submit(line.includes("\n") ? line : text);
    }
  } finally {
    Deno.removeSignalListener("SIGINT", onSigint);
    await s.close(quitting ? "quit" : "eof");
    approver.close();
    if (findRolloutById(setup.codexHome, s.threadId)) {
      print(dim(`To continue this session, run codex resume ${s.threadId}`));
    }
    source.close();
    termination.dispose();
  }
  return termination.exitCode ?? 0;
}
