/**
 * Registrations: public data sealed with an HMAC keyed from the seed (m/1346720327'/0' through HKDF-SHA256), so a
 * file changed on disk — an attacker's key swapped in, M lowered, the script type changed, the name changed, the
 * MAC replaced — is refused as TAMPERED, and another seed (or passphrase) cannot open or forge one.
 */
import { describe, expect, it } from 'vitest';
import { masterFromSeed } from '../../electron/core/keys/hd';
import { mnemonicToSeed } from '../../electron/core/keys/mnemonic';
import { multisigFromDescriptor } from '../../electron/core/wallets/multisig';
import { openRegistration, peekRegistration, registrationId, sealRegistration } from '../../electron/core/wallets/registration';
import { ABOUT, descriptorFor, keysFor, masters } from '../helpers/multisig';

const keys = keysFor('p2wsh');
const wallet = multisigFromDescriptor(descriptorFor('p2wsh', keys), { name: 'Vault' });
const sealed = sealRegistration(wallet, masters.ours);
const text = new TextDecoder().decode(sealed);
const forge = (f: (s: string) => string) => new TextEncoder().encode(f(text));

describe('multisig registration files', () => {
  it('round-trips the wallet; holds public data only; the id names the policy, not the name', () => {
    expect(openRegistration(sealed, masters.ours)).toEqual(wallet);
    expect(text).toMatch(/^\{"format":"permafrost-multisig-registration","version":1,"fingerprint":"73c5da0a","wallet":\{.*\},"mac":"[0-9a-f]{64}"\}\n$/);
    expect(text).not.toMatch(/prv|abandon/);
    expect(peekRegistration(sealed)).toEqual({ fingerprint: '73c5da0a', name: 'Vault' });
    expect(registrationId({ ...wallet, name: 'Other name' })).toBe(registrationId(wallet));
    expect(registrationId({ ...wallet, m: 1 })).not.toBe(registrationId(wallet));
  });

  const attacker = keysFor('p2wsh', 'mainnet', ['d'])[0]!;
  it.each([
    ['M lowered to 1', (s: string) => s.replace('"m":2', '"m":1')],
    ['a cosigner swapped for the attacker’s key', (s: string) => s.replace(keys[2]!.xpub, attacker.xpub).replace(keys[2]!.fingerprint, attacker.fingerprint)],
    ['the script type changed', (s: string) => s.replace('"scriptType":"p2wsh"', '"scriptType":"p2sh-p2wsh"')],
    ['the name changed', (s: string) => s.replace('"name":"Vault"', '"name":"Vault2"')],
    ['the MAC replaced', (s: string) => s.replace(/"mac":"[0-9a-f]{64}"/, `"mac":"${'0'.repeat(64)}"`)],
    ['the MAC removed', (s: string) => s.replace(/,"mac":"[0-9a-f]{64}"/, '')],
    ['not JSON any more', (s: string) => s.slice(0, 40)],
  ])('%s: TAMPERED', (_what, f) => {
    expect(() => openRegistration(forge(f), masters.ours)).toThrow(expect.objectContaining({ code: 'TAMPERED' }));
  });

  it('another seed cannot open it, and one it seals is refused by ours (the key is the seed’s)', async () => {
    expect(() => openRegistration(sealed, masters.b)).toThrow(expect.objectContaining({ code: 'NO_SUCH_WALLET' }));
    // The attacker re-seals a changed wallet with their own seed but writes our fingerprint: the MAC does not match.
    const forged = new TextDecoder().decode(sealRegistration({ ...wallet, m: 1 }, masters.b)).replace(/"fingerprint":"[0-9a-f]{8}"/, '"fingerprint":"73c5da0a"');
    expect(() => openRegistration(new TextEncoder().encode(forged), masters.ours)).toThrow(expect.objectContaining({ code: 'TAMPERED' }));
    // Same words with a BIP39 passphrase: another wallet.
    const withPassphrase = masterFromSeed(await mnemonicToSeed(ABOUT, 'a passphrase'));
    expect(() => openRegistration(sealed, withPassphrase)).toThrow(expect.objectContaining({ code: 'NO_SUCH_WALLET' }));
  });
});
