/** For tests of what the core refuses: the WalletError `f` throws, and nothing else. */
import { WalletError } from '../../electron/core';

/** Runs `f` and returns the WalletError it throws; fails when it throws anything else (a TypeError…) or nothing. */
export function refusal(f: () => unknown): WalletError {
  try {
    f();
  } catch (e) {
    if (e instanceof WalletError) return e;
    throw new Error(`not a WalletError: ${String(e)}`);
  }
  throw new Error('nothing was refused');
}
