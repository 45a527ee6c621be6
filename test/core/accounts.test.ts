/**
 * Accounts and addresses against BIP49 (testnet), BIP84, BIP86 (bitcoin/bips), SLIP-132 (satoshilabs/slips) and
 * the Ethereum m/44'/60'/0'/0/i vector, all for "abandon … about" (test/vectors/README.md).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deriveAccount, deriveAddresses, findAddress, type AccountSpec } from '../../electron/core/keys/accounts';
import { verifyChecksum } from '../../electron/core/keys/descriptor';
import { masterFromSeed, parseExtendedKey } from '../../electron/core/keys/hd';
import { mnemonicToSeed } from '../../electron/core/keys/mnemonic';

const ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const master = masterFromSeed(await mnemonicToSeed(ABOUT));
const account = (spec: Partial<AccountSpec> & Pick<AccountSpec, 'kind'>) => deriveAccount(master, { network: 'mainnet', account: 0, ...spec });

type Field = { raw: string; value: string };
type Group = { label: string; path: string | null; fields: Record<string, Field> };
const bips = JSON.parse(readFileSync('test/vectors/bip49-84-86-vectors.json', 'utf8')) as Record<'bip49' | 'bip84' | 'bip86', { groups: Group[] }>;
const slip132 = JSON.parse(readFileSync('test/vectors/slip132-bip44-49-84-vectors.json', 'utf8')) as {
  accounts: Array<{ account_path: string; ext_pub: string; address_path: string; address: string }>;
};
const eth = JSON.parse(readFileSync('test/vectors/ethereum-vectors.json', 'utf8')).bip44_eth_abandon_about as {
  account_xpub: string;
  addresses: Array<{ path: string; address: string }>;
};

const field = (g: Group, name: string) => g.fields[name]?.value;

describe('BIP84 vectors', () => {
  const acct = account({ kind: 'bip84' });
  for (const g of bips.bip84.groups) {
    if (g.path === "m/84'/0'/0'") it('account zpub', () => expect(acct.slip132).toBe(field(g, 'xpub')));
    const m = g.path?.match(/\/([01])\/(\d+)$/);
    if (m) {
      it(`address ${g.path}`, () => {
        const [a] = deriveAddresses(acct, { change: m[1] === '1', from: Number(m[2]), count: 1 });
        expect(a?.address).toBe(field(g, 'address'));
        expect(a?.path).toBe(g.path);
      });
    }
  }
});

describe('BIP86 vectors', () => {
  const acct = account({ kind: 'bip86' });
  for (const g of bips.bip86.groups) {
    if (g.path === "m/86'/0'/0'") it('account xpub', () => expect(acct.xpub).toBe(field(g, 'xpub')));
    const m = g.path?.match(/\/([01])\/(\d+)$/);
    if (m) {
      it(`address ${g.path}`, () => {
        const [a] = deriveAddresses(acct, { change: m[1] === '1', from: Number(m[2]), count: 1 });
        expect(a?.address).toBe(field(g, 'address'));
      });
    }
  }
});

describe('BIP49 vectors (testnet)', () => {
  const acct = account({ kind: 'bip49', network: 'testnet' });
  for (const g of bips.bip49.groups) {
    if (g.path === "m/49'/1'/0'") it('account upub (SLIP-132 testnet P2SH-P2WPKH)', () => expect(acct.slip132).toBe(field(g, 'account0Xpub')));
    // The BIP prints "base58check(prefix | addressBytes) = 2Mww…": the address is the last token.
    if (g.fields.address) it('first receive address', () => expect(deriveAddresses(acct, { count: 1 })[0]?.address).toBe(field(g, 'address')?.split(' ').pop()));
  }
});

describe('SLIP-132 vectors', () => {
  const kinds = { "m/44'/0'/0'": 'bip44', "m/49'/0'/0'": 'bip49', "m/84'/0'/0'": 'bip84' } as const;
  for (const v of slip132.accounts) {
    const kind = kinds[v.account_path as keyof typeof kinds];
    it(`${v.account_path}: ${v.ext_pub.slice(0, 4)} and first address`, () => {
      const acct = account({ kind });
      expect(acct.path).toBe(v.account_path);
      expect(acct.slip132).toBe(v.ext_pub);
      expect(deriveAddresses(acct, { count: 1 })[0]).toEqual({ index: 0, address: v.address, path: v.address_path });
      // The SLIP-132 key reads back to the same key.
      expect(parseExtendedKey(v.ext_pub).key.publicKey).toEqual(acct.node.publicKey);
    });
  }
});

describe('Ethereum m/44\'/60\'/0\'/0/i', () => {
  const acct = account({ kind: 'eth' });
  it('account xpub', () => expect(acct.xpub).toBe(eth.account_xpub));
  eth.addresses.forEach((v, i) => {
    it(`${v.path} (EIP-55)`, () => {
      expect(deriveAddresses(acct, { from: i, count: 1 })[0]).toEqual({ index: i, address: v.address, path: v.path });
    });
  });
  it('has no change branch', () => expect(() => deriveAddresses(acct, { change: true })).toThrow(/no change addresses/));
});

describe('descriptors', () => {
  it.each(['bip44', 'bip49', 'bip84', 'bip86', 'bip48'] as const)('%s descriptors carry key origin and a valid BIP380 checksum', (kind) => {
    const acct = account({ kind });
    for (const d of Object.values(acct.descriptors ?? {})) {
      expect(verifyChecksum(d), d).toBe(true);
      expect(d).toContain('[73c5da0a/');
    }
  });
  it('BIP84 receive descriptor', () => {
    expect(account({ kind: 'bip84' }).descriptors?.multipath).toBe(
      'wpkh([73c5da0a/84h/0h/0h]xpub6CatWdiZiodmUeTDp8LT5or8nmbKNcuyvz7WyksVFkKB4RHwCD3XyuvPEbvqAQY3rAPshWcMLoP2fMFMKHPJ4ZeZXYVUhLv1VMrjPC7PW6V/<0;1>/*)#' +
        account({ kind: 'bip84' }).descriptors?.multipath.split('#')[1],
    );
  });
  it('BIP48 is a cosigner key (Zpub), with no addresses of its own', () => {
    const acct = account({ kind: 'bip48' });
    expect(acct.path).toBe("m/48'/0'/0'/2'");
    expect(acct.slip132.startsWith('Zpub')).toBe(true);
    expect(() => deriveAddresses(acct)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
  });
  it('regtest addresses use bcrt, signet tb', () => {
    expect(deriveAddresses(account({ kind: 'bip84', network: 'regtest' }), { count: 1 })[0]?.address).toMatch(/^bcrt1q/);
    expect(deriveAddresses(account({ kind: 'bip86', network: 'signet' }), { count: 1 })[0]?.address).toMatch(/^tb1p/);
  });
});

describe('addresses', () => {
  it('1000 receive addresses, consecutive indices', () => {
    const list = deriveAddresses(account({ kind: 'bip84' }), { count: 1000 });
    expect(list).toHaveLength(1000);
    expect(list[999]?.path).toBe("m/84'/0'/0'/0/999");
    expect(new Set(list.map((a) => a.address)).size).toBe(1000);
  });
  it('finds its own address (receive and change) and not a foreign one', () => {
    const acct = account({ kind: 'bip84' });
    const change5 = deriveAddresses(acct, { change: true, from: 5, count: 1 })[0]!.address;
    expect(findAddress(acct, change5, 20)).toMatchObject({ index: 5, change: true });
    const otherAccount = deriveAddresses(account({ kind: 'bip84', account: 1 }), { count: 1 })[0]!.address;
    expect(findAddress(acct, otherAccount, 20)).toBeNull();
  });
  it.each([
    [{ count: 0 }, /count must be from 1/],
    [{ count: 10_001 }, /count must be from 1/],
    [{ from: -1 }, /first index/],
    [{ from: 2 ** 31 - 1, count: 2 }, /past the last non-hardened/],
  ])('rejects %j', (options, message) => {
    expect(() => deriveAddresses(account({ kind: 'bip84' }), options)).toThrow(message);
  });
});
