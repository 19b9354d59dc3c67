import { deepStrictEqual as equal } from "node:assert/strict";
import { localTimeZone, today } from "./context.ts";

Deno.test("context: the local time zone and today's date read as Intl reads them", () => {
  equal(localTimeZone(), Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC");
  for (const zone of ["UTC", "Asia/Kolkata", "America/Los_Angeles", "Pacific/Kiritimati", "Etc/GMT+12"]) {
    const before = new Date().toLocaleDateString("en-CA", { timeZone: zone });
    const got = today(zone);
    const after = new Date().toLocaleDateString("en-CA", { timeZone: zone });
    if (before === after) equal(got, before, zone);
  }
});

Deno.test("context: with TZ set, the zone is the one Intl names", async () => {
  for (const tz of ["UTC", "GMT", "Europe/Berlin", "US/Pacific", "Invalid/Zone"]) {
    const code = `import { localTimeZone } from ${
      JSON.stringify(new URL("./context.ts", import.meta.url).href)
    };
console.log(JSON.stringify([localTimeZone(), Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC"]));`;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", code],
      env: { TZ: tz },
      stderr: "inherit",
    }).output();
    const [ours, intl] = JSON.parse(new TextDecoder().decode(out.stdout));
    equal(ours, intl, tz);
  }
});
