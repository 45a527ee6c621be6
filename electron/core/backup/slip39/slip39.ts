/**
 * SLIP-39 Shamir backups (satoshilabs/slips slip-0039.md): split a master secret into groups of member shares,
 * combine them back, and follow a recovery share by share. Our own implementation over @noble/hashes and
 * WebCrypto PBKDF2 (the only npm package patches built-in prototypes and needs Node's crypto).
 */
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../../errors';
import { decrypt, encrypt, type CipherProgress } from './cipher';
import { recoverSecret, splitSecret, type RawShare } from './gf256';
import { decodeShare, encodeShare, type Share } from './share';

export interface GroupSpec {
  readonly threshold: number;
  readonly count: number;
}

export interface SplitOptions {
  readonly groupThreshold: number;
  readonly groups: readonly GroupSpec[];
  readonly passphrase?: string;
  /** 0-15; PBKDF2 does 10000 × 2^e iterations. Default 1 (as Trezor). */
  readonly iterationExponent?: number;
  /** New shares are extendable (slip-0039 "ext" flag), so more can be made later from the same secret. */
  readonly extendable?: boolean;
  readonly random?: (n: number) => Uint8Array;
}

export interface SplitResult {
  readonly identifier: number;
  readonly extendable: boolean;
  readonly iterationExponent: number;
  readonly groupThreshold: number;
  readonly groups: ReadonlyArray<{ readonly threshold: number; readonly shares: readonly string[] }>;
  /** The encrypted master secret every quorum must restore (kept for the quorum check, never shown). */
  readonly encryptedSecret: Uint8Array;
}

const bad = (message: string) => new WalletError('INVALID_ARGUMENT', message);

export function checkSecret(secret: Uint8Array): void {
  if (secret.length < 16 || secret.length % 2 !== 0 || secret.length > 32) {
    throw bad(`A SLIP-39 master secret is 16 to 32 bytes, an even number (128 to 256 bits); this one is ${secret.length} bytes.`);
  }
}

export function checkScheme(groupThreshold: number, groups: readonly GroupSpec[]): void {
  if (groups.length < 1 || groups.length > 16) throw bad(`There must be 1 to 16 groups, not ${groups.length}.`);
  if (!Number.isInteger(groupThreshold) || groupThreshold < 1 || groupThreshold > groups.length) {
    throw bad(`The number of groups needed (${groupThreshold}) must be from 1 to the number of groups (${groups.length}).`);
  }
  groups.forEach((g, i) => {
    if (!Number.isInteger(g.count) || g.count < 1 || g.count > 16) throw bad(`Group ${i + 1}: 1 to 16 shares, not ${g.count}.`);
    if (!Number.isInteger(g.threshold) || g.threshold < 1 || g.threshold > g.count) throw bad(`Group ${i + 1}: the shares needed (${g.threshold}) must be from 1 to its share count (${g.count}).`);
    if (g.threshold === 1 && g.count > 1) {
      throw bad(`Group ${i + 1}: "1 of ${g.count}" would make ${g.count} copies of the same share. Use 1 of 1 instead.`);
    }
  });
}

export async function splitMasterSecret(secret: Uint8Array, options: SplitOptions): Promise<SplitResult> {
  checkSecret(secret);
  checkScheme(options.groupThreshold, options.groups);
  const e = options.iterationExponent ?? 1;
  if (!Number.isInteger(e) || e < 0 || e > 15) throw bad('The iteration exponent is a whole number from 0 to 15.');
  const random = options.random ?? randomBytes;
  const extendable = options.extendable ?? true;
  const idBytes = random(2);
  const identifier = (((idBytes[0] as number) << 8) | (idBytes[1] as number)) & 0x7fff;
  const encryptedSecret = await encrypt(secret, options.passphrase ?? '', e, identifier, extendable);
  // Every share value (a group's, or a member's: with a threshold of 1 a copy of the encrypted secret) is zeroed
  // once it is words.
  const groupShares = splitSecret(options.groupThreshold, options.groups.length, encryptedSecret, random);
  const groups = groupShares.map((gs, gi) => {
    const spec = options.groups[gi] as GroupSpec;
    const members = splitSecret(spec.threshold, spec.count, gs.value, random);
    gs.value.fill(0);
    const shares = members.map((m) =>
      encodeShare({
        identifier,
        extendable,
        iterationExponent: e,
        groupIndex: gs.x,
        groupThreshold: options.groupThreshold,
        groupCount: options.groups.length,
        memberIndex: m.x,
        memberThreshold: spec.threshold,
        value: m.value,
      }),
    );
    for (const m of members) m.value.fill(0);
    return { threshold: spec.threshold, shares };
  });
  return { identifier, extendable, iterationExponent: e, groupThreshold: options.groupThreshold, groups, encryptedSecret };
}

