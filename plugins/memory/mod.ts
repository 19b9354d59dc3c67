/**
 * The memory plugin: memories the user saves with `/m_update <text>` are kept in
 * `$CODEX_HOME/memory/memories.md` (one `- ` line each) and given to every new thread as a `<memory>`
 * developer block. `/m_drop` lists them numbered, `/m_drop <n>` drops one, `/m_drop all` drops every one,
 * `/m_drop <words>` drops the single memory containing those words. Text that looks like a secret is
 * refused.
 * @module
 */
import { definePlugin, type Plugin } from "../../mod.ts";
import { secretReason } from "./secrets.ts";
import { addMemory, memoryFile, readMemories, renderMemories, writeMemories } from "./store.ts";

function listLines(memories: readonly string[]): string[] {
  if (memories.length === 0) return ["No memories saved. Add one with /m_update <text>."];
  const width = String(memories.length).length;
  return memories.map((m, i) => `  ${String(i + 1).padStart(width)}. ${m}`);
}

/** Registers the memory instructions, `/m_update` and `/m_drop`. */
export const memoryPlugin: Plugin = definePlugin({
  name: "memory",
  version: "0.1.0",
  api: 1,
  setup(ctx) {
    ctx.instructions((env) => renderMemories(readMemories(env.codexHome)));

    ctx.command({
      name: "m_update",
      description: "save a memory for future sessions: /m_update <text>",
      run(args, c) {
        const text = args.trim();
        if (text === "") {
          c.print("Usage: /m_update <text to remember in future sessions>");
          return;
        }
        const why = secretReason(text);
        if (why) {
          c.print(
            `Not saved: ${why}. Memories are stored in plain text and sent to the model in every session; keep secrets out of them.`,
          );
          return;
        }
        const all = addMemory(c.session.codexHome, text);
        c.print(
          `Saved memory ${all.length} to ${
            memoryFile(c.session.codexHome)
          } (the model sees it from the next codex run on).`,
        );
      },
    });

    ctx.command({
      name: "m_drop",
      description: "forget memories: /m_drop lists them, /m_drop <n|all|words> drops",
      run(args, c) {
        const home = c.session.codexHome;
        const memories = readMemories(home);
        const arg = args.trim();
        if (arg === "") {
          for (const line of listLines(memories)) c.print(line);
          if (memories.length > 0) c.print("Drop one with /m_drop <n>, or every one with /m_drop all.");
          return;
        }
        if (arg === "all") {
          writeMemories(home, []);
          c.print(`Dropped ${memories.length} ${memories.length === 1 ? "memory" : "memories"}.`);
          return;
        }
        let index: number;
        if (/^\d+$/.test(arg)) {
          index = Number(arg) - 1;
          if (index < 0 || index >= memories.length) {
            c.print(
              `No memory ${arg}: expected a number from 1 to ${memories.length}, "all", or words of a memory.`,
            );
            return;
          }
        } else {
          const needle = arg.toLowerCase();
          const matches = memories.flatMap((m, i) => (m.toLowerCase().includes(needle) ? [i] : []));
          if (matches.length !== 1) {
            c.print(
              matches.length === 0
                ? `No memory contains "${arg}".`
                : `${matches.length} memories contain "${arg}"; drop one by number:`,
            );
            for (const i of matches) c.print(`  ${i + 1}. ${memories[i]}`);
            return;
          }
          index = matches[0];
        }
        const [dropped] = memories.splice(index, 1);
        writeMemories(home, memories);
        c.print(`Dropped memory ${index + 1}: ${dropped}`);
      },
    });
  },
});

export default memoryPlugin;
export * from "./secrets.ts";
export * from "./store.ts";
