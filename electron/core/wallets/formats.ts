/**
 * The files and QR codes coordinators give a cosigner, each read into a MultisigWallet:
 * - an output descriptor (wsh/sh-wsh/sh of sortedmulti or multi), with or without checksum;
 * - a BSMS 1.0 descriptor record (bitcoin/bips bip-0129 "Round 2": "BSMS 1.0", the descriptor template with /**,
 *   the path restrictions, the first address — which must equal the first address we derive);
 * - a Coldcard multisig setup file (coldcard.com/docs/multisig "Import from SD"; Coldcard firmware
 *   shared/multisig.py: "Name:", "Policy: M of N", "Derivation:" (applies to the keys after it), "Format:
 *   P2SH | P2SH-P2WSH (or P2WSH-P2SH) | P2WSH", then one "XFP: xpub" line per key; "#" starts a comment unless a
 *   digit follows it; no Policy line means N of N);
 * - a UR crypto-output (BCR-2020-010, v1 tags 400/401/406/407/303/304/305) or output-descriptor (v2: tag 40308,
 *   {1: source with @0…@n, 2: keys as 40303 hdkeys, 3: name}), single-part or animated (one part a line).
 * parseWalletConfig detects which.
 */
import { CborMap, CborTag, decodeCbor, type CborValue } from '../codecs/cbor';
import { UrDecoder, type Ur } from '../codecs/ur/ur';
import { WalletError } from '../errors';
import { formatPath, HARDENED, HDKey, parseExtendedKey, parsePath } from '../keys/hd';
import { verifyChecksum } from '../keys/descriptor';
import { versions, type Network } from '../keys/networks';
import { deriveScripts, multiNode, parseDescriptor, type Step } from './descriptor';
import { defaultName, multisigAddress, multisigFromDescriptor, multisigScripts, networkHint, validateMultisig, type MultisigScriptType, type MultisigWallet, type ParseOptions } from './multisig';

/** Largest configuration text read (a 20-key Coldcard file with comments is about 3 KB; animated URs more). */
export const MAX_CONFIG_CHARS = 100_000;

export type WalletConfigFormat = 'descriptor' | 'bsms' | 'coldcard' | 'ur-crypto-output' | 'ur-output-descriptor';

export interface ParsedWalletConfig {
  readonly format: WalletConfigFormat;
  readonly wallet: MultisigWallet;
}

const bad = (what: string) => new WalletError('INVALID_ARGUMENT', what);

/* ---------- BSMS 1.0 (BIP129) ---------- */

export function parseBsms(text: string, options: ParseOptions = {}): MultisigWallet {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  if (lines[0] !== 'BSMS 1.0') throw bad('A BSMS descriptor record starts with the line "BSMS 1.0".');
  if (lines.length !== 4) throw bad(`A BSMS 1.0 descriptor record has 4 lines (version, descriptor, path restrictions, first address); this has ${lines.length}.`);
  const [, template, restrictions, firstAddress] = lines as [string, string, string, string];
  if (restrictions !== '/0/*,/1/*' && restrictions !== 'No path restrictions') {
    throw bad(`BSMS path restrictions "${restrictions.slice(0, 40)}" are not supported: Permafrost uses /0/* for receiving and /1/* for change.`);
  }
  // BIP129: "/**" in the template stands for /0/*,/1/* (the path restrictions); a checksum covers the template as written.
  let descriptor = template;
  const hash = template.indexOf('#');
  if (hash !== -1) {
    if (!verifyChecksumSafe(template)) throw bad('The BSMS descriptor’s checksum does not match: a character was changed or lost.');
    descriptor = template.slice(0, hash);
  }
  const wallet = multisigFromDescriptor(descriptor.replaceAll('/**', '/<0;1>/*'), options);
  const first = multisigAddress(wallet, false, 0).address;
  const given = /^(bc|tb|bcrt)1/i.test(firstAddress) ? firstAddress.toLowerCase() : firstAddress;
  if (first !== given) {
    throw bad(`The BSMS record's first address ${firstAddress} is not the first address of its descriptor (${first}): the record is inconsistent or was altered. Not registered.`);
  }
  return wallet;
}

function verifyChecksumSafe(text: string): boolean {
  try {
    return verifyChecksum(text);
  } catch {
    return false;
  }
}

/* ---------- Coldcard multisig setup file ---------- */

const FORMATS: Readonly<Record<string, MultisigScriptType>> = { P2SH: 'p2sh', 'P2SH-P2WSH': 'p2sh-p2wsh', 'P2WSH-P2SH': 'p2sh-p2wsh', P2WSH: 'p2wsh' };

