/**
 * The seccomp filter both Linux sandbox backends install (landlock through its helper, bwrap through
 * `--seccomp FD`): one classic BPF program, generated here, for x86_64 and aarch64.
 *
 * Always: a foreign architecture or an x32 syscall kills the process; `ptrace`, `process_vm_readv`,
 * `process_vm_writev`, the mount syscalls (`mount`, `umount2`, `pivot_root`, `open_tree`,
 * `move_mount`, `fsopen`, `fsconfig`, `fsmount`, `mount_setattr`) and the terminal-injection ioctls
 * (`TIOCSTI`, `TIOCLINUX`) fail with EPERM.
 *
 * With network off, also: `socket()`/`socketpair()` succeed only for `AF_UNIX`; `connect()` always fails
 * (the only sockets left are UNIX ones, and connecting to one outside, such as the user's ssh agent or
 * a desktop bus, is how a sandboxed command would reach unsandboxed services); `sendto()` with a
 * destination address and `sendmmsg()` fail (no datagrams to sockets outside); io_uring fails (it can
 * create and connect sockets without these syscalls). Everything else is allowed.
 * @module
 */

/** Syscall numbers and seccomp constants of one CPU architecture. */
export interface ArchInfo {
  /** `AUDIT_ARCH_*` value seccomp sees in `seccomp_data.arch`. */
  auditArch: number;
  prctl: number;
  seccomp: number;
  socket: number;
  socketpair: number;
  connect: number;
  sendto: number;
  sendmmsg: number;
  ioctl: number;
  ptrace: number;
  setsid: number;
  processVm: readonly number[];
  mount: readonly number[];
  /** SysV IPC (shm, sem, msg): shared with every process of the host's IPC namespace. */
  sysvIpc: readonly number[];
  /** chmod/chown/xattr/utimes family: metadata changes Landlock does not govern. */
  metadata: readonly number[];
  /** x86_64 also accepts x32 syscalls (numbers with this bit set) under the same audit arch. */
  x32Bit?: number;
}

/** New mount API syscalls: one number on every architecture (open_tree … fsmount, mount_setattr). */
const NEW_MOUNT_API = [428, 429, 430, 431, 432, 442];

const ARCHES: Record<string, ArchInfo> = {
  x86_64: {
    auditArch: 0xc000003e,
    prctl: 157,
    seccomp: 317,
    socket: 41,
    socketpair: 53,
    connect: 42,
    sendto: 44,
    sendmmsg: 307,
    ioctl: 16,
    ptrace: 101,
    setsid: 112,
    processVm: [310, 311],
    mount: [165, 166, 155, ...NEW_MOUNT_API],
    sysvIpc: [29, 30, 31, 64, 65, 66, 67, 68, 69, 70, 71, 220],
    metadata: [90, 91, 268, 452, 92, 93, 94, 260, 188, 189, 190, 197, 198, 199, 280, 235, 132, 261],
    x32Bit: 0x40000000,
  },
  aarch64: {
    auditArch: 0xc00000b7,
    prctl: 167,
    seccomp: 277,
    socket: 198,
    socketpair: 199,
    connect: 203,
    sendto: 206,
    sendmmsg: 269,
    ioctl: 29,
    ptrace: 117,
    setsid: 157,
    processVm: [270, 271],
    mount: [40, 39, 41, ...NEW_MOUNT_API],
    sysvIpc: [186, 187, 188, 189, 190, 191, 192, 193, 194, 195, 196, 197],
    metadata: [52, 53, 452, 55, 54, 5, 6, 7, 14, 15, 16, 88],
  },
};

/** io_uring can create and connect sockets without socket(2); these are denied with the network. */
export const SYS_IO_URING = [425, 426, 427] as const;

/** The architecture table for `arch` (default: this build), or undefined when unsupported. */
export function archInfo(arch: string = Deno.build.arch): ArchInfo | undefined {
  return ARCHES[arch];
}

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
const TIOCSTI = 0x5412;
const TIOCLINUX = 0x541c;
/** Offsets in `struct seccomp_data`: nr, arch, then args[6] as u64 (low word first on LE). */
const OFF_NR = 0;
const OFF_ARCH = 4;
const argLo = (i: number) => 16 + 8 * i;
const argHi = (i: number) => 20 + 8 * i;

function stmt(code: number, k: number): BpfInstruction {
  return { code, jt: 0, jf: 0, k };
}

function jump(code: number, k: number, jt: number, jf: number): BpfInstruction {
  return { code, jt, jf, k };
}

/** Options of `sandboxFilter`. */
export interface FilterOptions {
  /** Whether the policy allows network access (then sockets are not restricted). */
  network: boolean;
  /** Also deny `setsid` (the landlock backend kills the command's session when it ends). */
  denySetsid?: boolean;
  /**
   * Also deny chmod/chown/xattr/utimes (the landlock backend under `read-only`, where nothing may be
   * changed and Landlock does not govern metadata).
   */
  denyMetadata?: boolean;
  /** Also deny SysV IPC (the landlock backend, which has no IPC namespace). */
  denySysvIpc?: boolean;
}

/** The filter program for `arch`. */
export function sandboxFilter(arch: ArchInfo, options: FilterOptions): BpfInstruction[] {
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
  const denied = [arch.ptrace, ...arch.processVm, ...arch.mount];
  if (options.denySetsid) denied.push(arch.setsid);
  if (options.denyMetadata) denied.push(...arch.metadata);
  if (options.denySysvIpc) denied.push(...arch.sysvIpc);
  if (!options.network) denied.push(...SYS_IO_URING, arch.connect, arch.sendmmsg);
  for (const nr of denied) prog.push(jump(BPF_JEQ_K, nr, 0, 1), stmt(BPF_RET_K, deny));
  // ioctl: deny TIOCSTI / TIOCLINUX (arg1), allow the rest. Every block below reloads the accumulator
  // with an argument, so each ends in returns.
  prog.push(
    jump(BPF_JEQ_K, arch.ioctl, 0, 5),
    stmt(BPF_LD_W_ABS, argLo(1)),
    jump(BPF_JEQ_K, TIOCSTI, 1, 0),
    jump(BPF_JEQ_K, TIOCLINUX, 0, 1),
    stmt(BPF_RET_K, deny),
    stmt(BPF_RET_K, RET.ALLOW),
  );
  if (!options.network) {
    for (const nr of [arch.socket, arch.socketpair]) {
      prog.push(
        jump(BPF_JEQ_K, nr, 0, 4),
        stmt(BPF_LD_W_ABS, argLo(0)),
        jump(BPF_JEQ_K, AF_UNIX, 1, 0),
        stmt(BPF_RET_K, deny),
        stmt(BPF_RET_K, RET.ALLOW),
      );
    }
    // sendto(fd, buf, len, flags, dest_addr, addrlen): allowed only without a destination.
    prog.push(
      jump(BPF_JEQ_K, arch.sendto, 0, 6),
      stmt(BPF_LD_W_ABS, argLo(4)),
      jump(BPF_JEQ_K, 0, 0, 2),
      stmt(BPF_LD_W_ABS, argHi(4)),
      jump(BPF_JEQ_K, 0, 1, 0),
      stmt(BPF_RET_K, deny),
      stmt(BPF_RET_K, RET.ALLOW),
    );
  }
  prog.push(stmt(BPF_RET_K, RET.ALLOW));
  return prog;
}

/** The network-off filter (kept for callers of the first version). */
export function networkFilter(arch: ArchInfo): BpfInstruction[] {
  return sandboxFilter(arch, { network: false });
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
