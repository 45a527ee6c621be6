/**
 * Air-gap assessment from an interface table shaped like Node's os.networkInterfaces(). Pure: the caller
 * reads the table (main process, CLI) and passes it in, so this is tested with plain data.
 */
export interface InterfaceAddress {
  readonly address: string;
  readonly family: 'IPv4' | 'IPv6' | string | number;
  readonly internal: boolean;
  readonly mac?: string;
}

export type InterfaceKind = 'wifi' | 'ethernet' | 'wifi-or-ethernet' | 'cellular' | 'vpn' | 'bridge' | 'bluetooth' | 'other';

export interface ExternalInterface {
  readonly name: string;
  readonly kind: InterfaceKind;
  /** Every non-internal address, link-local ones included: any of them means a link is up. */
  readonly addresses: readonly string[];
}

export interface AirGapAssessment {
  /** True when no non-loopback interface has an address. */
  readonly airGapped: boolean;
  readonly interfaces: readonly ExternalInterface[];
}

// Name prefixes used by Linux (systemd predictable names and legacy), macOS and Windows friendly names.
const KIND_PATTERNS: ReadonlyArray<readonly [RegExp, InterfaceKind]> = [
  [/^(wl|wlan|wifi|ath|ra\d)|wi-?fi|wireless|airport/i, 'wifi'],
  [/^(ww|wwan|rmnet|ppp|usb\d|rndis)|cellular|mobile/i, 'cellular'],
  [/^(tun|tap|wg|utun|ipsec|ppp\d|tailscale|zt)|vpn|wireguard/i, 'vpn'],
  [/^(br|virbr|docker|veth|vmnet|vboxnet|bridge)/i, 'bridge'],
  [/^(bnep|pan)|bluetooth/i, 'bluetooth'],
  [/^(en|eth|em|eno|ens|enp|enx)|ethernet|local area connection/i, 'ethernet'],
];

export function classifyInterface(name: string, platform = 'linux'): InterfaceKind {
  // macOS names every wired and wireless adapter en0, en1, ...: the name alone cannot tell which.
  if (platform === 'darwin' && /^en\d+$/.test(name)) return 'wifi-or-ethernet';
  for (const [pattern, kind] of KIND_PATTERNS) if (pattern.test(name)) return kind;
  return 'other';
}

export function assessAirGap(
  table: Readonly<Record<string, readonly InterfaceAddress[] | undefined>>,
  platform = 'linux',
): AirGapAssessment {
  const interfaces: ExternalInterface[] = [];
  for (const name of Object.keys(table).sort()) {
    const addresses = (table[name] ?? []).filter((a) => !a.internal).map((a) => a.address);
    if (addresses.length === 0) continue;
    interfaces.push({ name, kind: classifyInterface(name, platform), addresses });
  }
  return { airGapped: interfaces.length === 0, interfaces };
}
