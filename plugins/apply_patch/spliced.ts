/**
 * A file's new content as pieces of buffers that already exist (spans of the original file, the patch's
 * lines), so a large file is patched without a second full-size buffer: the pieces are written to the
 * file through one small staging buffer.
 * @module
 */

/** Bytes staged per write call. */
const STAGE = 1 << 16;

/** New content as pieces, in order. */
export class SplicedContent {
  /** The pieces (views into other buffers; never modified). */
  readonly parts: readonly Uint8Array[];
  /** Total length in bytes. */
  readonly length: number;

  constructor(parts: readonly Uint8Array[]) {
    this.parts = parts;
    let n = 0;
    for (const p of parts) n += p.length;
    this.length = n;
  }

  /** The content joined into one buffer. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  /** Writes the content at `file`'s position; large pieces directly, small ones gathered first. */
  writeTo(file: Deno.FsFile): void {
    const stage = new Uint8Array(Math.min(STAGE, this.length));
    let staged = 0;
    const flush = () => {
      writeAll(file, stage.subarray(0, staged));
      staged = 0;
    };
    for (const p of this.parts) {
      if (p.length >= STAGE) {
        flush();
        writeAll(file, p);
      } else {
        if (staged + p.length > stage.length) flush();
        stage.set(p, staged);
        staged += p.length;
      }
    }
    flush();
  }
}

function writeAll(file: Deno.FsFile, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length;) at += file.writeSync(bytes.subarray(at));
}

/** Writes `content` to `path` (created with `mode` when given, truncated when it exists). */
export function writeContent(path: string, content: Uint8Array | SplicedContent, mode?: number): void {
  if (content instanceof Uint8Array) {
    Deno.writeFileSync(path, content, mode === undefined ? {} : { mode });
    return;
  }
  using file = Deno.openSync(path, { write: true, create: true, truncate: true, mode });
  content.writeTo(file);
}
