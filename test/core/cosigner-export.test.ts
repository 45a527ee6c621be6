/**
 * The multisig cosigner exports checked against what each importer's own code reads (issue 11 "Cosigner export"):
 * - @bitcoinerlab/descriptors (run here) and BlueWallet's MultisigCosigner for the key expression;
 * - Keystone's bc-ur-registry (run here; BlueWallet decodes crypto-account with it), Nunchuk's CBOR walk and
 *   Sparrow's hummingbird for the crypto-account bytes;
 * - Coldcard's own documented generic JSON (firmware docs/generic-wallet-export.md, the simulator's public words)
 *   for bip48_1 / bip48_2 / bip45, and the fields Sparrow's ColdcardMultisig / ColdcardSinglesig and BlueWallet read.
 * Importer facts are cited by file (Sparrow e7ae9cc, BlueWallet 7dc4fc5, libnunchuk d601901, Coldcard 8eb0e00).
 */
import { DescriptorsFactory, networks } from '@bitcoinerlab/descriptors';
import { CryptoAccount } from '@keystonehq/bc-ur-registry';
import { bytesToHex } from '@noble/hashes/utils.js';
import { payments } from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { CborMap, CborTag, decodeCbor, encodeCbor } from '../../electron/core/codecs/cbor';
import { outputExpression } from '../../electron/core/codecs/ur/registry';
import { deriveAccount } from '../../electron/core/keys/accounts';
import { addChecksum } from '../../electron/core/keys/descriptor';
import { accountOutput, accountUr, coldcardGenericJson, coldcardMultisigJson, cosignerKey, cosignerUr, outputUr, type CosignerScript } from '../../electron/core/keys/export';
import { masterFromSeed, parseExtendedKey } from '../../electron/core/keys/hd';
import { mnemonicToSeed } from '../../electron/core/keys/mnemonic';

const ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const LEGAL = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
// Coldcard's simulator words (firmware testing/constants.py simulator_fixed_words), master fingerprint 0F056943.
const SIMULATOR = 'wife shiver author away frog air rough vanish fantasy frozen noodle athlete pioneer citizen symptom firm much faith extend rare axis garment kiwi clarify';

const masterOf = async (words: string) => masterFromSeed(await mnemonicToSeed(words));
const { Output } = DescriptorsFactory();

/**
 * BlueWallet class/multisig-cosigner.ts, "is it wallet descriptor?": text that starts with '[' gives the fingerprint
 * (before the first '/'), the path ('m' + the rest, 'h' read as '), and everything after ']' must be one whole
 * extended key. addMultisigStep2.tsx then accepts it for P2WSH when the path starts "m/48" and ends "/2'".
 */
function blueWalletDescriptorCosigner(text: string): { fp: string; path: string; xpub: string } | null {
  if (!text.startsWith('[')) return null;
  const end = text.indexOf(']');
  const [fp, ...steps] = text.slice(1, end).replace(/h/g, "'").split('/');
  const xpub = text.slice(end + 1);
  try {
    parseExtendedKey(xpub);
  } catch {
    return null;
  }
  return { fp: fp as string, path: ['m', ...steps].join('/'), xpub };
}

/** The tags wrapped around a crypto-account output, outermost first, down to the first non-tag value. */
function tagsOf(output: unknown): number[] {
  const tags: number[] = [];
  let v = output;
  while (v instanceof CborTag) {
    tags.push(v.tag);
    v = v.value;
  }
  expect(v).toBeInstanceOf(CborMap);
  return tags;
}