export interface GroupProgress {
  readonly groupIndex: number;
  readonly have: number;
  readonly need: number;
}

export interface RecoveryProgress {
  readonly groupThreshold: number;
  readonly groupCount: number;
  readonly groups: readonly GroupProgress[];
  readonly complete: boolean;
  /** "group 2: 1 of 3 shares; 1 more group needed". */
  readonly message: string;
}

/** Collects shares one at a time, checking each against those before it; recovers once a quorum is in. */
export class ShareCollector {
  private first: Share | null = null;
  private readonly groups = new Map<number, Map<number, Share>>();
  private readonly seen = new Set<string>();

  get size(): number {
    return this.seen.size;
  }

  /** The collected shares as words (for combining). */
  shares(): string[] {
    return [...this.groups.values()].flatMap((members) => [...members.values()].map(encodeShare));
  }

  /**
   * Adds a share; throws a WalletError saying why it cannot belong (nothing is added then). A share not kept (refused,
   * or a duplicate) has its value zeroed: the `share` returned for a duplicate carries its header, not its value.
   */
  add(text: string, label = `Share ${this.seen.size + 1}`): { duplicate: boolean; share: Share; progress: RecoveryProgress } {
    const share = decodeShare(text, label);
    try {
      return this.keep(share, label);
    } catch (e) {
      share.value.fill(0);
      throw e;
    }
  }

  private keep(share: Share, label: string): { duplicate: boolean; share: Share; progress: RecoveryProgress } {
    const key = `${share.groupIndex}/${share.memberIndex}/${bytesToHex(share.value)}`;
    const f = this.first;
    if (f) {
      if (share.identifier !== f.identifier || share.extendable !== f.extendable || share.iterationExponent !== f.iterationExponent) {
        throw bad(`${label} belongs to another set of shares (its first two words differ from the other shares’).`);
      }
      if (share.groupThreshold !== f.groupThreshold || share.groupCount !== f.groupCount) {
        throw bad(`${label} does not match the others: it says ${share.groupThreshold} of ${share.groupCount} groups, they say ${f.groupThreshold} of ${f.groupCount}.`);
      }
      const group = this.groups.get(share.groupIndex);
      const member = group?.values().next().value;
      if (member && member.memberThreshold !== share.memberThreshold) {
        throw bad(`${label} does not match the other shares of group ${share.groupIndex + 1}: they need ${member.memberThreshold} shares, it says ${share.memberThreshold}.`);
      }
      const same = group?.get(share.memberIndex);
      if (same && !this.seen.has(key)) {
        throw bad(`${label} has the same member number (${share.memberIndex + 1}) in group ${share.groupIndex + 1} as an earlier share, but different words: one of them is wrong.`);
      }
    }
    if (this.seen.has(key)) {
      share.value.fill(0);
      return { duplicate: true, share, progress: this.progress() };
    }
    this.first ??= share;
    this.seen.add(key);
    if (!this.groups.has(share.groupIndex)) this.groups.set(share.groupIndex, new Map());
    (this.groups.get(share.groupIndex) as Map<number, Share>).set(share.memberIndex, share);
    return { duplicate: false, share, progress: this.progress() };
  }

