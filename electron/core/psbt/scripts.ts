/**
 * Output scripts by their bytes (BIP16, BIP141, BIP341), their addresses, and the sizes the fee rate needs.
 * Recognising a script never throws: what is not a known template is 'unknown'.
 */
import { Address, OutScript } from '@scure/btc-signer';
import { addressNetwork, type Network } from '../keys/networks';

export const SCRIPT_TYPES = ['p2pkh', 'p2sh', 'p2sh-p2wpkh', 'p2sh-p2wsh', 'p2wpkh', 'p2wsh', 'p2tr', 'multisig', 'op_return', 'unknown'] as const;
export type ScriptType = (typeof SCRIPT_TYPES)[number];

/** The type an output script shows by itself (a P2SH's contents need its redeem script). */
export function outputType(s: Uint8Array): ScriptType {
  const n = s.length;
  if (n === 25 && s[0] === 0x76 && s[1] === 0xa9 && s[2] === 0x14 && s[23] === 0x88 && s[24] === 0xac) return 'p2pkh';
  if (n === 23 && s[0] === 0xa9 && s[1] === 0x14 && s[22] === 0x87) return 'p2sh';
  if (n === 22 && s[0] === 0x00 && s[1] === 0x14) return 'p2wpkh';
  if (n === 34 && s[0] === 0x00 && s[1] === 0x20) return 'p2wsh';
  if (n === 34 && s[0] === 0x51 && s[1] === 0x20) return 'p2tr';
  if (n >= 1 && s[0] === 0x6a) return 'op_return';
  if (n > 0 && s[n - 1] === 0xae) {
    try {
      if (OutScript.decode(s).type === 'ms') return 'multisig';
    } catch {
      // not a multisig template
    }
  }
  return 'unknown';
}

/** The address of a script on a network, or null (OP_RETURN, bare multisig, non-standard). */
export function addressOf(script: Uint8Array, network: Network): string | null {
  const type = outputType(script);
  const net = addressNetwork(network);
  const coder = Address(net);
  try {
    switch (type) {
      case 'p2pkh':
        return coder.encode({ type: 'pkh', hash: script.subarray(3, 23) });
      case 'p2sh':
        return coder.encode({ type: 'sh', hash: script.subarray(2, 22) });
      case 'p2wpkh':
        return coder.encode({ type: 'wpkh', hash: script.subarray(2, 22) });
      case 'p2wsh':
        return coder.encode({ type: 'wsh', hash: script.subarray(2, 34) });
      case 'p2tr':
        return coder.encode({ type: 'tr', pubkey: script.subarray(2, 34) });
      default:
        return null;
    }
  } catch {
    return null;
  }
}

/** The data pushed after OP_RETURN (pushes concatenated), or null when the script is not push-only. */
export function opReturnData(script: Uint8Array): Uint8Array | null {
  const parts: Uint8Array[] = [];
  let i = 1;
  while (i < script.length) {
    const op = script[i] as number;
    let len: number;
    let at = i + 1;
    if (op >= 0x01 && op <= 0x4b) len = op;
    else if (op === 0x4c) len = script[at++] ?? -1;
    else if (op === 0x4d) {
      len = (script[at] ?? 0) | ((script[at + 1] ?? 0) << 8);
      at += 2;
    } else if (op === 0x00) len = 0;
    else return null;
    if (len < 0 || at + len > script.length) return null;
    parts.push(script.subarray(at, at + len));
    i = at + len;
  }
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let k = 0;
  for (const p of parts) {
    out.set(p, k);
    k += p.length;
  }
  return out;
}

/** Printable ASCII text (space to tilde, tabs and line breaks), or null. */
export function printable(data: Uint8Array): string | null {
  if (data.length === 0) return null;
  let s = '';
  for (const b of data) {
    if (!(b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f))) return null;
    s += String.fromCharCode(b);
  }
  return s;
}

export function compactSizeLength(n: number): number {
  return n < 0xfd ? 1 : n <= 0xffff ? 3 : n <= 0xffffffff ? 5 : 9;
}

/**
 * Bitcoin Core's dust threshold (policy.cpp GetDustThreshold, dustRelayFee 3,000 sat/kvB): three times the
 * output's size plus the size of spending it (148 bytes, or 67 virtual bytes for a witness program).
 * P2PKH 546, P2SH 540, P2WPKH 294, P2WSH and P2TR 330.
 */
export function dustThreshold(script: Uint8Array): number {
  const outputSize = 8 + compactSizeLength(script.length) + script.length;
  const isWitnessProgram = script.length >= 4 && script.length <= 42 && (script[0] === 0x00 || ((script[0] as number) >= 0x51 && (script[0] as number) <= 0x60)) && script[1] === script.length - 2;
  return 3 * (outputSize + (isWitnessProgram ? 67 : 148));
}
