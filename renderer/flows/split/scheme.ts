/** Plain words for a Shamir scheme: what it needs, what it survives (UX: "any 3 of these 5", never "t=3, n=5"). */
export interface GroupChoice {
  readonly threshold: number;
  readonly count: number;
}

export function describeScheme(groupThreshold: number, groups: readonly GroupChoice[]): string[] {
  if (groups.length === 1) {
    const { threshold: t, count: n } = groups[0] as GroupChoice;
    if (n === 1) return ['One share holds the whole wallet: this is a backup, not a split.'];
    return [
      `Shares needed to restore: any ${t} of these ${n}.`,
      `Survives losing up to ${n - t} share${n - t === 1 ? '' : 's'}.`,
      `Anyone holding fewer than ${t} share${t === 1 ? '' : 's'} learns nothing about the wallet.`,
    ];
  }
  const lines = groups.map((g, i) => `Group ${i + 1}: any ${g.threshold} of its ${g.count} share${g.count === 1 ? '' : 's'}.`);
  return [
    `Groups needed to restore: any ${groupThreshold} of these ${groups.length}.`,
    ...lines,
    `Survives losing up to ${groups.length - groupThreshold} whole group${groups.length - groupThreshold === 1 ? '' : 's'}, and within each group the shares beyond its threshold.`,
  ];
}
