/**
 * A 2-of-3 multisig for the tests: three public test mnemonics (BIP39 vectors), each cosigner's BIP48 key
 * (m/48'/coin'/0'/script') — ours is "abandon … about". Descriptors are written here from the keys.
 */
import { masterFromSeed, fingerprintHex, formatPath, derive, publicExtendedKey, type HDKey } from '../../electron/core/keys/hd';
import { mnemonicToSeed } from '../../electron/core/keys/mnemonic';
import type { Network } from '../../electron/core/keys/networks';

export const ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
export const ZOO = 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong';
export const LEGAL = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
export const LETTER = 'letter advice cage absurd amount doctor acoustic avoid letter advice cage above';

export const masters: Record<'ours' | 'b' | 'c' | 'd', HDKey> = {
  ours: masterFromSeed(await mnemonicToSeed(ABOUT)),
  b: masterFromSeed(await mnemonicToSeed(ZOO)),
  c: masterFromSeed(await mnemonicToSeed(LEGAL)),
  d: masterFromSeed(await mnemonicToSeed(LETTER)),
};

export type ScriptKind = 'p2wsh' | 'p2sh-p2wsh' | 'p2sh';
const H = 0x80000000;

/** BIP48 script type: 1' P2SH-P2WSH, 2' P2WSH; P2SH uses BIP45 m/45'. */
export function cosignerPath(kind: ScriptKind, network: Network = 'mainnet', account = 0): number[] {
  const coin = network === 'mainnet' ? 0 : 1;
  if (kind === 'p2sh') return [45 + H];
  return [48 + H, coin + H, account + H, (kind === 'p2wsh' ? 2 : 1) + H];
}

export interface TestKey {
  readonly master: HDKey;
  readonly fingerprint: string;
  readonly path: number[];
  readonly node: HDKey;
  readonly xpub: string;
  /** "[fp/48h/0h/0h/2h]xpub". */
  readonly expression: string;
}

export function cosignerKey(master: HDKey, kind: ScriptKind, network: Network = 'mainnet', path = cosignerPath(kind, network)): TestKey {
  const node = derive(master, path);
  const xpub = publicExtendedKey(node, network === 'mainnet' ? 'mainnet' : 'testnet');
  const fingerprint = fingerprintHex(master);
  return { master, fingerprint, path, node, xpub, expression: `[${fingerprint}${formatPath(path, 'h').slice(1)}]${xpub}` };
}

export function keysFor(kind: ScriptKind, network: Network = 'mainnet', who: ReadonlyArray<keyof typeof masters> = ['ours', 'b', 'c']): TestKey[] {
  return who.map((w) => cosignerKey(masters[w], kind, network));
}

export function descriptorFor(kind: ScriptKind, keys: readonly TestKey[], m = 2, suffix = '/<0;1>/*', fn = 'sortedmulti'): string {
  const inner = `${fn}(${[m, ...keys.map((k) => `${k.expression}${suffix}`)].join(',')})`;
  return kind === 'p2wsh' ? `wsh(${inner})` : kind === 'p2sh-p2wsh' ? `sh(wsh(${inner}))` : `sh(${inner})`;
}
