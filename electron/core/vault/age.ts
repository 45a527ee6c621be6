/**
 * The encrypted backup file: a standard age v1 file (https://age-encryption.org/v1) with one scrypt stanza, so
 * the owner can open it years later with the `age` tool alone: `age -d backup.age`.
 *
 * The file format (header, MAC, STREAM payload) is typage (`age-encryption`, by age's authors). The scrypt
 * stanza is ours, written from the spec, for three reasons: the key derivation runs with noble's scryptAsync
 * (the main process keeps answering during the ~1 s it takes), each failure gets a precise WalletError instead
 * of a string to match, and the work-factor limit is ours.
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { base64nopad, utf8 } from '@scure/base';
import { armor, Decrypter, Encrypter, Stanza, type Identity, type Recipient } from 'age-encryption';
import { isWalletError, WalletError } from '../errors';
import { fingerprintHex, masterFromSeed } from '../keys/hd';
import { mnemonicToSeed } from '../keys/mnemonic';
import { parseVaultDocument, serializeVaultDocument, type VaultDocument } from './document';

/**
 * scrypt log2(N) for new files: 18, age's own default. 1.4 s to encrypt or open here (docs/BENCHMARKS.md,
 * "Encrypted backup file"); 256 MiB of memory per guess for an attacker. The `age` tool opens it: Go age accepts
 * up to 22 by default.
 */
export const VAULT_WORK_FACTOR = 18;
/** The most we compute when opening a file: 2^20 is 1 GiB and ~7 s here; typage stops at 20 as well. */
export const MAX_VAULT_WORK_FACTOR = 20;
/** Files larger than this are refused before any work: a backup is a few kilobytes. */
export const MAX_VAULT_FILE_BYTES = 1024 * 1024;

// age v1 "scrypt recipient stanza": salt = label || 16 random bytes; N = 2^logN, r = 8, p = 1; 32-byte key that
// seals the file key with ChaCha20-Poly1305 and a zero nonce. It MUST be the only stanza in the header.
const SCRYPT_LABEL = utf8ToBytes('age-encryption.org/v1/scrypt');
const MAGIC = utf8ToBytes('age-encryption.org/v1\n');
const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';

const bad = (message: string) => new WalletError('BAD_BACKUP_FILE', message);

async function wrapKey(passphrase: Uint8Array, salt: Uint8Array, logN: number): Promise<Uint8Array> {
  const s = new Uint8Array(SCRYPT_LABEL.length + salt.length);
  s.set(SCRYPT_LABEL);
  s.set(salt, SCRYPT_LABEL.length);
  return scryptAsync(passphrase, s, { N: 2 ** logN, r: 8, p: 1, dkLen: 32 });
}

