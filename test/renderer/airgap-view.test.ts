/** Issue 8 finding 8: the online warning fails closed — only a known, air-gapped state counts as offline. */
import { describe, expect, it } from 'vitest';
import { isExposed } from '../../renderer/app/useAirGap';

const status = (airGapped: boolean) => ({ airGapped, interfaces: [], checkedAt: '2026-11-30T00:00:00Z', blockedRequests: 0 });

describe('isExposed', () => {
  it('while the first check is pending, the computer counts as online', () => {
    expect(isExposed({ state: 'checking' })).toBe(true);
  });
  it('when the check fails, the computer counts as online', () => {
    expect(isExposed({ state: 'unknown', message: 'no bridge' })).toBe(true);
  });
  it('a known state decides: up is online, none up is offline', () => {
    expect(isExposed({ state: 'known', status: status(false) })).toBe(true);
    expect(isExposed({ state: 'known', status: status(true) })).toBe(false);
  });
});
