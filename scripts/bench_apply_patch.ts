/**
 * apply_patch benchmark (`deno task bench:apply_patch`, also run at the end of `deno task bench`): a
 * 100,000-line file and one patch with 2,000 update chunks, applied by this CLI's standalone mode
 * (`deno run -A mod.ts apply_patch` with the release V8 flags, and `dist/codex.js` when built) and by the
 * real Codex binary invoked through a symlink named `apply_patch`. The patch goes through stdin (one argv
 * string is capped at 128 KiB on Linux). Reports median wall and CPU time, peak RSS (GNU time) and
 * ratios, Deno's floors for the same file I/O (as strings split into lines and joined, and as bytes only),
 * and checks that every implementation produced the same bytes.
 *
 * Options: `--runs N` (default 5), `--lines N` (default 100000), `--hunks N` (default 2000), `--fuzzy`
 * (context lines carry trailing spaces, so only the whitespace-tolerant tier matches).
 * Real Codex: see `findCodex` (CODEX_BIN, else installed from npm into a cache folder).
 * @module
 */
import { existsSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findCodex, median, type Subject, timeRun } from "./bench_util.ts";
import { V8_FLAGS_ARG } from "./v8_flags.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** Median wall time, median CPU time, peak RSS, and the digest of the file it produced. */
interface Figures {
  wallMs: number;
  cpuMs: number | null;
  rssKb: number | null;
  failures: number;
  digest: string;
}

function flag(name: string, fallback: number): number {
  const i = Deno.args.indexOf(name);
  return i >= 0 ? Number(Deno.args[i + 1]) : fallback;
}

/** The input file: `lines` distinct lines. */
export function bigFile(lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(`line ${i}: value = ${(i * 7919) % 100_003} // item ${i}`);
  return out.join("\n") + "\n";
}

/**
 * A patch with `hunks` chunks spread evenly: three lines of context around one replaced line each. With
 * `fuzzy`, the context and removed lines carry trailing spaces the file does not have, so every chunk is
 * found only by the whitespace-tolerant tier.
 */
export function bigPatch(lines: number, hunks: number, fuzzy = false): string {
  const step = Math.floor(lines / hunks);
  const pad = fuzzy ? "  " : "";
  const line = (i: number) => `line ${i}: value = ${(i * 7919) % 100_003} // item ${i}${pad}`;
  const parts = ["*** Begin Patch", "*** Update File: big.txt"];
  for (let k = 0; k < hunks; k++) {
    const c = k * step + Math.floor(step / 2);
    parts.push("@@");
    for (let i = c - 3; i < c; i++) parts.push(` ${line(i)}`);
    parts.push(`-${line(c)}`, `+${line(c).trimEnd()} // changed by hunk ${k}`);
    for (let i = c + 1; i <= c + 3; i++) parts.push(` ${line(i)}`);
  }
  parts.push("*** End Patch", "");
  return parts.join("\n");
}

