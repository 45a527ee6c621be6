/**
 * permafrost eth export | review | sign (issue 12): MetaMask's QR hardware-wallet protocol (EIP-4527) from the
 * command line. Standard input: line 1 the recovery words, line 2 the passphrase with --passphrase, then (review,
 * sign) a blank line and the eth-sign-request's UR parts, one per line in any order. Dire warnings are refused
 * unless --accept names their codes.
 */
import {
  deriveAccount,
  deriveAddresses,
  encodeUr,
  ETH_WARNING_CODES,
  MAX_ETH_REQUEST_TEXT,
  metamaskUr,
  openWallet,
  prepareEthRequest,
  readEthRequestText,
  signEthRequest,
  WalletError,
  type EthReview,
  type EthWarningCode,
  type OpenedWallet,
  type PreparedEthRequest,
} from '../core';
import { acceptFlag, parseFlags } from './args';
import { EXIT, UsageError, type CliIo } from './io';
import { readSecretLines } from './secrets';

const json = (io: CliIo, value: unknown) => io.stdout(`${JSON.stringify(value)}\n`);
const ETH_ACCOUNT = { kind: 'eth', network: 'mainnet', account: 0 } as const;
/** The words, a passphrase and every part of the largest request. */
const MAX_INPUT_BYTES = MAX_ETH_REQUEST_TEXT + 16 * 1024;

export async function ethCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'export':
      return exportEth(rest, io);
    case 'review':
      return reviewOrSign(rest, io, false);
    case 'sign':
      return reviewOrSign(rest, io, true);
    default:
      throw new UsageError(`eth takes export, review or sign${sub === undefined ? '' : ` (not "${sub}")`}`);
  }
}

async function exportEth(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags(args, { passphrase: 'boolean', json: 'boolean' });
  if (positionals.length) throw new UsageError(`eth export takes no arguments (got "${positionals[0]}")`);
  const { words, passphrase } = await readSecretLines(io, flags.passphrase === true);
  const wallet = await openWallet(words, passphrase);
  try {
    const account = deriveAccount(wallet.master, ETH_ACCOUNT);
    const address = (deriveAddresses(account, { count: 1 })[0] as { address: string }).address;
    const ur = encodeUr(metamaskUr(account));
    if (flags.json) json(io, { address, ur });
    else io.stdout(`MetaMask: Add account or hardware wallet → Hardware wallet → QR-based; show it this QR code (${account.path}, wallet ${account.fingerprint}):\n${ur}\nFirst address: ${address}\n`);
    return EXIT.ok;
  } finally {
    wallet.master.wipePrivateData();
  }
}

/** The words (and passphrase), then the request's parts: everything on standard input, within its limit. */
async function readInput(io: CliIo, wantPassphrase: boolean): Promise<{ words: string; passphrase: string; request: string; firstLine: number }> {
  const lines = (await io.readStdin(undefined, { maxBytes: MAX_INPUT_BYTES })).split(/\r?\n/);
  const words = (lines[0] ?? '').trim();
  if (!words || /^ur:/i.test(words)) throw new UsageError('put the recovery words on the first line of standard input, then a blank line and the request (its UR parts, one per line)');
  if (wantPassphrase && lines[1] === undefined) throw new UsageError('--passphrase: put the passphrase on the second line of standard input');
  if (wantPassphrase && /^\s*ur:eth-sign-request\//i.test(lines[1] as string)) {
    throw new UsageError('--passphrase: line 2 of standard input should be the passphrase, but it is the request; put the passphrase on line 2 (an empty line for none), then a blank line and the request');
  }
  const first = wantPassphrase ? 2 : 1;
  // The blank line after the secrets: a line that is neither blank nor a UR there is most likely a passphrase
  // given without --passphrase. Its content is never repeated.
  const next = (lines[first] ?? '').trim();
  if (next !== '' && !/^ur:/i.test(next)) {
    throw new UsageError(`line ${first + 1} of standard input should be blank (then the request's UR parts)${wantPassphrase ? '' : '; if it is your passphrase, add --passphrase'}`);
  }
  return { words, passphrase: wantPassphrase ? (lines[1] as string) : '', request: lines.slice(first).join('\n'), firstLine: first + 1 };
}

/** The review without what the JSON gives separately (the request id and the warnings). */
function summary(r: EthReview) {
  const { requestUuid: _id, warnings: _w, ...rest } = r;
  return rest;
}

