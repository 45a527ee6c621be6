/**
 * The app's own scheme, permafrost://app/…: the renderer is served from one origin with real response headers
 * (the CSP on every response, workers included) instead of file:, where `script-src 'self'` means "any local
 * file" and a worker gets no policy at all. The e2e harness serves dist/renderer with the same function.
 */
import { lstat, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { CustomScheme } from 'electron';
import { CONTENT_SECURITY_POLICY_HEADER } from './csp';
import type { AppFiles } from './security';

export const APP_SCHEME = 'permafrost';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
export const APP_PAGE_PATH = '/index.html';

/**
 * standard: a real origin (relative URLs resolve, 'self' means this origin, module workers may load);
 * secure: a secure context, which the camera requires. Nothing else: no fetch API, no CORS from other origins,
 * no service workers, no CSP bypass.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false, allowServiceWorkers: false, bypassCSP: false },
};

/** The types the built renderer ships; anything else is not served. */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** The headers of every response the app's origin gives, errors included. */
export function appResponseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

function refuse(status: 400 | 404 | 405): Response {
  return new Response(status === 404 ? 'Not found' : status === 405 ? 'Method not allowed' : 'Bad request', {
    status,
    headers: appResponseHeaders('text/plain; charset=utf-8'),
  });
}

function inside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Serves one file of the renderer directory for a URL on the app's origin. Refuses other origins, methods other
 * than GET/HEAD, encoded separators and dot segments, hidden files, directories, unknown types, and any path
 * (symlinks included) that resolves outside the directory.
 */
export async function serveAppFile(files: AppFiles, url: string, method = 'GET'): Promise<Response> {
  if (method !== 'GET' && method !== 'HEAD') return refuse(405);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refuse(400);
  }
  if (`${parsed.protocol}//${parsed.host}` !== files.origin) return refuse(404);
  // The URL parser already removed literal dot segments; encoded ones (%2e%2e, %2f, %5c) are decoded below, so
  // refuse them outright rather than trust the decoding order.
  if (/%2f|%5c|%00/i.test(parsed.pathname) || parsed.pathname.includes('\\')) return refuse(400);
  let segments: string[];
  try {
    segments = parsed.pathname.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return refuse(400);
  }
  if (segments.length === 0 || segments.some((s) => s === '' || s.startsWith('.') || s.includes('\0'))) return refuse(404);
  const contentType = MIME_TYPES[path.extname(segments[segments.length - 1] ?? '').toLowerCase()];
  if (!contentType) return refuse(404);

  const root = path.resolve(files.rendererDir);
  const file = path.join(root, ...segments);
  if (!inside(root, file)) return refuse(404);
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    if (!inside(realRoot, realFile) || !(await lstat(realFile)).isFile()) return refuse(404);
    const body = method === 'HEAD' ? null : await readFile(realFile);
    return new Response(body, { status: 200, headers: appResponseHeaders(contentType) });
  } catch {
    return refuse(404);
  }
}
