/**
 * Recursive Length Prefix (Ethereum Yellow Paper appendix B), decoded strictly: canonical lengths only (a single
 * byte below 0x80 is itself, a length below 56 is never in the long form, no leading zero bytes), bounded nesting
 * and item count, nothing left over. A transaction has one canonical encoding; anything else is refused rather
 * than guessed at, because what is shown must be exactly what is signed.
 */
import { WalletError } from '../errors';

export type RlpItem = Uint8Array | readonly RlpItem[];

const MAX_DEPTH = 16;
const MAX_ITEMS = 100_000;

export function decodeRlp(data: Uint8Array, what = 'RLP'): RlpItem {
  let pos = 0;
  let items = 0;
  const fail = (why: string): never => {
    throw new WalletError('BAD_ETH_REQUEST', `${what}: ${why} (at byte ${pos} of ${data.length}).`);
  };
  const length = (bytes: number): number => {
    if (pos + bytes > data.length) fail('the data ends inside a length');
    if (data[pos] === 0) fail('a length has a leading zero byte');
    let n = 0;
    for (let i = 0; i < bytes; i++) n = n * 256 + (data[pos++] as number);
    if (n < 56) fail('a length below 56 is written in the long form');
    return n;
  };
  const item = (depth: number, end: number): RlpItem => {
    if (depth > MAX_DEPTH) fail('lists are nested too deeply');
    if (++items > MAX_ITEMS) fail('there are too many items');
    if (pos >= end) fail('the data ends too early');
    const b = data[pos++] as number;
    if (b < 0x80) return data.slice(pos - 1, pos);
    if (b < 0xc0) {
      const n = b <= 0xb7 ? b - 0x80 : length(b - 0xb7);
      if (pos + n > end) fail(`a string of ${n} bytes runs past the end`);
      const bytes = data.slice(pos, pos + n);
      if (n === 1 && (bytes[0] as number) < 0x80) fail('a single byte below 0x80 is written with a length');
      pos += n;
      return bytes;
    }
    const n = b <= 0xf7 ? b - 0xc0 : length(b - 0xf7);
    if (pos + n > end) fail(`a list of ${n} bytes runs past the end`);
    const listEnd = pos + n;
    const out: RlpItem[] = [];
    while (pos < listEnd) out.push(item(depth + 1, listEnd));
    return out;
  };
  const value = item(0, data.length);
  if (pos !== data.length) fail(`${data.length - pos} bytes are left over after the value`);
  return value;
}
