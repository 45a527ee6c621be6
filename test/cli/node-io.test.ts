/**
 * The real CliIo (electron/cli/node-io.ts), issue 8 item 11: --out opens with 'wx' (an existing file is never
 * replaced without --force) and writes mode 600, on a real temp folder; secrets typed at a terminal are read in
 * raw mode (no echo), against a fake TTY stream.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CancelledError } from '../../electron/cli/io';
import { createNodeIo, readFromTerminal, readHiddenLines, type HiddenInput } from '../../electron/cli/node-io';

describe('createNodeIo().writeFile on a real folder', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'permafrost-io-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const io = createNodeIo();

  it('creates a new file with mode 600', async () => {
    const file = path.join(dir, 'new.age');
    await io.writeFile(file, new Uint8Array([1, 2, 3]), { overwrite: false });
    expect([...readFileSync(file)]).toEqual([1, 2, 3]);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });
  it('refuses an existing file (FileExistsError) and leaves it untouched', async () => {
    const file = path.join(dir, 'existing.pdf');
    writeFileSync(file, 'precious', { mode: 0o644 });
    await expect(io.writeFile(file, new Uint8Array([9]), { overwrite: false })).rejects.toMatchObject({ exists: true, code: 'SAVE_FAILED' });
    expect(readFileSync(file, 'utf8')).toBe('precious');
  });
  it('with overwrite, replaces it and tightens its mode to 600', async () => {
    const file = path.join(dir, 'replaced.pdf');
    writeFileSync(file, 'old and longer', { mode: 0o644 });
    await io.writeFile(file, new Uint8Array([7]), { overwrite: true });
    expect([...readFileSync(file)]).toEqual([7]);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });
  it('readFile reads at most maxBytes + 1 bytes', async () => {
    const file = path.join(dir, 'big.bin');
    writeFileSync(file, Buffer.alloc(5000, 1));
    expect((await io.readFile(file, { maxBytes: 100 })).length).toBe(101);
    expect((await io.readFile(file)).length).toBe(5000);
  });
});

/** A TTY read stream as the hidden reader sees it: raw mode recorded, keys pushed as data events. */
class FakeTty extends EventEmitter implements HiddenInput {
  isRaw = false;
  readonly modes: boolean[] = [];
  paused = true;
  setRawMode(mode: boolean): this {
    this.isRaw = mode;
    this.modes.push(mode);
    return this;
  }
  resume(): this {
    this.paused = false;
    return this;
  }
  pause(): this {
    this.paused = true;
    return this;
  }
  type(text: string | Buffer): void {
    this.emit('data', text);
  }
}

describe('readHiddenLines: echo off at a terminal', () => {
  it('turns raw mode on (no echo) while reading, writes only prompts and newlines, restores the mode', async () => {
    const tty = new FakeTty();
    let shown = '';
    const reading = readHiddenLines(tty, (t) => void (shown += t), ['Words: ', 'Passphrase: ']);
    expect(tty.isRaw).toBe(true);
    expect(shown).toBe('Words: ');
    tty.type('abandon ab');
    tty.type('out\r');
    expect(shown).toBe('Words: \nPassphrase: ');
    tty.type('s3cret\r');
    expect(await reading).toEqual(['abandon about', 's3cret']);
    expect(shown).not.toMatch(/abandon|s3cret/);
    expect(tty.modes).toEqual([true, false]);
    expect(tty.isRaw).toBe(false);
    expect(tty.paused).toBe(true);
    expect(tty.listenerCount('data')).toBe(0);
  });
  it('Backspace and Ctrl-U edit the line; arrow keys are ignored; CRLF is one line end; UTF-8 split across chunks', async () => {
    const tty = new FakeTty();
    const reading = readHiddenLines(tty, () => undefined, ['a', 'b', 'c']);
    tty.type('wrongg\x7f\x7f\x7f\x7f\x7f\x7fright\x1b[D\x1b[C\r\n');
    tty.type('garbage\x15clean\r');
    const e = Buffer.from('é\r');
    tty.type(e.subarray(0, 1));
    tty.type(e.subarray(1));
    expect(await reading).toEqual(['right', 'clean', 'é']);
  });
  it('Ctrl-C cancels (CancelledError) and still restores the terminal', async () => {
    const tty = new FakeTty();
    const reading = readHiddenLines(tty, () => undefined, ['Words: ']);
    tty.type('aband\x03');
    await expect(reading).rejects.toBeInstanceOf(CancelledError);
    expect(tty.isRaw).toBe(false);
    expect(tty.listenerCount('data')).toBe(0);
  });
  it('a terminal already in raw mode is left in raw mode', async () => {
    const tty = new FakeTty();
    tty.isRaw = true;
    const reading = readHiddenLines(tty, () => undefined, ['x']);
    tty.type('y\r');
    await reading;
    expect(tty.isRaw).toBe(true);
  });
  it('without prompts: every line until Ctrl-D on an empty line', async () => {
    const tty = new FakeTty();
    const reading = readHiddenLines(tty, () => undefined, null);
    tty.type('share one\rshare two\r\x04');
    expect(await reading).toEqual(['share one', 'share two']);
  });
  it('readFromTerminal asks a confirmed prompt twice and refuses two different entries', async () => {
    const ok = new FakeTty();
    let shown = '';
    const reading = readFromTerminal(ok, (t) => void (shown += t), [{ label: 'Recovery words' }, { label: 'Passphrase for the file', confirm: true }]);
    ok.type('abandon about\rglacier lantern\rglacier lantern\r');
    expect(await reading).toBe('abandon about\nglacier lantern');
    expect(shown).toBe('Recovery words (hidden): \nPassphrase for the file (hidden): \nType it again: \n');
    const typo = new FakeTty();
    const mismatch = readFromTerminal(typo, () => undefined, [{ label: 'Passphrase for the file', confirm: true }]);
    typo.type('glacier lantern\rglacier lanten\r');
    await expect(mismatch).rejects.toThrow(/the two entries of "Passphrase for the file" differ/);
  });
  it('Ctrl-D at "Type it again" cancels: the confirmation cannot be skipped', async () => {
    const tty = new FakeTty();
    const reading = readFromTerminal(tty, () => undefined, [{ label: 'Passphrase for the file', confirm: true }]);
    tty.type('glacier lantern\r\x04');
    await expect(reading).rejects.toThrow(/was not typed a second time/);
  });
});

describe('createNodeIo().writeFile never destroys the earlier file (review: --force on a full drive, through a link)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'permafrost-io-force-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const io = createNodeIo();
  it('--force through a link replaces the link, not the file it points to', async () => {
    const victim = path.join(dir, 'victim.txt');
    writeFileSync(victim, 'not yours');
    symlinkSync(victim, path.join(dir, 'link.pdf'));
    await io.writeFile(path.join(dir, 'link.pdf'), new Uint8Array([1]), { overwrite: true });
    expect(readFileSync(victim, 'utf8')).toBe('not yours');
  });
  it('a failed write leaves no file behind (a retry is not told "already exists")', async () => {
    const target = path.join(dir, 'missing-folder', 'kit.pdf');
    await expect(io.writeFile(target, new Uint8Array([1]), { overwrite: false })).rejects.toMatchObject({ code: 'SAVE_FAILED' });
    expect(readdirSync(dir).filter((f) => f.includes('kit'))).toEqual([]);
  });
});
