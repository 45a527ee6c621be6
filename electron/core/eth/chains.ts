/**
 * Names for common EVM chain ids (chainlist / ethereum-lists chains, by id) and their native currency. An id not
 * listed is shown as a number with the UNKNOWN_CHAIN warning: Permafrost cannot tell a new network from a typo.
 */
import type { EthChain } from './types';

const CHAINS: Readonly<Record<string, readonly [name: string, symbol: string]>> = {
  '1': ['Ethereum', 'ETH'],
  '10': ['OP Mainnet', 'ETH'],
  '56': ['BNB Smart Chain', 'BNB'],
  '100': ['Gnosis', 'xDAI'],
  '137': ['Polygon', 'POL'],
  '324': ['zkSync Era', 'ETH'],
  '8453': ['Base', 'ETH'],
  '42161': ['Arbitrum One', 'ETH'],
  '43114': ['Avalanche C-Chain', 'AVAX'],
  '59144': ['Linea', 'ETH'],
  '534352': ['Scroll', 'ETH'],
  '17000': ['Holesky (testnet)', 'ETH'],
  '560048': ['Hoodi (testnet)', 'ETH'],
  '11155111': ['Sepolia (testnet)', 'ETH'],
  '84532': ['Base Sepolia (testnet)', 'ETH'],
  '421614': ['Arbitrum Sepolia (testnet)', 'ETH'],
  '11155420': ['OP Sepolia (testnet)', 'ETH'],
};

export function chainInfo(id: bigint | string): EthChain {
  const key = String(id);
  const known = CHAINS[key];
  return { id: key, name: known?.[0] ?? null, symbol: known?.[1] ?? 'ETH' };
}
