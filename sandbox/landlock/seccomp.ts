/**
 * The seccomp filter installed when network access is off: `socket()` succeeds only for `AF_UNIX` and
 * fails with EPERM for every other family; io_uring (which can create and connect sockets without
 * socket(2)) fails with EPERM; a foreign architecture or an x32 syscall kills the process. Everything
 * else is allowed.
 * @module
 */
import { type ArchInfo, SYS_IO_URING } from "./ffi.ts";

/** One classic BPF instruction (`struct sock_filter`). */
export interface BpfInstruction {
  code: number;
  jt: number;
  jf: number;
  k: number;
}

const BPF_LD_W_ABS = 0x20;
const BPF_JEQ_K = 0x15;
const BPF_JGE_K = 0x35;
const BPF_RET_K = 0x06;

/** `SECCOMP_RET_*` actions. */
export const RET = {
  KILL_PROCESS: 0x80000000,
  ERRNO: 0x00050000,
  ALLOW: 0x7fff0000,
} as const;

const EPERM = 1;
const AF_UNIX = 1;
/** Offsets in `struct seccomp_data`. */
const OFF_NR = 0;
const OFF_ARCH = 4;
const OFF_ARG0_LO = 16;

function stmt(code: number, k: number): BpfInstruction {
  return { code, jt: 0, jf: 0, k };
}

function jump(code: number, k: number, jt: number, jf: number): BpfInstruction {
  return { code, jt, jf, k };
}

/** The filter program for `arch`. */
export function networkFilter(arch: ArchInfo): BpfInstruction[] {
  const deny = RET.ERRNO | EPERM;
  const prog: BpfInstruction[] = [
    stmt(BPF_LD_W_ABS, OFF_ARCH),
    jump(BPF_JEQ_K, arch.auditArch, 1, 0),
    stmt(BPF_RET_K, RET.KILL_PROCESS),
    stmt(BPF_LD_W_ABS, OFF_NR),
  ];
  if (arch.x32Bit !== undefined) {
    prog.push(jump(BPF_JGE_K, arch.x32Bit, 0, 1), stmt(BPF_RET_K, RET.KILL_PROCESS));
  }
  for (const nr of SYS_IO_URING) prog.push(jump(BPF_JEQ_K, nr, 0, 1), stmt(BPF_RET_K, deny));
  prog.push(
    jump(BPF_JEQ_K, arch.socket, 0, 3),
    stmt(BPF_LD_W_ABS, OFF_ARG0_LO),
    jump(BPF_JEQ_K, AF_UNIX, 1, 0),
    stmt(BPF_RET_K, deny),
    stmt(BPF_RET_K, RET.ALLOW),
  );
  return prog;
}

/** Encodes instructions as the `struct sock_filter[]` bytes the kernel reads (little endian). */
export function encodeFilter(prog: BpfInstruction[]): Uint8Array<ArrayBuffer> {
  const buf = new Uint8Array(prog.length * 8);
  const view = new DataView(buf.buffer);
  prog.forEach((ins, i) => {
    view.setUint16(i * 8, ins.code, true);
    view.setUint8(i * 8 + 2, ins.jt);
    view.setUint8(i * 8 + 3, ins.jf);
    view.setUint32(i * 8 + 4, ins.k >>> 0, true);
  });
  return buf;
}
