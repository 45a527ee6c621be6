import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY_HEADER } from '../../electron/main/csp';
import { APP_ORIGIN, APP_SCHEME_PRIVILEGES, appResponseHeaders, serveAppFile } from '../../electron/main/protocol';

// A renderer directory with a secret beside it, and symlinks pointing out of it.
const base = mkdtempSync(path.join(tmpdir(), 'permafrost-protocol-'));
const rendererDir = path.join(base, 'renderer');
mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Permafrost</title>');
writeFileSync(path.join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
writeFileSync(path.join(rendererDir, 'assets', 'qr-decode.worker-abc.js'), 'self.onmessage = () => {}');
writeFileSync(path.join(rendererDir, 'assets', 'index-abc.css'), 'body{}');
writeFileSync(path.join(rendererDir, 'assets', 'font.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
writeFileSync(path.join(rendererDir, 'assets', 'notes.exe'), 'MZ');
writeFileSync(path.join(rendererDir, '.env'), 'SECRET=1');
writeFileSync(path.join(base, 'secret.js'), 'seed words');
mkdirSync(path.join(rendererDir, 'dir.js'));
symlinkSync(path.join(base, 'secret.js'), path.join(rendererDir, 'assets', 'escape.js'));
symlinkSync(base, path.join(rendererDir, 'up'));
const files = { rendererDir, origin: APP_ORIGIN };
afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, method?: string) => serveAppFile(files, url, method);

describe('the app scheme', () => {
  it('is registered standard and secure, and nothing more', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'permafrost',
      privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false, allowServiceWorkers: false, bypassCSP: false },
    });
  });
});

describe('serveAppFile: what it serves', () => {
  it.each([
    ['/index.html', 'text/html; charset=utf-8', '<!doctype html><title>Permafrost</title>'],
    ['/assets/index-abc.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
    ['/assets/qr-decode.worker-abc.js', 'text/javascript; charset=utf-8', 'self.onmessage = () => {}'],
    ['/assets/index-abc.css', 'text/css; charset=utf-8', 'body{}'],
    ['/assets/font.woff2', 'font/woff2', 'wOF2'],
  ])('%s as %s', async (file, type, body) => {
    const res = await get(`${APP_ORIGIN}${file}?v=1#x`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(await res.text()).toBe(body);
  });
  it('HEAD gives the headers and no body', async () => {
    const res = await get(`${APP_ORIGIN}/index.html`, 'HEAD');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
});

describe('serveAppFile: headers on every response', () => {
  it.each(['/index.html', '/assets/qr-decode.worker-abc.js', '/missing.js', '/assets/notes.exe'])('%s carries the CSP header', async (file) => {
    const res = await get(`${APP_ORIGIN}${file}`);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY_HEADER);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });
  it('the headers come from one function (the e2e harness uses it too)', () => {
    expect(appResponseHeaders('text/html')).toMatchObject({ 'Content-Type': 'text/html', 'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER });
  });
});

describe('serveAppFile: what it refuses', () => {
  it.each([
    ['traversal, literal (the URL parser removes it: lands on a missing file)', `${APP_ORIGIN}/../secret.js`, 404],
    ['traversal, encoded dots', `${APP_ORIGIN}/%2e%2e/secret.js`, 404],
    ['traversal, encoded slash', `${APP_ORIGIN}/assets%2f..%2f..%2fsecret.js`, 400],
    ['traversal, encoded backslash', `${APP_ORIGIN}/assets%5c..%5c..%5csecret.js`, 400],
    ['a NUL byte', `${APP_ORIGIN}/index.html%00.js`, 400],
    ['a bad escape', `${APP_ORIGIN}/%E0%A4%A.js`, 400],
    ['a symlink to a file outside', `${APP_ORIGIN}/assets/escape.js`, 404],
    ['a symlink to a directory outside', `${APP_ORIGIN}/up/secret.js`, 404],
    ['a hidden file', `${APP_ORIGIN}/.env`, 404],
    ['a directory', `${APP_ORIGIN}/dir.js`, 404],
    ['the bare origin', `${APP_ORIGIN}/`, 404],
    ['a directory with a trailing slash', `${APP_ORIGIN}/assets/`, 404],
    ['an unknown type', `${APP_ORIGIN}/assets/notes.exe`, 404],
    ['a missing file', `${APP_ORIGIN}/nope.js`, 404],
    ['another host on the scheme', 'permafrost://evil/index.html', 404],
    ['another scheme', `file://${rendererDir}/index.html`, 404],
    ['not a URL', 'not a url', 400],
  ])('%s', async (_name, url, status) => {
    const res = await get(url);
    expect(res.status).toBe(status);
    expect(await res.text()).not.toContain('seed words');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY_HEADER);
  });
  it.each(['POST', 'PUT', 'DELETE'])('%s', async (method) => {
    expect((await get(`${APP_ORIGIN}/index.html`, method)).status).toBe(405);
  });
});
