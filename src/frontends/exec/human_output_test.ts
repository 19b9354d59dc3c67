import { assertEquals } from "../../../tests/helpers/assert.ts";
import { outputPreview } from "./human_renderer.ts";

Deno.test("human output preview: head and tail lines around an exact hidden-line count", () => {
  const text = Array.from({ length: 100 }, (_, i) => `${i + 1}`).join("\n") + "\n";
  const shown = outputPreview(text);
  assertEquals(shown.length, 21);
  assertEquals(shown.slice(0, 10), Array.from({ length: 10 }, (_, i) => `${i + 1}`));
  assertEquals(shown[10], "… +80 lines …");
  assertEquals(shown.slice(11), Array.from({ length: 10 }, (_, i) => `${i + 91}`));
  assertEquals(outputPreview("a\nb\n"), ["a", "b"]);
});

Deno.test("human output preview: a head-and-tail capture reports the omitted bytes apart from lines", () => {
  const head = Array.from({ length: 50 }, (_, i) => `h${i}`).join("\n");
  const tail = Array.from({ length: 50 }, (_, i) => `t${i}`).join("\n");
  const shown = outputPreview(`${head}\n... 940319 bytes omitted ...\n${tail}\n`);
  assertEquals(shown[10], "… +80 lines and 940319 bytes not kept …");
  assertEquals(shown[20], "t49");
});
