/**
 * Test helper: walks a raw deflate stream (RFC 1951) block by block without producing output, to measure how far
 * back its references reach. BBQr's Z encoding is read by inflaters with a 1 KiB window (wbits 10), and zlib's and
 * pako's inflaters look back into their whole output buffer, so only the stream itself tells whether it keeps to it.
 */
export function farthestReference(stream: Uint8Array): number {
  let bit = 0;
  const bits = (n: number): number => {
    let v = 0;
    for (let i = 0; i < n; i++, bit++) v |= (((stream[bit >> 3] ?? 0) >> (bit & 7)) & 1) << i;
    return v;
  };
  const table = (lengths: number[]): (() => number) => {
    const map = new Map<string, number>();
    const max = Math.max(...lengths);
    const count = new Array<number>(max + 2).fill(0);
    for (const l of lengths) if (l) count[l] = (count[l] ?? 0) + 1;
    const next = [0, 0];
    for (let l = 1, code = 0; l <= max; l++) next[l + 1] = code = (code + (count[l] ?? 0)) << 1;
    lengths.forEach((l, sym) => {
      if (!l) return;
      const code = next[l] ?? 0;
      next[l] = code + 1;
      map.set(`${l}:${code}`, sym);
    });
    return () => {
      for (let l = 1, code = 0; l <= max; l++) {
        code = (code << 1) | bits(1);
        const sym = map.get(`${l}:${code}`);
        if (sym !== undefined) return sym;
      }
      throw new Error('bad code');
    };
  };
  const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
  const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
  let farthest = 0;
  for (;;) {
    const final = bits(1);
    const type = bits(2);
    if (type === 0) {
      bit = (bit + 7) & ~7;
      const len = bits(16);
      bits(16);
      bit += len * 8;
    } else {
      let litlen: () => number;
      let dist: () => number;
      if (type === 1) {
        litlen = table([...new Array<number>(144).fill(8), ...new Array<number>(112).fill(9), ...new Array<number>(24).fill(7), ...new Array<number>(8).fill(8)]);
        dist = table(new Array<number>(30).fill(5));
      } else {
        const hlit = bits(5) + 257;
        const hdist = bits(5) + 1;
        const hclen = bits(4) + 4;
        const order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
        const cl = new Array<number>(19).fill(0);
        for (let i = 0; i < hclen; i++) cl[order[i] ?? 0] = bits(3);
        const clRead = table(cl);
        const lengths: number[] = [];
        while (lengths.length < hlit + hdist) {
          const sym = clRead();
          if (sym < 16) lengths.push(sym);
          else if (sym === 16) lengths.push(...new Array<number>(3 + bits(2)).fill(lengths.at(-1) ?? 0));
          else if (sym === 17) lengths.push(...new Array<number>(3 + bits(3)).fill(0));
          else lengths.push(...new Array<number>(11 + bits(7)).fill(0));
        }
        litlen = table(lengths.slice(0, hlit));
        dist = table(lengths.slice(hlit));
      }
      for (;;) {
        const sym = litlen();
        if (sym < 256) continue;
        if (sym === 256) break;
        bits(LEN_EXTRA[sym - 257] ?? 0);
        const d = dist();
        const distance = (DIST_BASE[d] ?? 0) + bits(d < 4 ? 0 : (d >> 1) - 1);
        farthest = Math.max(farthest, distance);
      }
    }
    if (final) return farthest;
  }
}
