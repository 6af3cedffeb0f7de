// The on-disk frame shared by log and snapshot files: a self-delimiting, checksummed unit.
//
//   offset 0   4 bytes  magic "PWAL"
//   offset 4   u32 LE   payload length n (1 .. 2^31-1)
//   offset 8   u32 LE   CRC-32 (IEEE, zlib's) of the payload
//   offset 12  n bytes  payload (UTF-8 JSON)
//
// The log writes exactly one frame per fsync (one group commit), so at most one frame can
// be partly on disk after a crash: the last one. A bad frame is therefore a torn tail when
// no valid frame follows it, and corruption when one does (data after it was acknowledged).
// The magic lets the scan find following frames even when the bad frame's length is garbage.
// A JSON payload never contains a valid header: lengths below 16 MiB have a 0x00 byte, and
// JSON text holds no raw NUL.
import { crc32 } from 'node:zlib';

export const FRAME_HEADER_BYTES = 12;
const MAGIC = Buffer.from('PWAL', 'latin1');
const MAX_PAYLOAD_BYTES = 0x7fff_ffff;

export function encodeFrame(payload: Buffer): Buffer {
  if (payload.length === 0 || payload.length > MAX_PAYLOAD_BYTES) throw new RangeError(`wal frame payload of ${payload.length} bytes`);
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  MAGIC.copy(frame, 0);
  frame.writeUInt32LE(payload.length, 4);
  frame.writeUInt32LE(crc32(payload), 8);
  payload.copy(frame, FRAME_HEADER_BYTES);
  return frame;
}

export interface Frame {
  /** Byte offset of the frame header in the file. */
  offset: number;
  payload: Buffer;
}

export interface FrameScan {
  frames: Frame[];
  /** Length of the valid prefix: the file should be truncated to this when torn. */
  validLength: number;
  /** Present when the file ends in a partial or corrupt frame that nothing valid follows. */
  tornTail?: { offset: number; reason: string };
}

/** Raised for damage that cannot be a torn write; recovery must stop, not guess. */
export class WalCorruptionError extends Error {
  readonly file: string;
  readonly offset: number;
  constructor(file: string, offset: number, reason: string) {
    super(
      `wal: corrupt data in ${file} at offset ${offset}: ${reason}. ` +
        `Data after this point was acknowledged, so the store refuses to start rather than lose it; ` +
        `restore the directory from a backup, or truncate the file to ${offset} bytes to accept the loss.`,
    );
    this.name = 'WalCorruptionError';
    this.file = file;
    this.offset = offset;
  }
}

/**
 * Splits a file into frames. With allowTornTail (the newest log only), a bad frame that
 * no valid frame follows is reported as tornTail; any other bad frame throws.
 */
export function scanFrames(buf: Buffer, file: string, allowTornTail: boolean): FrameScan {
  const frames: Frame[] = [];
  let offset = 0;
  while (offset < buf.length) {
    const problem = frameProblem(buf, offset);
    if (problem === undefined) {
      const length = buf.readUInt32LE(offset + 4);
      frames.push({ offset, payload: buf.subarray(offset + FRAME_HEADER_BYTES, offset + FRAME_HEADER_BYTES + length) });
      offset += FRAME_HEADER_BYTES + length;
      continue;
    }
    const later = nextValidFrame(buf, offset + 1);
    if (later !== -1) throw new WalCorruptionError(file, offset, `${problem}, yet a valid frame follows at offset ${later}`);
    if (!allowTornTail) throw new WalCorruptionError(file, offset, problem);
    return { frames, validLength: offset, tornTail: { offset, reason: problem } };
  }
  return { frames, validLength: offset };
}

/** Why the frame at offset is not valid, or undefined when it is. */
function frameProblem(buf: Buffer, offset: number): string | undefined {
  const remaining = buf.length - offset;
  if (remaining < FRAME_HEADER_BYTES) return `partial frame header (${remaining} bytes)`;
  if (!buf.subarray(offset, offset + 4).equals(MAGIC)) return 'bad frame magic';
  const length = buf.readUInt32LE(offset + 4);
  if (length === 0 || length > MAX_PAYLOAD_BYTES) return `bad frame length ${length}`;
  if (length > remaining - FRAME_HEADER_BYTES) return `partial frame (${remaining - FRAME_HEADER_BYTES} of ${length} payload bytes)`;
  const payload = buf.subarray(offset + FRAME_HEADER_BYTES, offset + FRAME_HEADER_BYTES + length);
  if (crc32(payload) !== buf.readUInt32LE(offset + 8)) return 'checksum mismatch';
  return undefined;
}

function nextValidFrame(buf: Buffer, from: number): number {
  for (let at = buf.indexOf(MAGIC, from); at !== -1; at = buf.indexOf(MAGIC, at + 1)) {
    if (frameProblem(buf, at) === undefined) return at;
  }
  return -1;
}
