import { rejectUnownedKeys, withoutOwnedTables } from "./plugin_tables.ts";
import { assertEquals, assertThrowsMatching } from "../../tests/helpers/assert.ts";

Deno.test("rejectUnownedKeys: a plugin's table and its keys pass; the first unowned key names its source", () => {
  const unknown = [
    { source: "/home/u/config.toml", keys: ["acme", "acme.level"] },
    { source: "-c acmee=1", keys: ["acmee"] },
    { source: "/p/.codex/config.toml", keys: ["modle"] },
  ];
  rejectUnownedKeys(unknown.slice(0, 1), ["acme"]);
  assertThrowsMatching(
    () => rejectUnownedKeys(unknown, ["acme"]),
    /^-c acmee=1: unknown configuration field `acmee`$/,
  );
  assertThrowsMatching(
    () => rejectUnownedKeys(unknown, []),
    /^\/home\/u\/config\.toml: unknown configuration fields `acme`, `acme\.level`$/,
  );
  assertEquals(
    withoutOwnedTables([
      "ignoring unknown config key `acme.level` in x",
      "ignoring unknown config key `b` in x",
    ], [
      "acme",
    ]),
    ["ignoring unknown config key `b` in x"],
  );
});