export function parseColdcardConfig(text: string, options: ParseOptions = {}): MultisigWallet {
  let name: string | null = null;
  let policy: { m: number; n: number } | null = null;
  let derivation: string | null = null;
  let format: MultisigScriptType | null = null;
  const keys: Array<{ fingerprint: string; path: string | null; xpub: string; line: number }> = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    // As Coldcard's reader: "#" ends the line's content (a comment) unless a digit follows it.
    const line = raw.replace(/#(?!\d).*$/, '').trim();
    if (line === '') return;
    const colon = line.indexOf(':');
    if (colon === -1) throw bad(`Line ${i + 1} of the Coldcard file is not "label: value".`);
    const label = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    switch (label.toLowerCase()) {
      case 'name':
        name = value;
        return;
      case 'policy': {
        // "2 of 3", "2/3", "2,3" or "2 3", as Coldcard reads them.
        const m = /^(\d+)\s*(?:of|\/|,|\s)\s*(\d+)$/i.exec(value);
        if (!m) throw bad(`Line ${i + 1}: the policy "${value.slice(0, 20)}" is not "M of N".`);
        policy = { m: Number(m[1]), n: Number(m[2]) };
        return;
      }
      case 'derivation':
        parsePath(value.replace(/^M\//, 'm/'));
        derivation = value.replace(/^M\//, 'm/');
        return;
      case 'format': {
        const f = FORMATS[value.toUpperCase()];
        if (!f) throw bad(`Line ${i + 1}: the format "${value.slice(0, 20)}" is not P2WSH, P2SH-P2WSH or P2SH.`);
        format = f;
        return;
      }
      default:
        if (/^[0-9a-fA-F]{8}$/.test(label)) {
          keys.push({ fingerprint: label.toLowerCase(), path: derivation, xpub: value, line: i + 1 });
          return;
        }
        throw bad(`Line ${i + 1} of the Coldcard file has an unknown label "${label.slice(0, 20)}".`);
    }
  });
  if (keys.length === 0) throw bad('The Coldcard file lists no keys ("XFP: xpub" lines).');
  // Coldcard: without a Policy line, every key must sign (N of N).
  const p = (policy as { m: number; n: number } | null) ?? { m: keys.length, n: keys.length };
  if (p.n !== keys.length) throw bad(`The policy says ${p.m} of ${p.n} but the file lists ${keys.length} keys.`);
  const cosigners = keys.map((k) => {
    if (!k.path) throw bad(`The key on line ${k.line} has no "Derivation:" before it: its path is unknown.`);
    const parsed = parseExtendedKey(k.xpub);
    return { fingerprint: k.fingerprint, path: formatPath(parsePath(k.path)), xpub: k.xpub, net: parsed.network };
  });
  const nets = new Set(cosigners.map((c) => c.net));
  if (nets.size > 1) throw bad('The Coldcard file mixes mainnet and test network keys.');
  const keyNet = [...nets][0] as 'mainnet' | 'testnet';
  const network: Network = options.network ?? keyNet;
  if ((network === 'mainnet') !== (keyNet === 'mainnet')) throw bad(`The Coldcard file's keys are for ${keyNet === 'mainnet' ? 'mainnet' : 'a test network'}, not ${network}. ${networkHint(keyNet)}`);
  return validateMultisig({
    name: options.name ?? (name as string | null) ?? defaultName(p.m, p.n),
    m: p.m,
    n: p.n,
    // Coldcard: "P2SH" when no format line is given (its oldest files).
    scriptType: (format as MultisigScriptType | null) ?? 'p2sh',
    // Coldcard always sorts the keys (BIP67).
    sorted: true,
    cosigners: cosigners.map(({ fingerprint, path, xpub }) => ({ fingerprint, path, xpub })),
    network,
  });
}

/* ---------- UR crypto-output (v1) and output-descriptor (v2) ---------- */

const V1 = { sh: 400, wsh: 401, multi: 406, sortedmulti: 407, hdkey: 303, keypath: 304, coininfo: 305, eckey: 306, output: 308 } as const;
const V2 = { hdkey: 40303, keypath: 40304, coininfo: 40305, eckey: 40306, output: 40308 } as const;

const urBad = (what: string) => new WalletError('BAD_QR', `This wallet QR code cannot be read: ${what}`);

function untag(v: CborValue, tags: readonly number[]): { tag: number; value: CborValue } | null {
  return v instanceof CborTag && tags.includes(v.tag) ? { tag: v.tag, value: v.value } : null;
}

function asMap(v: CborValue, what: string): CborMap {
  if (!(v instanceof CborMap)) throw urBad(`${what} is not a map.`);
  return v;
}

function bytes(v: CborValue | undefined, n: number, what: string): Uint8Array {
  if (!(v instanceof Uint8Array) || v.length !== n) throw urBad(`${what} is not ${n} bytes.`);
  return v;
}

function components(kp: CborMap, what: string): { steps: string[]; indices: Array<number | null> } {
  const list = kp.get(1);
  if (!Array.isArray(list) || list.length % 2 !== 0) throw urBad(`${what} has malformed path components.`);
  const steps: string[] = [];
  const indices: Array<number | null> = [];
  for (let i = 0; i < list.length; i += 2) {
    const c = list[i] as CborValue;
    const hardened = list[i + 1];
    if (typeof hardened !== 'boolean') throw urBad(`${what} has a path step without its hardened flag.`);
    const h = hardened ? 'h' : '';
    if (typeof c === 'number' && Number.isInteger(c) && c >= 0 && c < HARDENED) {
      steps.push(`${c}${h}`);
      indices.push(hardened ? c + HARDENED : c);
    } else if (Array.isArray(c) && c.length === 0) {
      steps.push(`*${h}`);
      indices.push(null);
    } else if (Array.isArray(c) && c.length === 4 && typeof c[0] === 'number' && typeof c[2] === 'number') {
      // A pair (BCR-2020-010 v2 / BIP389): <a;b>.
      steps.push(`<${c[0]}${c[1] ? 'h' : ''};${c[2]}${c[3] ? 'h' : ''}>`);
      indices.push(null);
    } else throw urBad(`${what} has a path step that is not an index, a wildcard or a pair.`);
  }
  return { steps, indices };
}

/** A crypto-hdkey (v1 303 or v2 40303 map) as a descriptor key expression "[fp/path]xpub/children". */
function hdKeyExpression(m: CborMap, keypathTags: readonly number[]): string {
  if (m.get(2) === true) throw urBad('it holds a private key; only public keys are registered.');
  const key = bytes(m.get(3), 33, 'a key');
  const chainCode = bytes(m.get(4), 32, 'a chain code');
  const info = m.get(5);
  let network: 'mainnet' | 'testnet' = 'mainnet';
  if (info !== undefined) {
    const i = untag(info, [V1.coininfo, V2.coininfo]);
    const im = asMap(i ? i.value : info, 'the coin info');
    if (im.get(2) === 1) network = 'testnet';
  }
  let originText = '';
  let sourceFingerprint: number | null = null;
  let depth = 0;
  let index = 0;
  const origin = m.get(6);
  if (origin !== undefined) {
    const o = untag(origin, keypathTags);
    if (!o) throw urBad('a key origin is not a keypath.');
    const om = asMap(o.value, 'a key origin');
    const { steps, indices } = components(om, 'a key origin');
    if (indices.some((x) => x === null)) throw urBad('a key origin has a wildcard.');
    const d = om.get(3);
    depth = typeof d === 'number' ? d : indices.length;
    index = (indices[indices.length - 1] as number | undefined) ?? 0;
    const fp = om.get(2);
    if (typeof fp === 'number') sourceFingerprint = fp >>> 0;
    if (typeof fp === 'number') originText = `[${(fp >>> 0).toString(16).padStart(8, '0')}${steps.map((s) => `/${s}`).join('')}]`;
  }
  // The parent fingerprint (8) may be left out; a key one step below its source has the source as its parent.
  const parent = m.get(8);
  const parentFingerprint = typeof parent === 'number' ? parent : depth === 1 && sourceFingerprint !== null ? sourceFingerprint : 0;
  const node = new HDKey({ versions: versions(network), depth, index, parentFingerprint, chainCode, publicKey: key });
  let childText = '';
  const children = m.get(7);
  if (children !== undefined) {
    const c = untag(children, keypathTags);
    if (!c) throw urBad('a key’s children are not a keypath.');
    childText = components(asMap(c.value, 'a key’s children'), 'a key’s children').steps.map((s) => `/${s}`).join('');
  }
  return `${originText}${node.publicExtendedKey}${childText}`;
}

function eckeyExpression(m: CborMap): string {
  if (m.get(2) === true) throw urBad('it holds a private key; only public keys are registered.');
  const k = m.get(3);
  if (!(k instanceof Uint8Array) || (k.length !== 33 && k.length !== 65)) throw urBad('a key is not 33 or 65 bytes.');
  return Array.from(k, (b) => b.toString(16).padStart(2, '0')).join('');
}

function keyExpression(v: CborValue): string {
  const t = untag(v, [V1.hdkey, V2.hdkey, V1.eckey, V2.eckey]);
  if (!t) throw urBad('a key is neither a crypto-hdkey nor a crypto-eckey.');
  const m = asMap(t.value, 'a key');
  return t.tag === V1.eckey || t.tag === V2.eckey ? eckeyExpression(m) : hdKeyExpression(m, t.tag === V2.hdkey ? [V2.keypath] : [V1.keypath]);
}

/** BCR-2020-010 crypto-output (v1) CBOR as descriptor text: sh/wsh around multi/sortedmulti. */
export function cryptoOutputToDescriptor(cbor: Uint8Array): string {
  let v = decodeCbor(cbor, { maxLength: 64 * 1024, maxDepth: 16 });
  const outer = untag(v, [V1.output]);
  if (outer) v = outer.value;
  const walk = (x: CborValue, depth: number): string => {
    if (depth > 3) throw urBad('its script expressions are nested too deeply.');
    if (!(x instanceof CborTag)) throw urBad('it is not a script expression.');
    switch (x.tag) {
      case V1.sh:
        return `sh(${walk(x.value, depth + 1)})`;
      case V1.wsh:
        return `wsh(${walk(x.value, depth + 1)})`;
      case V1.multi:
      case V1.sortedmulti: {
        const m = asMap(x.value, 'the multisig');
        const k = m.get(1);
        const keys = m.get(2);
        if (typeof k !== 'number' || !Array.isArray(keys)) throw urBad('the multisig has no threshold or no keys.');
        if (keys.length > 20) throw urBad('the multisig lists more than 20 keys.');
        return `${x.tag === V1.multi ? 'multi' : 'sortedmulti'}(${[String(k), ...keys.map((key) => keyExpression(key as CborValue))].join(',')})`;
      }
      default:
        throw urBad(`tag ${x.tag} is not a multisig script expression (sh, wsh, multi, sortedmulti).`);
    }
  };
  return walk(v, 0);
}

/** output-descriptor (v2) CBOR as descriptor text: the source with each @i replaced by key i; and its name. */
export function outputDescriptorToText(cbor: Uint8Array): { descriptor: string; name: string | null } {
  let v = decodeCbor(cbor, { maxLength: 64 * 1024, maxDepth: 16 });
  const outer = untag(v, [V2.output]);
  if (outer) v = outer.value;
  const m = asMap(v, 'the output descriptor');
  const source = m.get(1);
  if (typeof source !== 'string' || source.length > 10_000) throw urBad('it has no descriptor text.');
  const keysValue = m.get(2) ?? [];
  if (!Array.isArray(keysValue) || keysValue.length > 20) throw urBad('its key list is malformed or has more than 20 keys.');
  const keys = keysValue.map((k) => keyExpression(k as CborValue));
  const descriptor = source.replace(/@(\d+)/g, (_all, d: string) => {
    const k = keys[Number(d)];
    if (k === undefined) throw urBad(`its text names key @${d} but only ${keys.length} keys are given.`);
    return k;
  });
  const name = m.get(3);
  return { descriptor, name: typeof name === 'string' ? name : null };
}

function decodeUrLines(lines: readonly string[]): Ur {
  const decoder = new UrDecoder();
  let last = null as ReturnType<UrDecoder['receive']> | null;
  for (const l of lines) {
    last = decoder.receive(l);
    if (last.kind === 'invalid') throw new WalletError('BAD_QR', last.message);
    if (last.kind === 'complete') return last.ur;
  }
  throw new WalletError('BAD_QR', 'The animated QR code is incomplete: scan more of its frames.');
}

/**
 * Another descriptor line of the same file must be the same wallet (its receive /0/*, change /1/* or multipath form):
 * a file whose change descriptor is another key set says one thing to the coordinator and another to us. Checked by
 * the scripts each derives at index 0 and 1 of its branches (whatever the key notation).
 */
function sameWalletLine(line: string, wallet: MultisigWallet, lineNo: number, chosenNo: number): void {
  const other = (why: string) => bad(`Line ${lineNo} of the file is not the same wallet as line ${chosenNo} (${why}): a file holds one wallet's descriptors. Export the wallet again.`);
  let d: ReturnType<typeof parseDescriptor>;
  try {
    d = parseDescriptor(line);
  } catch (e) {
    throw other(e instanceof WalletError ? e.message.replace(/\.$/, '') : 'it cannot be read');
  }
  const first = multiNode(d).keys[0];
  const step = first?.kind === 'xpub' && first.wildcard && first.steps.length === 1 ? (first.steps[0] as Step) : null;
  // Which of the wallet's branches each of the line's branches is: <0;1> is both, /0/* receive, /1/* change.
  const branches = step === null ? [] : 'multipath' in step ? step.multipath.map((x) => x.index) : [step.index];
  if (branches.length === 0 || branches.some((b) => b !== 0 && b !== 1)) throw other('its keys do not end in /0/*, /1/* or /<0;1>/*');
  for (const [lineBranch, b] of branches.entries()) {
    for (const index of [0, 1]) {
      let script: Uint8Array;
      try {
        script = deriveScripts(d, 'multipath' in (step as Step) ? lineBranch : 0, index).script;
      } catch {
        throw other('its keys cannot be derived');
      }
      const ours = multisigScripts(wallet, b === 1, index).script;
      if (script.length !== ours.length || script.some((x, i) => x !== ours[i])) throw other(`its ${b === 1 ? 'change' : 'receive'} addresses differ`);
    }
  }
}

/* ---------- detection ---------- */

/** Reads a wallet configuration in any supported format; throws WalletError saying what it is and what is wrong. */
export function parseWalletConfig(text: string, options: ParseOptions = {}): ParsedWalletConfig {
  if (typeof text !== 'string') throw bad('A wallet configuration is text.');
  if (text.length > MAX_CONFIG_CHARS) throw bad(`The wallet configuration is ${text.length.toLocaleString('en-US')} characters; at most ${MAX_CONFIG_CHARS.toLocaleString('en-US')} are read.`);
  const clean = text.replace(/^\uFEFF/, '');
  const lines = clean
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  if (lines.length === 0) throw bad('The wallet configuration is empty.');
  const first = lines[0] as string;
  if (first === 'BSMS 1.0' || first.startsWith('BSMS ')) {
    if (first !== 'BSMS 1.0') throw bad(`"${first.slice(0, 20)}" is not supported: Permafrost reads unencrypted BSMS 1.0 records.`);
    return { format: 'bsms', wallet: parseBsms(clean, options) };
  }
  if (/^ur:/i.test(first)) {
    const ur = decodeUrLines(lines);
    if (ur.type === 'crypto-output') return { format: 'ur-crypto-output', wallet: multisigFromDescriptor(cryptoOutputToDescriptor(ur.cbor), options) };
    if (ur.type === 'output-descriptor') {
      const { descriptor, name } = outputDescriptorToText(ur.cbor);
      return { format: 'ur-output-descriptor', wallet: multisigFromDescriptor(descriptor, { ...options, ...(options.name === undefined && name ? { name: name.slice(0, 40) } : {}) }) };
    }
    throw new WalletError('BAD_QR', `This QR code is a ${ur.type}, not a wallet configuration (crypto-output or output-descriptor).`);
  }
  const meaningful = lines.filter((l) => !l.startsWith('#'));
  if (meaningful.some((l) => /^(name|policy|derivation|format)\s*:/i.test(l) || /^[0-9a-fA-F]{8}\s*:/.test(l))) {
    return { format: 'coldcard', wallet: parseColdcardConfig(clean, options) };
  }
  if (meaningful.length >= 1 && /^(wsh|sh)\(/.test(meaningful[0] as string)) {
    // A file may hold the multipath descriptor and its receive and change halves: the multipath one (or the first) is the wallet.
    const chosen = meaningful.find((l) => l.includes('<0;1>')) ?? (meaningful[0] as string);
    const wallet = multisigFromDescriptor(chosen, options);
    const raw = clean.split(/\r?\n/).map((l) => l.trim());
    const lineOf = (l: string) => raw.indexOf(l) + 1;
    for (const l of meaningful) if (l !== chosen && /^(wsh|sh)\(/.test(l)) sameWalletLine(l, wallet, lineOf(l), lineOf(chosen));
    return { format: 'descriptor', wallet };
  }
  if (/^(wpkh|pkh|tr|pk)\(/.test(first)) throw bad('This is a single-key descriptor, not a multisig wallet.');
  throw bad('This is not a wallet configuration Permafrost reads: a multisig descriptor (wsh(sortedmulti(…))…), a BSMS 1.0 record, a Coldcard multisig file, or a UR crypto-output / output-descriptor QR code.');
}
