/**
 * Light Markdown for a colour terminal: headings, **bold**, `inline code`, fenced code blocks and list
 * bullets, rendered line by line as assistant text streams in (a line is drawn once it is complete).
 * Also colours unified diffs. Plain text is used instead when stdout is not a TTY or NO_COLOR is set.
 * @module
 */

const BOLD = "\x1b[1m", DIM = "\x1b[2m", CYAN = "\x1b[36m", RESET = "\x1b[0m";

/** Styles one line of Markdown outside a code block. */
export function renderMarkdownLine(line: string): string {
  const heading = line.match(/^(#{1,6})\s+(.*)$/);
  if (heading) return `${BOLD}\x1b[4m${inline(heading[2])}${RESET}`;
  const bullet = line.match(/^(\s*)[-*+]\s+(.*)$/);
  if (bullet) return `${bullet[1]}• ${inline(bullet[2])}`;
  const numbered = line.match(/^(\s*)(\d+)[.)]\s+(.*)$/);
  if (numbered) return `${numbered[1]}${numbered[2]}. ${inline(numbered[3])}`;
  if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) return DIM + "─".repeat(40) + RESET;
  if (line.startsWith("> ")) return `${DIM}│ ${inline(line.slice(2))}${RESET}`;
  return inline(line);
}

function inline(text: string): string {
  return text
    .replace(/`([^`]+)`/g, (_m, code) => `${CYAN}${code}${RESET}`)
    .replace(/\*\*([^*]+)\*\*/g, (_m, b) => `${BOLD}${b}${RESET}`)
    .replace(/__([^_]+)__/g, (_m, b) => `${BOLD}${b}${RESET}`);
}

/**
 * Renders streamed Markdown to `write`. Text is shown as it arrives; when a line is complete it is
 * redrawn styled (when it fits on one terminal row; a longer line keeps its plain text).
 */
export class MarkdownStream {
  #write: (text: string) => void;
  #columns: () => number;
  #partial = "";
  #fence: string | undefined;

  constructor(write: (text: string) => void, columns: () => number = () => 80) {
    this.#write = write;
    this.#columns = columns;
  }

  /** Adds streamed text. */
  push(text: string): void {
    let nl;
    while ((nl = text.indexOf("\n")) >= 0) {
      this.#complete(text.slice(0, nl));
      text = text.slice(nl + 1);
    }
    if (text !== "") {
      this.#write(text);
      this.#partial += text;
    }
  }

  #complete(rest: string): void {
    const line = this.#partial + rest;
    const shown = this.#partial;
    this.#partial = "";
    const styled = this.#render(line);
    if (shown === "") this.#write(styled + "\n");
    else if ([...line].length < this.#columns()) this.#write("\r\x1b[2K" + styled + "\n");
    else this.#write(rest + "\n");
  }

  /** Ends the message: a last line without newline is styled too; the block state resets. */
  end(): void {
    if (this.#partial !== "") {
      const line = this.#partial;
      this.#partial = "";
      if ([...line].length < this.#columns()) this.#write("\r\x1b[2K" + this.#render(line));
    }
    this.#fence = undefined;
  }

  #render(line: string): string {
    const fence = line.match(/^\s*(```|~~~)(.*)$/);
    if (fence) {
      if (this.#fence === undefined) {
        this.#fence = fence[1];
        return `${DIM}${fence[2].trim() ? `── ${fence[2].trim()} ──` : "────"}${RESET}`;
      }
      if (fence[1] === this.#fence) {
        this.#fence = undefined;
        return `${DIM}────${RESET}`;
      }
    }
    if (this.#fence !== undefined) return `${CYAN}${line}${RESET}`;
    return renderMarkdownLine(line);
  }
}

/** Colours a unified diff: additions green, removals red, hunk headers cyan, file headers bold. */
export function colorDiff(text: string): string {
  return text.split("\n").map((line) => {
    if (/^(diff --git|index |\+\+\+ |--- |new file|deleted file)/.test(line)) return `${BOLD}${line}${RESET}`;
    if (line.startsWith("@@")) return `${CYAN}${line}${RESET}`;
    if (line.startsWith("+")) return `\x1b[32m${line}${RESET}`;
    if (line.startsWith("-")) return `\x1b[31m${line}${RESET}`;
    return line;
  }).join("\n");
}
