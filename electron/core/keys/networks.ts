/**
 * Bitcoin networks: address prefixes (bech32 HRP, base58 versions) and BIP32 / SLIP-132 version bytes.
 * SLIP-132 table: satoshilabs/slips slip-0132.md "Registered HD version bytes". Signet uses testnet's encodings;
 * regtest too, but its bech32 HRP is "bcrt".
 */
export const NETWORKS = ['mainnet', 'testnet', 'signet', 'regtest'] as const;
export type Network = (typeof NETWORKS)[number];

export function isNetwork(value: string): value is Network {
  return (NETWORKS as readonly string[]).includes(value);
}

/** What @scure/btc-signer needs to encode addresses. */
export interface AddressNetwork {
  readonly bech32: string;
  readonly pubKeyHash: number;
  readonly scriptHash: number;
  readonly wif: number;
}

export function addressNetwork(network: Network): AddressNetwork {
  if (network === 'mainnet') return { bech32: 'bc', pubKeyHash: 0x00, scriptHash: 0x05, wif: 0x80 };
  return { bech32: network === 'regtest' ? 'bcrt' : 'tb', pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef };
}

/** BIP44 coin type: 0' on mainnet, 1' on every test network. */
export function coinType(network: Network): number {
  return network === 'mainnet' ? 0 : 1;
}

export type Slip132Kind = 'x' | 'y' | 'z' | 'Y' | 'Z';

interface VersionPair {
  readonly public: number;
  readonly private: number;
}

const MAIN: Readonly<Record<Slip132Kind, VersionPair>> = {
  x: { public: 0x0488b21e, private: 0x0488ade4 },
  y: { public: 0x049d7cb2, private: 0x049d7878 },
  z: { public: 0x04b24746, private: 0x04b2430c },
  Y: { public: 0x0295b43f, private: 0x0295b005 },
  Z: { public: 0x02aa7ed3, private: 0x02aa7a99 },
};
const TEST: Readonly<Record<Slip132Kind, VersionPair>> = {
  x: { public: 0x043587cf, private: 0x04358394 },
  y: { public: 0x044a5262, private: 0x044a4e28 },
  z: { public: 0x045f1cf6, private: 0x045f18bc },
  Y: { public: 0x024289ef, private: 0x024285b5 },
  Z: { public: 0x02575483, private: 0x02575048 },
};

/** Version bytes of an extended key: kind x is the plain BIP32 xpub/tpub. */
export function versions(network: Network, kind: Slip132Kind = 'x'): VersionPair {
  return (network === 'mainnet' ? MAIN : TEST)[kind];
}

/** Every known version, for reading keys pasted or scanned from other wallets. */
export function allVersions(): ReadonlyArray<{ network: 'mainnet' | 'testnet'; kind: Slip132Kind; pair: VersionPair }> {
  const out: Array<{ network: 'mainnet' | 'testnet'; kind: Slip132Kind; pair: VersionPair }> = [];
  for (const kind of Object.keys(MAIN) as Slip132Kind[]) {
    out.push({ network: 'mainnet', kind, pair: MAIN[kind] }, { network: 'testnet', kind, pair: TEST[kind] });
  }
  return out;
}