describe('BIP48 cosigner key: the key expression, not a pseudo-descriptor', async () => {
  const master = await masterOf(ABOUT);
  const ours = cosignerKey(master, 'mainnet', 'p2wsh');
  const account = deriveAccount(master, { kind: 'bip48', network: 'mainnet', account: 0 });

  it('is [fingerprint/48h/0h/0h/2h]xpub, the same key as the BIP48 account', () => {
    expect(ours.keyExpression).toBe(`[73c5da0a/48h/0h/0h/2h]${account.xpub}`);
    expect(account.keyExpression).toBe(ours.keyExpression);
    expect(ours.slip132).toBe(account.slip132);
    expect(ours.slip132.startsWith('Zpub')).toBe(true);
  });

  it('the account has no descriptors: a key alone is not a wallet', () => {
    expect(account.descriptors).toBeNull();
    expect(() => outputUr(account)).toThrow(/not a wallet output/);
  });

  it('@bitcoinerlab/descriptors refuses the old export (key + checksum) as a descriptor', () => {
    for (const old of [addChecksum(`${ours.keyExpression}/0/*`), addChecksum(`${ours.keyExpression}/<0;1>/*`)]) {
      expect(() => new Output({ descriptor: old, index: 0, network: networks.bitcoin })).toThrow();
    }
  });

  it('@bitcoinerlab/descriptors takes it as a cosigner of wsh(sortedmulti): the address bitcoinjs-lib builds from the two keys', async () => {
    const other = cosignerKey(await masterOf(LEGAL), 'mainnet', 'p2wsh');
    const descriptor = `wsh(sortedmulti(2,${ours.keyExpression}/0/*,${other.keyExpression}/0/*))`;
    const address = new Output({ descriptor, index: 0, network: networks.bitcoin }).getAddress();
    const pubkeys = [ours, other].map((k) => Buffer.from(k.node.deriveChild(0).deriveChild(0).publicKey!)).sort(Buffer.compare);
    const expected = payments.p2wsh({ redeem: payments.p2ms({ m: 2, pubkeys }) }).address;
    expect(address).toBe(expected);
  });

  it('BlueWallet reads it as a P2WSH cosigner: fingerprint, path m/48\'/0\'/0\'/2\', the xpub', () => {
    const read = blueWalletDescriptorCosigner(ours.keyExpression);
    expect(read).toEqual({ fp: '73c5da0a', path: "m/48'/0'/0'/2'", xpub: account.xpub });
    expect(read!.path.startsWith('m/48') && read!.path.endsWith("/2'")).toBe(true);
    // The old export's "/0/*#checksum" tail made the key unreadable there.
    expect(blueWalletDescriptorCosigner(addChecksum(`${ours.keyExpression}/0/*`))).toBeNull();
  });

  it.each([
    ['p2sh-p2wsh', "m/48'/0'/0'/1'", '[73c5da0a/48h/0h/0h/1h]', 'Ypub'],
    ['p2sh', "m/45'", '[73c5da0a/45h]', 'xpub'],
  ] as const)('%s: path %s, key expression %s…, SLIP-132 %s', (script, path, origin, prefix) => {
    const k = cosignerKey(master, 'mainnet', script);
    expect(k.path).toBe(path);
    expect(k.keyExpression.startsWith(origin)).toBe(true);
    expect(k.slip132.startsWith(prefix)).toBe(true);
  });

  it('BIP45 has no account level; testnet uses coin type 1 and Vpub', () => {
    expect(() => cosignerKey(master, 'mainnet', 'p2sh', 1)).toThrow(/has no account number/);
    const t = cosignerKey(master, 'testnet', 'p2wsh', 3);
    expect(t.path).toBe("m/48'/1'/3'/2'");
    expect(t.slip132.startsWith('Vpub')).toBe(true);
    expect(t.xpub.startsWith('tpub')).toBe(true);
  });
});

