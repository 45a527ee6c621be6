import { describe, expect, it } from 'vitest';
import { assessAirGap, classifyInterface } from '../../electron/core';

describe('classifyInterface', () => {
  it.each([
    ['wlan0', 'linux', 'wifi'],
    ['wlp3s0', 'linux', 'wifi'],
    ['eth0', 'linux', 'ethernet'],
    ['enp0s31f6', 'linux', 'ethernet'],
    ['wwan0', 'linux', 'cellular'],
    ['wg0', 'linux', 'vpn'],
    ['tun0', 'linux', 'vpn'],
    ['docker0', 'linux', 'bridge'],
    ['bnep0', 'linux', 'bluetooth'],
    ['Wi-Fi', 'win32', 'wifi'],
    ['Ethernet 2', 'win32', 'ethernet'],
    ['en0', 'darwin', 'wifi-or-ethernet'],
    ['utun3', 'darwin', 'vpn'],
    ['foo9', 'linux', 'other'],
  ])('%s on %s is %s', (name, platform, kind) => {
    expect(classifyInterface(name, platform)).toBe(kind);
  });
});

describe('assessAirGap', () => {
  it('is air-gapped with loopback only', () => {
    expect(
      assessAirGap({
        lo: [
          { address: '127.0.0.1', family: 'IPv4', internal: true },
          { address: '::1', family: 'IPv6', internal: true },
        ],
      }),
    ).toEqual({ airGapped: true, interfaces: [] });
  });
  it('is air-gapped with no interfaces at all', () => {
    expect(assessAirGap({})).toEqual({ airGapped: true, interfaces: [] });
  });
  it('reports every non-loopback interface with an address, link-local included, sorted by name', () => {
    const result = assessAirGap({
      wlan0: [{ address: 'fe80::1', family: 'IPv6', internal: false }],
      eth0: [
        { address: '10.0.0.5', family: 'IPv4', internal: false },
        { address: 'fe80::2', family: 'IPv6', internal: false },
      ],
      lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
      down0: [],
    });
    expect(result).toEqual({
      airGapped: false,
      interfaces: [
        { name: 'eth0', kind: 'ethernet', addresses: ['10.0.0.5', 'fe80::2'] },
        { name: 'wlan0', kind: 'wifi', addresses: ['fe80::1'] },
      ],
    });
  });
});
