/**
 * The line-mode prompter: answers read line by line from a stream (piped answers), end of input and no
 * input deny, unknown answers are asked again, feedback is read from the next line, an interrupt aborts.
 * Also the choice between rich and line mode.
 */
import { PassThrough, Readable } from "node:stream";
import type { ApprovalRequest } from "../../../kernel/approval.ts";
import { createPrompter, LinePrompter, parseAnswer } from "./mod.ts";
import { assertEquals, assertIncludes } from "../../../../tests/helpers/assert.ts";

function request(id: string, summary = "touch x"): ApprovalRequest {
  return { id, kind: "exec", tool_name: "exec_command", summary, cwd: "/repo", reason: "untrusted" };
}

function prompter(input: Readable | null) {
  const out: string[] = [];
  return { p: new LinePrompter({ input, write: (t) => void out.push(t) }), out };
}

const signal = () => new AbortController().signal;

Deno.test("line prompter: piped answers y, a, n, f + feedback, q, one line each", async () => {
  const { p, out } = prompter(Readable.from(["y\na\n", "n\nf\nplease run the tests first\nq\n"]));
  assertEquals(await p.ask(request("appr_1"), signal()), { decision: "approved" });
  assertEquals(await p.ask(request("appr_2"), signal()), { decision: "approved_for_session" });
  assertEquals(await p.ask(request("appr_3"), signal()), { decision: "denied" });
  assertEquals(await p.ask(request("appr_4"), signal()), {
    decision: "denied",
    feedback: "please run the tests first",
  });
  assertEquals(await p.ask(request("appr_5"), signal()), { decision: "abort" });
  assertEquals(
    out[0],
    "Approval needed [appr_1]: run `touch x` in /repo? (untrusted)\n" +
      "  [y] yes once  [a] yes for this session  [n] no  [f] no, with feedback  [q] abort\n> ",
  );
  assertIncludes(out.join(""), "feedback for the model> ");
  p.close();
});

Deno.test("line prompter: end of input and no stdin take the safe default, deny", async () => {
  const eof = prompter(Readable.from([]));
  assertEquals(await eof.p.ask(request("appr_1"), signal()), {
    decision: "denied",
    reason: "no one answered the approval prompt (end of input)",
  });
  assertEquals(eof.out.at(-1), "\nend of input: denied\n");
  // A later question also denies at once.
  assertEquals((await eof.p.ask(request("appr_2"), signal())).decision, "denied");

  const none = prompter(null);
  assertEquals(await none.p.ask(request("appr_1"), signal()), {
    decision: "denied",
    reason: "no one could answer the approval prompt (no stdin)",
  });
  const throwing = new LinePrompter({
    input: () => {
      throw new Error("bad fd");
    },
    write: () => {},
  });
  assertEquals((await throwing.ask(request("appr_1"), signal())).decision, "denied");

  // `f` then end of input: denied without feedback.
  const cut = prompter(Readable.from(["f\n"]));
  assertEquals(await cut.p.ask(request("appr_1"), signal()), { decision: "denied" });
});

Deno.test("line prompter: garbage is asked again; words and case are accepted", async () => {
  const { p, out } = prompter(Readable.from(["maybe\n\n  YES \n", "Always\n"]));
  assertEquals(await p.ask(request("appr_1"), signal()), { decision: "approved" });
  assertEquals(out.filter((t) => t === "please answer y, a, n, f, q\n> ").length, 2);
  assertEquals(await p.ask(request("appr_2"), signal()), { decision: "approved_for_session" });
  assertEquals(
    ["y", "yes", "a", "session", "n", "no", "f", "feedback", "q", "abort", "x", ""].map(parseAnswer),
    ["y", "y", "a", "a", "n", "n", "f", "f", "q", "q", undefined, undefined],
  );
});

Deno.test("line prompter: answers typed later arrive; an interrupt while waiting aborts", async () => {
  const input = new PassThrough();
  const { p } = prompter(input);
  const pending = p.ask(request("appr_1"), signal());
  setTimeout(() => input.write("n\n"), 20);
  assertEquals(await pending, { decision: "denied" });
  const ctl = new AbortController();
  const waiting = p.ask(request("appr_2"), ctl.signal);
  setTimeout(() => ctl.abort(), 20);
  assertEquals(await waiting, { decision: "abort", reason: "the turn was interrupted" });
  // The interrupted question does not swallow the next answer.
  const next = p.ask(request("appr_3"), signal());
  input.write("y\n");
  assertEquals(await next, { decision: "approved" });
  p.close();
  input.destroy();
});

Deno.test("prompter choice: rich only on two terminals, without line_mode, unless TERM=dumb", () => {
  const mode = (stdin: boolean, stdout: boolean, line_mode?: boolean, term = "xterm") =>
    createPrompter({ config: { line_mode }, stdinIsTerminal: stdin, stdoutIsTerminal: stdout, term }).mode;
  assertEquals(mode(true, true), "rich");
  assertEquals(mode(true, true, false, "dumb"), "line");
  assertEquals(mode(true, true, true), "line");
  assertEquals(mode(true, false), "line");
  assertEquals(mode(false, true), "line");
  assertEquals(mode(false, false, false), "line");
});