class ScryptRecipient implements Recipient {
  readonly #passphrase: Uint8Array;
  readonly #logN: number;
  constructor(passphrase: Uint8Array, logN: number) {
    this.#passphrase = passphrase;
    this.#logN = logN;
  }
  async wrapFileKey(fileKey: Uint8Array): Promise<Stanza[]> {
    const salt = randomBytes(16);
    const key = await wrapKey(this.#passphrase, salt, this.#logN);
    try {
      return [new Stanza(['scrypt', base64nopad.encode(salt), String(this.#logN)], chacha20poly1305(key, new Uint8Array(12)).encrypt(fileKey))];
    } finally {
      key.fill(0);
    }
  }
}

/** Names what a non-passphrase recipient is, so the user knows which tool and key open the file. */
function describeRecipients(stanzas: readonly Stanza[]): string {
  const types = stanzas.map((s) => s.args[0] ?? '');
  if (types.includes('X25519')) return 'This age file is encrypted to a public key (an “age1…” X25519 recipient), not with a passphrase: it is not a Permafrost backup. Open it with its key file: age -d -i key.txt FILE.';
  if (types.includes('mlkem768x25519')) return 'This age file is encrypted to a post-quantum public key (“age1pq1…”), not with a passphrase: it is not a Permafrost backup.';
  const shown = types.slice(0, 3).map((t) => `“${t.slice(0, 40)}”`).join(', ');
  return `This age file is encrypted for ${shown || 'no recipient'}, not with a passphrase: it is not a Permafrost backup.`;
}

/** Reports where decryption stopped, so the error says whether the passphrase or the file is at fault. */
class ScryptIdentity implements Identity {
  reached = false;
  unwrapped = false;
  readonly #candidates: readonly Uint8Array[];
  constructor(candidates: readonly Uint8Array[]) {
    this.#candidates = candidates;
  }
  async unwrapFileKey(stanzas: Stanza[]): Promise<Uint8Array> {
    this.reached = true;
    const stanza = stanzas.find((s) => s.args[0] === 'scrypt');
    if (!stanza) throw bad(describeRecipients(stanzas));
    if (stanzas.length !== 1) throw bad('The file’s header mixes a passphrase with other recipients, which age forbids: the file is damaged or was not made by age.');
    const [, saltText = '', logText = ''] = stanza.args;
    let salt: Uint8Array | null = null;
    try {
      salt = base64nopad.decode(saltText);
    } catch {
      salt = null;
    }
    if (stanza.args.length !== 3 || salt?.length !== 16 || stanza.body.length !== 32 || !/^[1-9][0-9]{0,2}$/.test(logText)) {
      throw bad('The file’s passphrase stanza is malformed: the file is damaged.');
    }
    const logN = Number(logText);
    if (logN > MAX_VAULT_WORK_FACTOR) {
      throw bad(`The file asks for an scrypt work factor of 2^${logN}; Permafrost computes at most 2^${MAX_VAULT_WORK_FACTOR} (1 GiB of memory). Permafrost and age write 2^18: this file was made unusually, or damaged.`);
    }
    for (const passphrase of this.#candidates) {
      const key = await wrapKey(passphrase, salt, logN);
      try {
        const fileKey = chacha20poly1305(key, new Uint8Array(12)).decrypt(stanza.body);
        this.unwrapped = true;
        return fileKey;
      } catch {
        // Not this passphrase (the Poly1305 tag does not match); try the next form, if any.
      } finally {
        key.fill(0);
      }
    }
    // age cannot tell a mistyped passphrase from a damaged stanza (both fail the same tag): say both.
    throw new WalletError(
      'WRONG_PASSPHRASE',
      'This passphrase does not open the file: it is mistyped (check letters, case and spaces), or the file’s header is damaged — then try another copy. It is the passphrase chosen when the file was saved, not the wallet’s BIP39 passphrase.',
    );
  }
}

/**
 * The forms of a typed passphrase to try: the bytes exactly as typed first (what age uses: it does not
 * normalise), then the NFC and NFD forms, for a file whose passphrase was typed on a system that composes
 * accented letters differently.
 */
function passphraseForms(passphrase: string): Uint8Array[] {
  const forms = [...new Set([passphrase, passphrase.normalize('NFC'), passphrase.normalize('NFD')])];
  return forms.map((f) => utf8ToBytes(f));
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/** A short description of what a file that is not age is, for the error message. */
function describeContent(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'the file is empty';
  const head = String.fromCharCode(...bytes.subarray(0, 64));
  if (head.startsWith('%PDF-')) return 'it is a PDF document';
  if (head.startsWith('age-encryption.org/')) return 'it is an age file of a version this Permafrost does not read';
  if (head.startsWith('PK\x03\x04')) return 'it is a ZIP archive';
  if (head.startsWith('-----BEGIN ')) return 'it is a PEM text block of another kind';
  let text: string | null = null;
  try {
    text = utf8.encode(bytes.subarray(0, 4096));
  } catch {
    text = null;
  }
  // eslint-disable-next-line no-control-regex -- control characters are what tells text from binary
  if (text !== null && !/[\x00-\x08\x0e-\x1f\x7f]/.test(text)) return text.includes('"permafrost-backup"') ? 'it is plain text (an unencrypted backup document?)' : 'it is plain text';
  return 'it is binary data of another kind';
}

/** The armored form (`age -a`) is accepted too: the same file as PEM-like text. */
function dearmor(file: Uint8Array): Uint8Array {
  const head = String.fromCharCode(...file.subarray(0, 64)).trimStart();
  if (!head.startsWith(ARMOR_BEGIN)) return file;
  try {
    return armor.decode(utf8.encode(file));
  } catch {
    throw bad('This armored age file (“-----BEGIN AGE ENCRYPTED FILE-----”) is damaged or cut short.');
  }
}

/**
 * When the document can prove it, its fingerprint is recomputed from its words (and included passphrase): a file
 * whose parts disagree is never written nor accepted. Without the passphrase it cannot be checked here.
 */
async function fingerprintMatches(doc: VaultDocument): Promise<boolean> {
  if (doc.passphraseSet && doc.passphrase === undefined) return true;
  const seed = await mnemonicToSeed(doc.mnemonic, doc.passphrase ?? '');
  const master = masterFromSeed(seed);
  seed.fill(0);
  const fingerprint = fingerprintHex(master);
  master.wipePrivateData();
  return fingerprint === doc.fingerprint;
}

/** A binary age v1 file, one scrypt stanza. The plaintext bytes are wiped once encrypted. */
export async function encryptVault(doc: VaultDocument, encryptionPassphrase: string, options: { workFactor?: number } = {}): Promise<Uint8Array> {
  const workFactor = options.workFactor ?? VAULT_WORK_FACTOR;
  if (!Number.isInteger(workFactor) || workFactor < 1 || workFactor > MAX_VAULT_WORK_FACTOR) {
    throw new WalletError('INVALID_ARGUMENT', `The scrypt work factor must be a whole number from 1 to ${MAX_VAULT_WORK_FACTOR}.`);
  }
  if (typeof encryptionPassphrase !== 'string' || encryptionPassphrase.length === 0) throw new WalletError('INVALID_ARGUMENT', 'Choose a passphrase for the file.');
  // The file is encrypted with the bytes typed, exactly as age will use them years later. A passphrase whose
  // accented letters are typed in decomposed form would open only if typed the same way again: refused.
  if (encryptionPassphrase.normalize('NFC') !== encryptionPassphrase) {
    throw new WalletError(
      'INVALID_ARGUMENT',
      'This passphrase has accented letters typed as a letter plus a separate accent mark: the age tool would need them typed exactly that way again. Type each accented letter as one key, or use unaccented letters.',
    );
  }
  const plaintext = serializeVaultDocument(doc);
  const passphrase = utf8ToBytes(encryptionPassphrase);
  try {
    // Only a document we read back ourselves is ever written.
    try {
      parseVaultDocument(plaintext);
    } catch (e) {
      throw new WalletError('INVALID_ARGUMENT', `The backup document is not valid: ${(e as Error).message}`);
    }
    if (!(await fingerprintMatches(doc))) throw new WalletError('INVALID_ARGUMENT', 'The backup document’s fingerprint does not match its words and passphrase.');
    const encrypter = new Encrypter();
    encrypter.addRecipient(new ScryptRecipient(passphrase, workFactor));
    return await encrypter.encrypt(plaintext);
  } finally {
    plaintext.fill(0);
    passphrase.fill(0);
  }
}

/** Opens a backup file. Every failure is a WalletError: WRONG_PASSPHRASE, or BAD_BACKUP_FILE saying what is wrong. */
export async function decryptVault(file: Uint8Array, encryptionPassphrase: string): Promise<VaultDocument> {
  if (!(file instanceof Uint8Array)) throw new WalletError('INVALID_ARGUMENT', 'The backup file must be given as bytes.');
  if (typeof encryptionPassphrase !== 'string' || encryptionPassphrase.length === 0) throw new WalletError('INVALID_ARGUMENT', 'Type the file’s passphrase.');
  if (file.length > MAX_VAULT_FILE_BYTES) {
    throw bad('This file is larger than 1 MiB; a Permafrost backup is a few kilobytes. Choose the .age file Permafrost saved.');
  }
  const bytes = dearmor(file);
  if (!startsWith(bytes, MAGIC)) {
    throw bad(`This is not an age-encrypted file: ${describeContent(bytes)}. A Permafrost backup file starts with “age-encryption.org/v1”.`);
  }
  const candidates = passphraseForms(encryptionPassphrase);
  const identity = new ScryptIdentity(candidates);
  let plaintext: Uint8Array;
  try {
    const decrypter = new Decrypter();
    decrypter.addIdentity(identity);
    plaintext = await decrypter.decrypt(bytes);
  } catch (e) {
    if (isWalletError(e)) throw e;
    if (!identity.reached) throw bad('The file’s age header is damaged or cut short: it cannot be read.');
    if (identity.unwrapped && /HMAC/i.test(String((e as Error | undefined)?.message))) {
      throw bad('The file’s header was changed after it was written (its authentication code does not match): the file is damaged. Try another copy.');
    }
    throw bad('The passphrase is right, but the encrypted contents are damaged or cut short (they fail their authentication check). Try another copy of the file.');
  } finally {
    for (const c of candidates) c.fill(0);
  }
  let doc: VaultDocument;
  try {
    doc = parseVaultDocument(plaintext);
  } catch (e) {
    throw bad(`The file decrypted, but it is not a Permafrost backup: ${(e as Error).message}`);
  } finally {
    plaintext.fill(0);
  }
  if (!(await fingerprintMatches(doc))) throw bad('The file decrypted, but its fingerprint does not match its recovery words: it was edited or made by another tool.');
  return doc;
}