function printReview(io: CliIo, r: EthReview): void {
  const out = (t: string) => io.stdout(`${t}\n`);
  const chain = r.chain ? ` on ${r.chain.name ?? 'an unknown chain'} (chain ${r.chain.id})` : ', no chain named';
  const kind = { transaction: 'a transaction', message: 'a personal message (personal_sign)', 'typed-data': 'typed data (EIP-712)' }[r.kind];
  out(`Request ${r.requestUuid ?? '(no id)'} from ${r.origin ?? 'an unnamed app'}: ${kind}${chain}.`);
  out(`Signer: ${r.signer.address} (${r.signer.path})`);
  if (r.transaction) {
    const t = r.transaction;
    out(`To: ${t.to ?? '(none: creates a contract)'}`);
    out(`Value: ${t.value}`);
    out(`Nonce: ${t.nonce}   Gas limit: ${t.gasLimit}`);
    out(t.gasPrice !== null ? `Gas price: ${t.gasPrice}` : `Max fee: ${t.maxFeePerGas}   Max priority fee: ${t.maxPriorityFeePerGas}`);
    out(`Most it can cost: ${t.maxCost}`);
    if (t.data.erc20) {
      const c = t.data.erc20;
      out(`Token call: ${c.method} on ${c.token}${c.from ? ` from ${c.from}` : ''} ${c.method === 'approve' ? 'spender' : 'to'} ${c.to}, ${c.unlimited ? 'UNLIMITED' : `${c.amount} raw units`}`);
    } else if (t.data.bytes > 0) out(`Data: ${t.data.bytes} bytes, selector ${t.data.selector ?? '(none)'}: ${t.data.hex.length > 200 ? `${t.data.hex.slice(0, 200)}…` : t.data.hex}`);
  }
  if (r.message) out(r.message.text !== null ? `Message (text):\n${r.message.text}` : `Message (${r.message.bytes} bytes, hex): ${r.message.hex}`);
  if (r.typedData) {
    out(`Typed data ${r.typedData.primaryType}, hash ${r.typedData.hash}`);
    for (const [title, fields] of [['Domain', r.typedData.domain], ['Message', r.typedData.message]] as const) {
      out(`${title}:`);
      for (const f of fields) out(`${'  '.repeat(f.depth + 1)}${f.name} (${f.type})${f.value === null ? '' : `: ${f.value}`}`);
    }
  }
  if (r.warnings.length === 0) out('Warnings: none.');
  else {
    out(`Warnings (${r.warnings.length}):`);
    for (const w of r.warnings) out(`  ${w.code}${w.needsAck ? ` (to sign, add --accept ${w.code})` : ''}: ${w.message}`);
  }
}

function checkAccepted(prepared: PreparedEthRequest, accepted: ReadonlySet<EthWarningCode>): void {
  const pending = prepared.review.warnings.filter((w) => w.needsAck && !accepted.has(w.code));
  if (pending.length === 0) return;
  throw new WalletError(
    'INVALID_ARGUMENT',
    `Not signed: ${pending.length === 1 ? 'this warning needs' : 'these warnings need'} your explicit yes. ${pending.map((w) => `${w.code}: ${w.message}`).join(' ')} If you accept, run again with --accept ${pending.map((w) => w.code).join(',')}.`,
  );
}

async function reviewOrSign(args: readonly string[], io: CliIo, sign: boolean): Promise<number> {
  const { flags, positionals } = parseFlags(args, sign ? { passphrase: 'boolean', accept: 'string', json: 'boolean' } : { passphrase: 'boolean', json: 'boolean' });
  if (positionals.length) throw new UsageError(`eth ${sign ? 'sign' : 'review'} reads the request from standard input (got "${positionals[0]}")`);
  const accepted = acceptFlag((flags as { accept?: string }).accept, ETH_WARNING_CODES);
  const input = await readInput(io, flags.passphrase === true);
  const request = readEthRequestText(input.request, { firstLine: input.firstLine });
  let wallet: OpenedWallet | null = null;
  try {
    wallet = await openWallet(input.words, input.passphrase);
    const prepared = prepareEthRequest(request, deriveAccount(wallet.master, ETH_ACCOUNT));
    const r = prepared.review;
    if (!sign) {
      if (flags.json) json(io, { requestId: r.requestUuid, summary: summary(r), warnings: r.warnings });
      else printReview(io, r);
      return EXIT.ok;
    }
    checkAccepted(prepared, accepted);
    const answer = signEthRequest(prepared, wallet.master);
    const signatureUr = encodeUr(answer.ur);
    if (flags.json) json(io, { signatureUr, requestId: r.requestUuid, summary: summary(r), warnings: r.warnings });
    else {
      printReview(io, r);
      io.stdout(`\nSigned. Show MetaMask this QR code (eth-signature):\n${signatureUr}\n`);
    }
    return EXIT.ok;
  } finally {
    wallet?.master.wipePrivateData();
  }
}