describe('BIP48 crypto-account: 401(303(…)), measured against each importer', async () => {
  const master = await masterOf(ABOUT);

  it.each([
    ['p2wsh', [401, 303], ['wsh']],
    ['p2sh-p2wsh', [400, 401, 303], ['sh', 'wsh']],
    ['p2sh', [400, 303], ['sh']],
  ] as const)('%s: output tags %j; Keystone\'s registry reads script %j, the key, its origin and fingerprint', (script, tags, expressions) => {
    const key = cosignerKey(master, 'mainnet', script as CosignerScript);
    const ur = cosignerUr(key);
    expect(ur.type).toBe('crypto-account');
    const map = decodeCbor(ur.cbor) as CborMap;
    expect(map.get(1)).toBe(0x73c5da0a);
    const outputs = map.get(2) as unknown[];
    expect(outputs).toHaveLength(1); // BlueWallet takes a one-output account as one cosigner (addMultisigStep2.tsx)
    expect(tagsOf(outputs[0])).toEqual(tags);

    const account = CryptoAccount.fromCBOR(Buffer.from(ur.cbor));
    expect(bytesToHex(account.getMasterFingerprint())).toBe('73c5da0a');
    const [output] = account.getOutputDescriptors();
    expect(output!.getScriptExpressions().map((e) => e.getExpression())).toEqual(expressions);
    const hd = output!.getHDKey()!;
    expect(hd.getBip32Key()).toBe(key.xpub);
    expect(hd.getOrigin().getPath()).toBe(key.path.slice(2));
    expect(bytesToHex(hd.getOrigin().getSourceFingerprint()!)).toBe('73c5da0a');
  });

  it('Nunchuk (libnunchuk src/utils/bcr2.hpp decodeCryptoAccount): after 401 exactly one tag, 303, then the key map', () => {
    const hex = bytesToHex(cosignerUr(cosignerKey(master, 'mainnet', 'p2wsh')).cbor);
    // d9 0191 = tag 401, d9 012f = tag 303, then a map (major type 5: 0xa0-0xbf).
    expect(hex).toMatch(/d90191d9012f[ab][0-9a-f]/);
    expect(hex).not.toContain('d9019a'); // tag 410 (cosigner)
  });

  it('the BCR example layout 401(410(303)): Keystone\'s registry (BlueWallet) reads it too, Nunchuk\'s walk does not', () => {
    const account = deriveAccount(master, { kind: 'bip48', network: 'mainnet', account: 0 });
    const wrapped = encodeCbor(new CborMap([[1, 0x73c5da0a], [2, [outputExpression(['wsh', 'cosigner'], accountOutput(account).key)]]]));
    // 401, 410, 303: Nunchuk reads one tag after 401 (410), then wants a map and finds tag 303 ("not Map").
    expect(bytesToHex(wrapped)).toMatch(/d90191d9019ad9012f/);
    expect(bytesToHex(wrapped)).not.toMatch(/d90191d9012f[ab][0-9a-f]/);
    // Measured: Keystone's registry skips the tag it does not know, so both layouts work for BlueWallet.
    expect(CryptoAccount.fromCBOR(Buffer.from(wrapped)).getOutputDescriptors()[0]!.getHDKey()?.getBip32Key()).toBe(account.xpub);
  });

  it('the BIP48 account\'s crypto-account is the P2WSH cosigner UR, byte for byte', () => {
    const account = deriveAccount(master, { kind: 'bip48', network: 'mainnet', account: 0 });
    expect(bytesToHex(accountUr([account]).cbor)).toBe(bytesToHex(cosignerUr(cosignerKey(master, 'mainnet', 'p2wsh')).cbor));
  });
});

