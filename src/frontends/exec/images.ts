/**
 * `-i/--image` files as prompt parts, in Codex's layout: an opening tag, the image as a data URL, a
 * closing tag. An unreadable file becomes a text part saying so.
 * @module
 */
import { basename, resolve } from "../../../lib/path.ts";
import { UsageError } from "../../kernel/errors.ts";
import type { ContentPart } from "../../kernel/model.ts";

/** The image type of `data` from its first bytes (PNG, JPEG, GIF, WebP), or undefined. */
export function sniffImage(data: Uint8Array): string | undefined {
  const at = (i: number, ...bytes: number[]) => bytes.every((b, k) => data[i + k] === b);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (at(0, 0xff, 0xd8, 0xff)) return "image/jpeg";
  if (at(0, 0x47, 0x49, 0x46, 0x38)) return "image/gif";
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return "image/webp";
  return undefined;
}

/** The prompt parts for `paths` (relative to `cwd`). Throws UsageError for a file that is not an image. */
export function imageParts(paths: string[], cwd: string): ContentPart[] {
  const parts: ContentPart[] = [];
  paths.forEach((p, i) => {
    const abs = resolve(cwd, p);
    let data: Uint8Array;
    try {
      data = Deno.readFileSync(abs);
    } catch (err) {
      parts.push({
        type: "input_text",
        text: `Codex could not read the local image at \`${abs}\`: ${(err as Error).message}`,
      });
      return;
    }
    const mime = sniffImage(data);
    if (!mime) {
      throw new UsageError(
        `--image: expected a PNG, JPEG, GIF or WebP image, found '${
          basename(abs)
        }' (${abs}) which is not one`,
      );
    }
    {
      const b64 = btoa(Array.from(data, (b) => String.fromCharCode(b)).join(""));
      parts.push({ type: "input_text", text: `<image name=[Image #${i + 1}] path="${abs}">` });
      parts.push({ type: "input_image", image_url: `data:${mime};base64,${b64}`, detail: "original" });
      parts.push({ type: "input_text", text: "</image>" });
    }
  });
  return parts;
}
