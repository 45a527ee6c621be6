/**
 * The parts of an animated UR configuration, as the camera reads them (Multisig, step 1). A configuration is a few
 * kilobytes (a handful of parts), so what is kept is bounded: parts of another code (another UR type or part count)
 * start the collection again with that code, and a stream that has given 4 × its part count (+ 20) distinct parts
 * without completing is let go and collected afresh (a hostile screen can show distinct parts for ever).
 */
export class ConfigParts {
  private parts = new Set<string>();
  private code: string | null = null;

  /** Adds a scanned part; true when it was new (then `ready` says whether enough are in to try reading them). */
  add(text: string): boolean {
    const part = /^ur:([a-z0-9-]+)\/(\d+)-(\d+)\//i.exec(text.trim());
    if (!part) return false;
    const key = text.trim().toLowerCase();
    const code = `${part[1]!.toLowerCase()}/${part[3]}`;
    if (code !== this.code || this.parts.size >= ConfigParts.limit(Number(part[3]))) {
      this.parts = new Set();
      this.code = code;
    }
    if (this.parts.has(key)) return false;
    this.parts.add(key);
    return true;
  }

  /** How many distinct parts of the current code are held. */
  get size(): number {
    return this.parts.size;
  }

  /** True once as many parts as the code has are in (a fountain code may need a few more). */
  get ready(): boolean {
    const total = Number(this.code?.split('/')[1] ?? Infinity);
    return this.parts.size >= total;
  }

  /** The parts, one per line, for the main process to read. */
  text(): string {
    return [...this.parts].join('\n');
  }

  clear(): void {
    this.parts = new Set();
    this.code = null;
  }

  static limit(total: number): number {
    return Math.min(4 * total + 20, 2000);
  }
}