async function digest(path: string): Promise<string> {
  const hash = await crypto.subtle.digest("SHA-256", readFileSync(path));
  return Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function measure(
  s: Subject,
  dir: string,
  input: string,
  patch: Uint8Array,
  runs: number,
): Promise<Figures> {
  const walls: number[] = [];
  const cpus: number[] = [];
  const rss: number[] = [];
  let failures = 0;
  let lastError = "";
  for (let i = 0; i <= runs; i++) {
    writeFileSync(join(dir, "big.txt"), input);
    const r = await timeRun(s.argv, { cwd: dir, stdin: patch });
    if (!r.ok) {
      failures++;
      lastError = r.stderr.trim();
    }
    if (i === 0) continue; // warm-up
    walls.push(r.ms);
    if (r.cpuMs !== null) cpus.push(r.cpuMs);
    if (r.rssKb !== null) rss.push(r.rssKb);
  }
  if (failures) console.log(`  ${s.name}: ${failures} failed runs: ${lastError.split("\n")[0]}`);
  return {
    wallMs: median(walls),
    cpuMs: cpus.length ? median(cpus) : null,
    rssKb: rss.length ? Math.max(...rss) : null,
    failures,
    digest: await digest(join(dir, "big.txt")),
  };
}

function fmt(f: Figures): string {
  const rss = f.rssKb === null ? "n/a" : `${(f.rssKb / 1024).toFixed(1)} MiB`;
  const cpu = f.cpuMs === null ? "n/a" : `${f.cpuMs.toFixed(0)} ms`;
  return `${f.wallMs.toFixed(1).padStart(8)} ms  cpu ${cpu.padStart(8)}  ${rss.padStart(10)}`;
}

/** Runs the benchmark and prints the figures. */
export async function benchApplyPatch(
  options: { runs?: number; lines?: number; hunks?: number; fuzzy?: boolean } = {},
) {
  const runs = options.runs ?? flag("--runs", 5);
  const lines = options.lines ?? flag("--lines", 100_000);
  const hunks = options.hunks ?? flag("--hunks", 2000);
  const fuzzy = options.fuzzy ?? Deno.args.includes("--fuzzy");
  const scratch = Deno.makeTempDirSync({ prefix: "codex-bench-apply-patch-" });
  try {
    const input = bigFile(lines);
    const patchText = bigPatch(lines, hunks, fuzzy);
    const patch = new TextEncoder().encode(patchText);
    const subjects: Subject[] = [
      {
        name: "codex-deno (deno run mod.ts)",
        argv: [Deno.execPath(), "run", "-A", V8_FLAGS_ARG, join(ROOT, "mod.ts"), "apply_patch"],
      },
    ];
    // Two floors: Deno reading, decoding, splitting, joining, encoding and writing the same file as
    // strings; and the same I/O on bytes only (the patch read from stdin, the file read into one buffer of
    // its size, an output buffer of its size filled from it, written to a temporary file renamed over it).
    const floor = join(scratch, "floor.ts");
    writeFileSync(
      floor,
      'const t = new TextDecoder().decode(Deno.readFileSync("big.txt"));\n' +
        "await new Response(Deno.stdin.readable).text();\n" +
        'Deno.writeFileSync("big.txt", new TextEncoder().encode(t.split("\\n").join("\\n")));\n',
    );
    const bytesFloor = join(scratch, "floor_bytes.ts");
    writeFileSync(
      bytesFloor,
      "const patch = [];\n" +
        "for (let b = new Uint8Array(1 << 16), n; (n = Deno.stdin.readSync(b)) !== null; b = new Uint8Array(1 << 16)) {\n" +
        "  patch.push(b.subarray(0, n));\n" +
        "}\n" +
        'const f = Deno.openSync("big.txt");\n' +
        "const bytes = new Uint8Array(f.statSync().size);\n" +
        "for (let at = 0; at < bytes.length;) at += f.readSync(bytes.subarray(at)) ?? bytes.length;\n" +
        "f.close();\n" +
        "const out = new Uint8Array(bytes.length);\n" +
        "out.set(bytes);\n" +
        'Deno.writeFileSync("big.txt.tmp", out);\n' +
        'Deno.renameSync("big.txt.tmp", "big.txt");\n',
    );
    const bundle = join(ROOT, "dist", "codex.js");
    if (existsSync(bundle)) {
      subjects.push({
        name: "codex-deno (deno run dist/codex.js)",
        argv: [Deno.execPath(), "run", "-A", V8_FLAGS_ARG, bundle, "apply_patch"],
      });
    }
    const real = await findCodex();
    if (real) {
      const link = join(scratch, "apply_patch");
      symlinkSync(real, link);
      subjects.push({ name: "real codex (as apply_patch)", argv: [link] });
    } else console.log("real Codex binary not found (set CODEX_BIN); reporting this CLI only");

    console.log(
      `\napply_patch${fuzzy ? " (whitespace-fuzzy matches only)" : ""}: ${
        lines.toLocaleString("en")
      }-line file (${(input.length / 1024 / 1024).toFixed(1)} MiB), ` +
        `${hunks} chunks (${
          (patch.length / 1024).toFixed(0)
        } KiB patch on stdin); ${runs} runs after 1 warm-up`,
    );
    const results: [Subject, Figures][] = [];
    for (const s of subjects) {
      const dir = join(scratch, `run-${results.length}`);
      Deno.mkdirSync(dir);
      const f = await measure(s, dir, input, patch, runs);
      results.push([s, f]);
      console.log(`  ${s.name.padEnd(40)} ${fmt(f)}${f.failures ? "  (failed)" : ""}`);
    }
    Deno.mkdirSync(join(scratch, "floor"));
    const floorFigures = await measure(
      { name: "floor", argv: [Deno.execPath(), "run", "-A", V8_FLAGS_ARG, floor] },
      join(scratch, "floor"),
      input,
      patch,
      runs,
    ).catch(() => undefined);
    if (floorFigures) console.log(`  ${"floor: deno read+split+join+write".padEnd(40)} ${fmt(floorFigures)}`);
    Deno.mkdirSync(join(scratch, "floor_bytes"));
    const bytesFloorFigures = await measure(
      { name: "floor (bytes)", argv: [Deno.execPath(), "run", "-A", V8_FLAGS_ARG, bytesFloor] },
      join(scratch, "floor_bytes"),
      input,
      patch,
      runs,
    ).catch(() => undefined);
    if (bytesFloorFigures) {
      console.log(`  ${"floor: deno read+write, bytes".padEnd(40)} ${fmt(bytesFloorFigures)}`);
    }
    const ok = results.filter(([, f]) => f.failures === 0);
    const digests = new Set(ok.map(([, f]) => f.digest));
    console.log(
      digests.size === 1
        ? `  outputs identical across ${ok.length} implementations (sha256 ${[...digests][0].slice(0, 16)}…)`
        : `  OUTPUTS DIFFER: ${ok.map(([s, f]) => `${s.name}=${f.digest.slice(0, 12)}`).join(", ")}`,
    );
    const [mine] = results[0];
    const theirs = results.find(([s]) => s.name.startsWith("real codex"));
    if (theirs && results[0][1].failures === 0 && theirs[1].failures === 0) {
      const a = results[0][1];
      const b = theirs[1];
      const rssRatio = a.rssKb && b.rssKb ? `${(a.rssKb / b.rssKb).toFixed(2)}x` : "n/a";
      const cpuRatio = a.cpuMs && b.cpuMs ? `${(a.cpuMs / b.cpuMs).toFixed(2)}x` : "n/a";
      console.log(
        `  ratio (${mine.name} / real codex): wall ${
          (a.wallMs / b.wallMs).toFixed(2)
        }x, cpu ${cpuRatio}, peak RSS ${rssRatio}`,
      );
    }
    if (digests.size > 1) throw new Error("apply_patch implementations produced different files");
  } finally {
    Deno.removeSync(scratch, { recursive: true });
  }
}

if (import.meta.main) await benchApplyPatch();
