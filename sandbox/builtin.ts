/**
 * The built-in sandbox backend plugins, in probe order (each also carries its own priority).
 * @module
 */
import type { Plugin } from "../src/kernel/plugin.ts";
import bwrap from "./bwrap/mod.ts";
import landlock from "./landlock/mod.ts";
import none from "./none/mod.ts";
import seatbelt from "./seatbelt/mod.ts";

/** bwrap (10), seatbelt (15), landlock (20), none (1000): bwrap first, as it can keep .git read-only while allowing new files in a root; landlock is the fallback where user namespaces are unavailable. */
export const SANDBOX_PLUGINS: readonly Plugin[] = [landlock, seatbelt, bwrap, none];
