/**
 * Output descriptor checksum (bitcoin/bips bip-0380.mediawiki "Checksum"): a BCH code over the descriptor's
 * characters, 8 characters from the bech32 alphabet after '#'. 40-bit arithmetic, hence BigInt.
 */
import { WalletError } from '../errors';

const INPUT_CHARSET = "0123456789()[],'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#\"\\ ";
const CHECKSUM_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0xf5dee51989n, 0xa9fdca3312n, 0x1bab10e32dn, 0x3706b1677an, 0x644d626ffdn] as const;

function polymod(symbols: readonly number[]): bigint {
  let chk = 1n;
  for (const value of symbols) {
    const top = chk >> 35n;
    chk = ((chk & 0x7ffffffffn) << 5n) ^ BigInt(value);
    for (let i = 0; i < 5; i++) if ((top >> BigInt(i)) & 1n) chk ^= GENERATOR[i] as bigint;
  }
  return chk;
}

/** Each character gives its low 5 bits as a symbol; every 3 characters' high bits make one more symbol. */
function expand(text: string): number[] | null {
  const symbols: number[] = [];
  const groups: number[] = [];
  for (const ch of text) {
    const v = INPUT_CHARSET.indexOf(ch);
    if (v === -1) return null;
    symbols.push(v & 31);
    groups.push(v >> 5);
    if (groups.length === 3) {
      symbols.push((groups[0] as number) * 9 + (groups[1] as number) * 3 + (groups[2] as number));
      groups.length = 0;
    }
  }
  if (groups.length === 1) symbols.push(groups[0] as number);
  else if (groups.length === 2) symbols.push((groups[0] as number) * 3 + (groups[1] as number));
  return symbols;
}

export function descriptorChecksum(descriptor: string): string {
  const symbols = expand(descriptor);
  if (!symbols) throw new WalletError('INVALID_ARGUMENT', 'The descriptor contains a character descriptors cannot hold.');
  const c = polymod([...symbols, 0, 0, 0, 0, 0, 0, 0, 0]) ^ 1n;
  let out = '';
  for (let i = 0; i < 8; i++) out += CHECKSUM_CHARSET[Number((c >> BigInt(5 * (7 - i))) & 31n)];
  return out;
}

export function addChecksum(descriptor: string): string {
  return `${descriptor}#${descriptorChecksum(descriptor)}`;
}

/** True when `text` is "descriptor#checksum" with the right checksum; false for a wrong or missing one. */
export function verifyChecksum(text: string): boolean {
  const hash = text.lastIndexOf('#');
  if (hash === -1) return false;
  const body = text.slice(0, hash);
  const sum = text.slice(hash + 1);
  if (sum.length !== 8 || expand(body) === null) return false;
  return descriptorChecksum(body) === sum;
}
