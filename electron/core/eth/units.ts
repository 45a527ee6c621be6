/** Wei as ether (18 decimals) and gwei (9), exact: no floating point, trailing zeros dropped, thousands grouped. */

function decimal(wei: bigint, decimals: number): string {
  const negative = wei < 0n;
  const abs = negative ? -wei : wei;
  const base = 10n ** BigInt(decimals);
  const whole = (abs / base).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = (abs % base).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** "1.5 ETH" (or the chain's symbol). */
export function formatEther(wei: bigint, symbol = 'ETH'): string {
  return `${decimal(wei, 18)} ${symbol}`;
}

/** "20 gwei", "0.000000001 gwei". */
export function formatGwei(wei: bigint): string {
  return `${decimal(wei, 9)} gwei`;
}
