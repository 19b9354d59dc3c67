/**
 * `-i/--image` files as prompt parts, in Codex's layout: an opening tag, the image as a data URL, a
 * closing tag. An unreadable file becomes a text part saying so.
 * @module
 */
import { basename, resolve } from "node:path";
import type { ContentPart } from "../../kernel/model.ts";

/** The prompt parts for `paths` (relative to `cwd`). */
export function imageParts(paths: string[], cwd: string): ContentPart[] {
  const parts: ContentPart[] = [];
  paths.forEach((p, i) => {
    const abs = resolve(cwd, p);
    try {
      const data = Deno.readFileSync(abs);
      const ext = basename(abs).split(".").pop()?.toLowerCase();
      const mime = ext === "jpg" || ext === "jpeg"
        ? "image/jpeg"
        : ext === "gif"
        ? "image/gif"
        : ext === "webp"
        ? "image/webp"
        : "image/png";
      const b64 = btoa(Array.from(data, (b) => String.fromCharCode(b)).join(""));
      parts.push({ type: "input_text", text: `<image name=[Image #${i + 1}] path="${abs}">` });
      parts.push({ type: "input_image", image_url: `data:${mime};base64,${b64}`, detail: "original" });
      parts.push({ type: "input_text", text: "</image>" });
    } catch (err) {
      parts.push({
        type: "input_text",
        text: `Codex could not read the local image at \`${abs}\`: ${(err as Error).message}`,
      });
    }
  });
  return parts;
}
