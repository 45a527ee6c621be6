/**
 * permafrost review FILE / sign FILE (issue 10, review: "the same decoders take … text files, one part per line"):
 * a text file of UR or BBQr parts, one per line (a single part too), is read as `review -` reads standard input
 * (core readStream → TransactionScan); lines skipped are said on stderr with their line number; an incomplete file
 * exits 1 with the count missing and the file's name when nothing was read. Binary, base64 and hex PSBT files are
 * read as before. Parts from Keystone's own registry (@keystonehq/bc-ur-registry CryptoPSBT); what we sign is
 * validated and finalized by bitcoinjs-lib.
 */
import { CryptoPSBT } from '@keystonehq/bc-ur-registry';
import { base64, hex } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { encodeBbqr, psbtFrames } from '../../electron/core';
import { runInProcess, type CliRun } from '../helpers/cli';
import { finalizeWithBitcoinjs, validateWithBitcoinjs } from '../helpers/psbt-build';
import { ABANDON, buildFixture, pathFor } from '../helpers/psbt-fixtures';

const PSBT = new Uint8Array(
  buildFixture([{ type: 'p2wpkh', path: pathFor('p2wpkh', 0, 0), value: 100_000 }], [{ to: 'stranger', value: 90_000 }, { to: 'ours', type: 'p2wpkh', path: pathFor('p2wpkh', 1, 0), value: 9_000 }]).psbt.toBuffer(),
);
const utf8 = (text: string) => new TextEncoder().encode(text);
const errorOf = (r: CliRun): { code: string; message: string } => (JSON.parse(r.stderr.trim().split('\n').pop() as string) as { error: { code: string; message: string } }).error;
const keystoneParts = (fragment: number) => {
  const encoder = new CryptoPSBT(Buffer.from(PSBT)).toUREncoder(fragment);
  return Array.from({ length: encoder.fragmentsLength }, () => encoder.nextPart());
};

/** Text files of parts as a coordinator's export or a copy of its animated QR would hold them. */
const FILES: ReadonlyArray<[string, string]> = [
  ['one UR v1 part (Keystone)', `${keystoneParts(4000)[0]!}\n`],
  ['one UR v2 part, upper case', psbtFrames(PSBT, 'ur2', { fragmentLength: 2000 })[0]!.toUpperCase()],
  ['one BBQr part', encodeBbqr(PSBT, 'P')[0]!],
  ['UR v1 parts (Keystone), reversed, CRLF', [...keystoneParts(40)].reverse().join('\r\n')],
  ['BBQr parts, a blank line between', encodeBbqr(PSBT, 'P', { encoding: 'Z', maxChars: 60 }).join('\n\n')],
];

describe('permafrost review FILE with a text file of QR parts', () => {
  for (const [name, text] of FILES) {
    it(`${name}: our input and change proven`, async () => {
      const r = await runInProcess(['review', 'parts.txt', '--json'], { stdin: `${ABANDON}\n`, files: new Map([['parts.txt', utf8(text)]]) });
      expect(r.code, r.stderr).toBe(0);
      const j = r.json();
      expect(j.inputs[0]).toMatchObject({ ours: true, path: "m/84'/0'/0'/0/0" });
      expect(j.outputs[1]).toMatchObject({ kind: 'change', path: "m/84'/0'/0'/1/0" });
    });
  }

  it('incomplete: exit 1 with the count missing; a file with no part of a transaction names the file; skipped lines on stderr', async () => {
    const parts = encodeBbqr(PSBT, 'P', { encoding: 'H', maxChars: 60 });
    const files = new Map([['parts.txt', utf8(['hello', ...parts.slice(0, 2)].join('\n'))], ['account.txt', utf8('ur:crypto-account/notapart\n')]]);
    const r = await runInProcess(['review', 'parts.txt', '--json'], { stdin: '\n', files });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('line 1: skipped, this QR code is not a transaction');
    expect(errorOf(r)).toEqual({ code: 'BAD_QR', message: `Incomplete: 2 of ${parts.length} BBQr parts read; ${parts.length - 2} still missing.` });
    const none = await runInProcess(['review', 'account.txt', '--json'], { stdin: '\n', files });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('line 1: skipped, this QR code is an account export (watch-only keys), not a transaction');
    expect(errorOf(none)).toEqual({ code: 'BAD_QR', message: 'No transaction QR code (UR, BBQr, base64 or hex PSBT) was read from account.txt (one part per line).' });
  });

  it('binary, base64 and hex PSBT files are read as before', async () => {
    for (const bytes of [PSBT, utf8(`${base64.encode(PSBT)}\n`), utf8(hex.encode(PSBT))]) {
      const r = await runInProcess(['review', 'tx.psbt', '--json'], { stdin: '\n', files: new Map([['tx.psbt', bytes]]) });
      expect(r.code, r.stderr).toBe(0);
      expect(r.json().inputs).toHaveLength(1);
    }
  });
});

describe('permafrost sign FILE with a text file of QR parts', () => {
  it('UR v1 parts (Keystone), shuffled: signed; bitcoinjs-lib validates and finalizes', async () => {
    const parts = keystoneParts(40);
    const files = new Map([['parts.txt', utf8([...parts.slice(1), parts[0]!].join('\n'))]]);
    const r = await runInProcess(['sign', 'parts.txt', '--out', 'signed.psbt', '--finalize', '--json'], { stdin: `${ABANDON}\n`, files });
    expect(r.code, r.stderr).toBe(0);
    const j = r.json();
    expect(j).toMatchObject({ signedInputs: 1, totalInputs: 1, complete: true });
    expect(j.txHex).toBe(finalizeWithBitcoinjs(validateWithBitcoinjs(files.get('signed.psbt') as Uint8Array, [0])).hex);
  });
});