  progress(): RecoveryProgress {
    const f = this.first;
    if (!f) return { groupThreshold: 0, groupCount: 0, groups: [], complete: false, message: 'No share yet.' };
    const groups = [...this.groups.entries()]
      .sort(([a], [b]) => a - b)
      .map(([groupIndex, members]) => ({ groupIndex, have: members.size, need: (members.values().next().value as Share).memberThreshold }));
    const done = groups.filter((g) => g.have >= g.need).length;
    const complete = done >= f.groupThreshold;
    const parts = groups.map((g) => `group ${g.groupIndex + 1}: ${Math.min(g.have, g.need)} of ${g.need} share${g.need === 1 ? '' : 's'}`);
    const more = f.groupThreshold - done;
    const single = f.groupCount === 1 ? groups[0] : undefined;
    const missingShares = single ? single.need - single.have : 0;
    const tail = complete
      ? 'enough to recover'
      : single
        ? `${missingShares} more share${missingShares === 1 ? '' : 's'} needed`
        : `${more} more group${more === 1 ? '' : 's'} needed`;
    return { groupThreshold: f.groupThreshold, groupCount: f.groupCount, groups, complete, message: `${parts.join('; ')}; ${tail}` };
  }

  /** The encrypted master secret from the first complete groups (exactly threshold shares each). */
  recoverEncrypted(): { encrypted: Uint8Array; share: Share } {
    const f = this.first;
    const p = this.progress();
    if (!f || !p.complete) {
      const groupsNeeded = f ? f.groupThreshold : 1;
      throw bad(f ? `Not enough shares: ${p.message}.` : `No share yet: ${groupsNeeded} group is needed.`);
    }
    // Extra shares are not ignored: when a subset fails its digest (a wrong or foreign share among them), other
    // subsets are tried, so one bad share among enough good ones does not block recovery (bounded tries).
    const groupSecrets: RawShare[] = [];
    for (const [groupIndex, members] of [...this.groups.entries()].sort(([a], [b]) => a - b)) {
      const list = [...members.values()];
      const need = (list[0] as Share).memberThreshold;
      if (list.length < need) continue;
      const secret = firstThatRecovers(list, need, (subset) => recoverSecret(need, subset.map((s) => ({ x: s.memberIndex, value: s.value }))));
      if (secret) groupSecrets.push({ x: groupIndex, value: secret });
    }
    const encrypted = groupSecrets.length < f.groupThreshold ? undefined : firstThatRecovers(groupSecrets, f.groupThreshold, (subset) => recoverSecret(f.groupThreshold, subset));
    for (const g of groupSecrets) g.value.fill(0);
    if (encrypted === undefined) {
      throw new WalletError('INVALID_ARGUMENT', 'These shares do not restore a secret: one of them is wrong or from another set (its digest check fails). Remove the share you are least sure of, or start over.');
    }
    if (!encrypted) throw new WalletError('INVALID_ARGUMENT', 'The groups do not restore a secret together: a group’s shares are wrong. Start over with shares you are sure of.');
    return { encrypted, share: f };
  }

  /** Zeroes the share values held (the words typed are strings and cannot be wiped). */
  wipe(): void {
    for (const members of this.groups.values()) for (const s of members.values()) s.value.fill(0);
    this.groups.clear();
    this.seen.clear();
    this.first = null;
  }

  /** The master secret (decrypted with the passphrase: a wrong passphrase gives another, valid-looking secret). */
  async recover(passphrase = '', progress: CipherProgress = {}): Promise<Uint8Array> {
    const { encrypted, share } = this.recoverEncrypted();
    try {
      return await decrypt(encrypted, passphrase, share.iterationExponent, share.identifier, share.extendable, progress);
    } finally {
      encrypted.fill(0);
    }
  }
}

/** Combines shares (one mnemonic each) into the master secret, or says precisely why not. */
export async function combineShares(mnemonics: readonly string[], passphrase = '', progress: CipherProgress = {}): Promise<Uint8Array> {
  if (mnemonics.length === 0) throw bad('No shares were given.');
  const collector = new ShareCollector();
  try {
    mnemonics.forEach((m, i) => collector.add(m, `Share ${i + 1}`));
    return await collector.recover(passphrase, progress);
  } finally {
    collector.wipe();
  }
}