describe('generic JSON: bip48_1, bip48_2 and bip45 as Coldcard writes them', async () => {
  const simulator = await masterOf(SIMULATOR);

  // Coldcard firmware docs/generic-wallet-export.md "Example JSON file" (simulator, account 123).
  const COLDCARD_EXAMPLE = {
    chain: 'BTC',
    xfp: '0F056943',
    account: 123,
    xpub: 'xpub661MyMwAqRbcGC9DmWbtbAmuUjpMYxw4BWE88NSDHB3jSjfUK7KtYJuKa52GbowD3DVLkgsxH9QwPnTx5mjdHykYFEncnmAsNsCTbWzBhA7',
    bip48_1: {
      name: 'p2sh-p2wsh',
      xfp: '845A3542',
      deriv: 'm/48h/0h/123h/1h',
      xpub: 'xpub6EkcQSTygvxVnBP2X2fM6HY5D7wv46tWbBc54ADaypuCr47vQh1GPdPAZFdx81ou5Rp4vBnzeJT5MDWDZstzijxkHfrofXRycpt1ASfg1La',
      desc: 'sh(wsh(sortedmulti(M,[0f056943/48h/0h/123h/1h]xpub6EkcQSTygvxVnBP2X2fM6HY5D7wv46tWbBc54ADaypuCr47vQh1GPdPAZFdx81ou5Rp4vBnzeJT5MDWDZstzijxkHfrofXRycpt1ASfg1La/0/*,...)))',
      _pub: 'Ypub6kUxqLsLQa4M43jXJ3ux8SyP6t8dD5ZbpZmxkpP1jc7VXLW4RkZ76ouEPAZ1gMgiiXzrYFPfzBC8MfjYaoTxfTm1zUfdeqiTnHDX8raCfeg',
    },
    bip48_2: {
      name: 'p2wsh',
      xfp: '2A01C6B0',
      deriv: 'm/48h/0h/123h/2h',
      xpub: 'xpub6EkcQSTygvxVneXmk3ywiS2PFhBdiPxeMxYf6RFxHCHH36NxdcN7DjUpudCppAAxs58CG6DQLjtqZNmyC3MpgVob6wpdeATjpZZ1woX92EF',
      desc: 'wsh(sortedmulti(M,[0f056943/48h/0h/123h/2h]xpub6EkcQSTygvxVneXmk3ywiS2PFhBdiPxeMxYf6RFxHCHH36NxdcN7DjUpudCppAAxs58CG6DQLjtqZNmyC3MpgVob6wpdeATjpZZ1woX92EF/0/*,...))',
      _pub: 'Zpub75KE91YFZFbpup5PMS2AxgZCKRWnozdEWTEmaUKGQysSmUaKuL5WYyf2kk5UNQhhupRnddQe9GzST7crvfLoRTHTg6KtDPZiFjxBJobzcUz',
    },
    bip84: {
      name: 'p2wpkh',
      xfp: '2C5207AA',
      deriv: 'm/84h/0h/123h',
      xpub: 'xpub6CaWStGvcXqSW9BzU2vpCoP7aWjz9VfR5DS2nuYWVvKV2nug2dESg3HdFsaWHeoZaxuAhNcPB3TH2gq8MugS3JX1yGuhB4QbC2BneaYqB16',
      desc: 'wpkh([0f056943/84h/0h/123h]xpub6CaWStGvcXqSW9BzU2vpCoP7aWjz9VfR5DS2nuYWVvKV2nug2dESg3HdFsaWHeoZaxuAhNcPB3TH2gq8MugS3JX1yGuhB4QbC2BneaYqB16/<0;1>/*)#yk84tprf',
      _pub: 'zpub6rF34DckutvQCjaE8kW4cya7vT2t2jeQuSUUMhLHFw5F8zY8XwZZvAbuJHVgHU7QQF8nCKoW6NANoG4FoJWTdmtDhxJYLt3ZjUK5RqUSMdF',
      first: 'bc1qhj6avwmp5lhpgqwm6dgxrf3v5lf67rjm99a8an',
    },
  };

  it('account 123 of the simulator\'s wallet: bip48_1, bip48_2 (and bip84) equal Coldcard\'s example; no bip45', () => {
    const json = JSON.parse(coldcardGenericJson(simulator, 'mainnet', 123));
    expect(json).toMatchObject(COLDCARD_EXAMPLE);
    expect(json.bip45).toBeUndefined();
    expect(Object.keys(json)).toEqual(['chain', 'xfp', 'account', 'xpub', 'bip44', 'bip49', 'bip84', 'bip48_1', 'bip48_2', 'bip86']);
  });

  it('account 0 adds bip45 (P2SH, m/45h, plain xpub, no _pub), as Coldcard does', () => {
    const json = JSON.parse(coldcardGenericJson(simulator, 'mainnet', 0));
    const k = cosignerKey(simulator, 'mainnet', 'p2sh');
    expect(json.bip45).toEqual({ name: 'p2sh', xfp: json.bip45.xfp, deriv: 'm/45h', xpub: k.xpub, desc: `sh(sortedmulti(M,[0f056943/45h]${k.xpub}/0/*,...))` });
    expect(json.bip45.xfp).toMatch(/^[0-9A-F]{8}$/);
    expect(Object.keys(json)).toEqual(['chain', 'xfp', 'account', 'xpub', 'bip44', 'bip49', 'bip84', 'bip48_1', 'bip48_2', 'bip45', 'bip86']);
  });

  it('Sparrow (ColdcardSinglesig.getKeystore) maps every section name to a script type and reads deriv + xpub', () => {
    const json = JSON.parse(coldcardGenericJson(simulator, 'mainnet', 0));
    const scriptTypes = ['P2PKH', 'P2SH_P2WPKH', 'P2WPKH', 'P2SH_P2WSH', 'P2WSH', 'P2SH', 'P2TR'];
    const seen = Object.keys(json)
      .filter((k) => k.startsWith('bip'))
      .map((k) => (json[k].name as string).replace('p2wpkh-p2sh', 'p2sh_p2wpkh').replace(/-/g, '_').toUpperCase());
    expect(seen.sort()).toEqual([...scriptTypes].sort());
    for (const k of Object.keys(json).filter((x) => x.startsWith('bip'))) expect(json[k].deriv).toMatch(/^m(\/\d+h)+$/);
  });

  it('BlueWallet ("is it coldcardQ json?"): bip48_1 / bip48_2 / bip45 deriv and _pub-or-xpub make the three cosigners', () => {
    const json = JSON.parse(coldcardGenericJson(simulator, 'mainnet', 0));
    expect(json.chain).toBe('BTC');
    const cosigners = ['bip48_1', 'bip48_2', 'bip45'].map((s) => ({ path: (json[s].deriv as string).replace(/h/g, "'"), xpub: (json[s]._pub ?? json[s].xpub) as string }));
    expect(cosigners).toEqual([
      { path: "m/48'/0'/0'/1'", xpub: cosignerKey(simulator, 'mainnet', 'p2sh-p2wsh').slip132 },
      { path: "m/48'/0'/0'/2'", xpub: cosignerKey(simulator, 'mainnet', 'p2wsh').slip132 },
      { path: "m/45'", xpub: cosignerKey(simulator, 'mainnet', 'p2sh').xpub },
    ]);
    // BlueWallet's bip86 import reads the section's desc (wallet-import.ts, "multi-account generic JSON").
    expect(json.bip86.desc).toMatch(/^tr\(\[0f056943\/86h\/0h\/0h\]xpub.*\/<0;1>\/\*\)#[a-z0-9]{8}$/);
  });
});

describe('Coldcard multisig cosigner file (ccxp-XFP.json)', async () => {
  const master = await masterOf(ABOUT);

  it('has each script\'s _deriv, SLIP-132 key and template, account as a string, and xfp — Coldcard\'s fields', () => {
    const json = JSON.parse(coldcardMultisigJson(master, 'mainnet', 0));
    const k = (s: CosignerScript) => cosignerKey(master, 'mainnet', s);
    expect(json).toEqual({
      p2sh_deriv: 'm/45h',
      p2sh: k('p2sh').xpub,
      p2sh_desc: `sh(sortedmulti(M,${k('p2sh').keyExpression}/0/*,...))`,
      p2sh_p2wsh_deriv: 'm/48h/0h/0h/1h',
      p2sh_p2wsh: k('p2sh-p2wsh').slip132,
      p2sh_p2wsh_desc: `sh(wsh(sortedmulti(M,${k('p2sh-p2wsh').keyExpression}/0/*,...)))`,
      p2wsh_deriv: 'm/48h/0h/0h/2h',
      p2wsh: k('p2wsh').slip132,
      p2wsh_desc: `wsh(sortedmulti(M,${k('p2wsh').keyExpression}/0/*,...))`,
      account: '0',
      xfp: '73C5DA0A',
    });
  });

  it('Sparrow (ColdcardMultisig.getKeystoreMultisig) finds a derivation and key for P2SH, P2SH_P2WSH and P2WSH', () => {
    const json = JSON.parse(coldcardMultisigJson(master, 'mainnet', 0));
    // Sparrow reads p2wsh_p2sh* first, then p2sh_p2wsh* (Coldcard's current names), and the top-level xfp.
    const fields: Record<string, readonly [string, string]> = { P2SH: ['p2sh_deriv', 'p2sh'], P2SH_P2WSH: ['p2sh_p2wsh_deriv', 'p2sh_p2wsh'], P2WSH: ['p2wsh_deriv', 'p2wsh'] };
    for (const [deriv, key] of Object.values(fields)) {
      expect(json[deriv]).toMatch(/^m(\/\d+h)+$/);
      expect(parseExtendedKey(json[key]).isPrivate).toBe(false);
    }
    expect(json.xfp).toBe('73C5DA0A');
    // The SLIP-132 keys are the same keys as the plain xpubs.
    expect(bytesToHex(parseExtendedKey(json.p2wsh).key.publicKey!)).toBe(bytesToHex(cosignerKey(master, 'mainnet', 'p2wsh').node.publicKey!));
  });

  it('BlueWallet (MultisigCosigner, "is it coldcard / unchained json?") gets three cosigners with the right paths', () => {
    const json = JSON.parse(coldcardMultisigJson(master, 'mainnet', 0));
    const found = [
      [json.p2sh, json.p2sh_deriv],
      [json.p2wsh_p2sh ?? json.p2sh_p2wsh, json.p2wsh_p2sh_deriv ?? json.p2sh_p2wsh_deriv],
      [json.p2wsh, json.p2wsh_deriv],
    ].map(([xpub, deriv]) => ({ xpub: (xpub as string).slice(0, 4), path: (deriv as string).replace(/h/g, "'") }));
    expect(found).toEqual([
      { xpub: 'xpub', path: "m/45'" },
      { xpub: 'Ypub', path: "m/48'/0'/0'/1'" },
      { xpub: 'Zpub', path: "m/48'/0'/0'/2'" },
    ]);
  });

  it('another account drops BIP45 (it has no account level); testnet writes Upub/Vpub', () => {
    const json = JSON.parse(coldcardMultisigJson(master, 'testnet', 2));
    expect(json.p2sh).toBeUndefined();
    expect(json.account).toBe('2');
    expect(json.p2wsh_deriv).toBe('m/48h/1h/2h/2h');
    expect(json.p2wsh.startsWith('Vpub')).toBe(true);
    expect(json.p2sh_p2wsh.startsWith('Upub')).toBe(true);
  });
});
