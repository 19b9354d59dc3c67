/** The raw-mode key decoder and the line editor behind the interactive prompt (no terminal needed). */
import { KeyDecoder } from "./keys.ts";
import { commonPrefix, LineEditor } from "./line_editor.ts";
import { replCompleter } from "./completer.ts";
import { mentionOf } from "./attachments.ts";
import { assertEquals } from "../../../tests/helpers/assert.ts";

Deno.test("keys: text runs, control keys, CSI arrows, Alt-Enter and a paste split across chunks", () => {
  const d = new KeyDecoder();
  assertEquals(d.feed("ab\x1b[D\x01\x03\r\n\x1b\r\t\x7f"), [
    { kind: "text", text: "ab" },
    { kind: "left" },
    { kind: "home" },
    { kind: "ctrl-c" },
    { kind: "enter" },
    { kind: "newline" },
    { kind: "newline" },
    { kind: "tab" },
    { kind: "backspace" },
  ]);
  assertEquals(d.feed("\x1b[200~one\ntw"), []);
  assertEquals(d.feed("o\x1b[20"), []);
  assertEquals(d.feed("1~x"), [{ kind: "paste", text: "one\ntwo" }, { kind: "text", text: "x" }]);
  assertEquals(d.feed("\x1b["), []);
  assertEquals(d.feed("3~"), [{ kind: "delete" }]);
});

Deno.test("line editor: editing, a trailing backslash continues, history browsing keeps the draft", () => {
  const e = new LineEditor(["older", "newest"].reverse());
  for (const t of ["helo", "\x1b[D"]) for (const k of new KeyDecoder().feed(t)) e.apply(k);
  e.apply({ kind: "text", text: "l" });
  assertEquals([e.text, e.cursor], ["hello", 4]);
  e.apply({ kind: "end" });
  e.apply({ kind: "text", text: " \\" });
  assertEquals(e.apply({ kind: "enter" }), { kind: "changed" });
  e.apply({ kind: "text", text: "world" });
  assertEquals(e.apply({ kind: "enter" }), { kind: "submit", text: "hello \nworld" });
  e.apply({ kind: "text", text: "draft" });
  e.apply({ kind: "up" });
  assertEquals(e.text, "newest");
  e.apply({ kind: "up" });
  assertEquals(e.text, "older");
  e.apply({ kind: "down" });
  e.apply({ kind: "down" });
  assertEquals(e.text, "draft");
  e.apply({ kind: "kill-word" });
  assertEquals(e.text, "");
  assertEquals(e.apply({ kind: "ctrl-d" }), { kind: "eof" });
  // In a multi-line text, up and down move between its lines before they browse history.
  e.set("first line\nsecond");
  e.apply({ kind: "up" });
  assertEquals([e.text, e.cursor], ["first line\nsecond", 6]);
  e.apply({ kind: "down" });
  assertEquals(e.cursor, 17);
  e.apply({ kind: "up" });
  e.apply({ kind: "up" });
  assertEquals(e.text, "newest");
});

Deno.test("completion at the prompt: commands, their argument words, quoted @paths", () => {
  const complete = replCompleter({
    files: () => ["src/a.ts", "my dir/it's.txt", "my dir/b c.txt"],
    commands: () => [
      { name: "personality", description: "", args: ["friendly", "pragmatic", "none"], run() {} },
      { name: "permissions", description: "", args: ["never", "full-access"], run() {} },
      { name: "quit", aliases: ["exit"], description: "", run() {} },
    ],
    sessions: () => 0,
  });
  const e = new LineEditor([], complete);
  const type = (text: string) => e.apply({ kind: "text", text });
  type("/pe");
  assertEquals(e.apply({ kind: "tab" }), { kind: "changed" });
  assertEquals(e.text, "/per");
  assertEquals(e.apply({ kind: "tab" }), { kind: "list", candidates: ["/permissions", "/personality"] });
  type("so");
  e.apply({ kind: "tab" });
  assertEquals(e.text, "/personality ");
  type("fr");
  e.apply({ kind: "tab" });
  assertEquals(e.text, "/personality friendly");
  e.set("read @b c");
  e.apply({ kind: "tab" });
  assertEquals(e.text, "read @b c"); // "c" is a new word: no @ mention to complete
  e.set("read @mydirb");
  e.apply({ kind: "tab" });
  assertEquals(e.text, 'read @"my dir/b c.txt"');
  assertEquals(mentionOf("my dir/it's.txt"), `@"my dir/it's.txt"`);
  assertEquals(mentionOf('say "hi".txt'), `@'say "hi".txt'`);
  assertEquals(commonPrefix(["/perm", "/pers"]), "/per");
});
