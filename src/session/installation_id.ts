/**
 * The installation id: a UUID kept in `$CODEX_HOME/installation_id` (the file Codex uses), created on
 * first use and sent in request metadata.
 * @module
 */
import { join } from "../../lib/path.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads `$CODEX_HOME/installation_id`, creating it when missing or malformed; undefined if unwritable. */
export function installationId(codexHome: string): string | undefined {
  const path = join(codexHome, "installation_id");
  try {
    const text = Deno.readTextFileSync(path).trim();
    if (UUID.test(text)) return text;
  } catch {
    // missing: created below
  }
  const id = crypto.randomUUID();
  try {
    Deno.mkdirSync(codexHome, { recursive: true });
    Deno.writeTextFileSync(path, id);
    return id;
  } catch {
    return undefined;
  }
}