/** The first k-subset whose recovery passes its digest check (at most 500 subsets tried), or null. */
function firstThatRecovers<T>(items: readonly T[], k: number, recover: (subset: T[]) => Uint8Array): Uint8Array | null {
  let tries = 0;
  for (const subset of combinations(items, k)) {
    try {
      return recover(subset);
    } catch (e) {
      if (!(e instanceof WalletError) || ++tries >= 500) return null;
    }
  }
  return null;
}

/** k-element subsets of items, in order, generated lazily. */
function* combinations<T>(items: readonly T[], k: number): Generator<T[]> {
  if (k === 0) return yield [];
  for (let i = 0; i <= items.length - k; i++) for (const rest of combinations(items.slice(i + 1), k - 1)) yield [items[i] as T, ...rest];
}

/** Cartesian product of lazily generated lists (each re-created per use). */
function* product<T>(makers: ReadonlyArray<() => Generator<T[]>>): Generator<T[]> {
  if (makers.length === 0) return yield [];
  const [first, ...rest] = makers as [() => Generator<T[]>, ...Array<() => Generator<T[]>>];
  for (const head of first()) for (const tail of product(rest)) yield [...head, ...tail];
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** k consecutive items starting at `start`, wrapping around: n such windows cover every item. */
const window = <T>(items: readonly T[], start: number, k: number): T[] => Array.from({ length: k }, (_, i) => items[(start + i) % items.length] as T);

export interface QuorumReport {
  /** Every minimal quorum (groups at threshold × members at threshold in each). */
  readonly total: number;
  readonly checked: number;
  /** True when every quorum was checked; otherwise a covering set was (every share and every group in at least one). */
  readonly exhaustive: boolean;
}

/**
 * Recombines minimal allowed subsets of shares and checks that each restores the same encrypted master secret.
 * Every quorum when there are at most `cap` of them; otherwise a covering set, bounded by 16 × 16 quorums, in
 * which every group and every share appears at least once (rotating windows over groups and over members).
 */
export async function checkQuorums(split: SplitResult, options: { cap?: number; onProgress?: (checked: number, total: number) => void } = {}): Promise<QuorumReport> {
  const cap = options.cap ?? 1000;
  const G = split.groups.length;
  const gt = split.groupThreshold;
  const groupIndexes = split.groups.map((_, i) => i);
  const perGroup = split.groups.map((g) => binomial(g.shares.length, g.threshold));
  let total = 0;
  // At most C(16, 8) = 12870 group combinations: cheap to count exactly (a float past 2^53, which is fine to show).
  for (const combo of combinations(groupIndexes, gt)) total += combo.reduce((p, gi) => p * (perGroup[gi] as number), 1);
  const exhaustive = total <= cap;
  const quorums: Generator<string[]> | string[][] = exhaustive
    ? (function* () {
        for (const combo of combinations(groupIndexes, gt)) {
          yield* product(combo.map((gi) => () => combinations((split.groups[gi] as { shares: readonly string[] }).shares, (split.groups[gi] as { threshold: number }).threshold)));
        }
      })()
    : (() => {
        const list: string[][] = [];
        const longest = Math.max(...split.groups.map((g) => g.shares.length));
        for (let j = 0; j < G; j++) {
          const combo = window(groupIndexes, j, gt);
          for (let k = 0; k < longest; k++) list.push(combo.flatMap((gi) => window((split.groups[gi] as { shares: readonly string[] }).shares, k, (split.groups[gi] as { threshold: number }).threshold)));
        }
        return list;
      })();
  const planned = exhaustive ? total : (quorums as string[][]).length;
  let checked = 0;
  for (const mnemonics of quorums) {
    const collector = new ShareCollector();
    let same: boolean;
    try {
      for (const m of mnemonics) collector.add(m);
      const { encrypted } = collector.recoverEncrypted();
      same = encrypted.length === split.encryptedSecret.length && encrypted.every((b, i) => b === split.encryptedSecret[i]);
      encrypted.fill(0);
    } finally {
      collector.wipe();
    }
    if (!same) throw new WalletError('INVALID_ARGUMENT', `Quorum ${checked + 1} did not restore the secret: do not use these shares.`);
    checked++;
    options.onProgress?.(checked, planned);
  }
  return { total, checked, exhaustive };
}
