/** The human renderer honours `hide_agent_reasoning`. */
import { HumanRenderer } from "./human_renderer.ts";
import { assertEquals } from "../../../tests/helpers/assert.ts";

Deno.test("human renderer: reasoning is shown, or left out with hide_agent_reasoning", () => {
  const render = (hide: boolean) => {
    let out = "";
    const r = new HumanRenderer((t) => void (out += t), false, hide);
    r.event({ type: "item.completed", item: { id: "item_0", type: "reasoning", text: "pondering" } });
    return out;
  };
  assertEquals(render(false).includes("pondering"), true);
  assertEquals(render(true), "");
});
