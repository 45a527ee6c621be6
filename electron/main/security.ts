/**
 * Hardening of windows, web contents and the session. Each function takes the Electron object it hardens, so
 * the unit tests hand it a typed fake; app.ts wires them to the real ones.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  BrowserWindowConstructorOptions,
  PermissionRequest,
  FilesystemPermissionRequest,
  MediaAccessPermissionRequest,
  OpenExternalPermissionRequest,
  PermissionCheckHandlerHandlerDetails,
  Session,
  WebContents,
  WebPreferences,
} from 'electron';
import { CONTENT_SECURITY_POLICY_HEADER } from './csp';

/** The renderer's files: the only URLs any page may load. */
export interface AppFiles {
  /** Absolute directory holding index.html and its assets. */
  readonly rendererDir: string;
}

/**
 * True for a file: URL inside the renderer directory, the only place the app loads anything from. data: and
 * blob: URLs never leave the process (QR images, camera frames) and are allowed too.
 */
export function isAppUrl(url: string, files: AppFiles): boolean {
  return /^(data|blob):/i.test(url) || isAppFile(url, files);
}

/** The app's own page: its index.html, by file: URL (query and fragment ignored). What IPC senders must be. */
export function isAppPage(url: string, files: AppFiles): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'file:' && isAppFile(url, files) && path.resolve(fileURLToPath(parsed)) === path.join(path.resolve(files.rendererDir), 'index.html');
  } catch {
    return false;
  }
}

/** A file: URL inside the renderer directory. */
export function isAppFile(url: string, files: AppFiles): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'file:' || (parsed.host !== '' && parsed.host !== 'localhost')) return false;
  let filePath: string;
  try {
    filePath = path.resolve(fileURLToPath(parsed));
  } catch {
    return false;
  }
  const root = path.resolve(files.rendererDir);
  return filePath === root || filePath.startsWith(root + path.sep);
}

/** The only origin the app's pages have: file: pages are opaque in Chromium and report "file://". */
export function isAppOrigin(origin: string | undefined): boolean {
  return origin === 'file://' || origin === 'file:///';
}

export function secureWebPreferences(preloadPath: string, isPackaged: boolean): WebPreferences {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools: !isPackaged,
    safeDialogs: true,
  };
}

export function mainWindowOptions(preloadPath: string, isPackaged: boolean): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 640,
    show: false,
    backgroundColor: '#f4f5f7',
    title: 'Permafrost',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath, isPackaged),
  };
}

type PermissionDetails =
  | PermissionRequest
  | FilesystemPermissionRequest
  | MediaAccessPermissionRequest
  | OpenExternalPermissionRequest;

/** Camera only: a `media` request for video alone, from the app's own page. Everything else is refused. */
export function allowPermissionRequest(permission: string, details: PermissionDetails, files: AppFiles): boolean {
  if (permission !== 'media') return false;
  const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
  return mediaTypes.length > 0 && mediaTypes.every((t) => t === 'video') && isAppUrl(details.requestingUrl, files);
}

export function allowPermissionCheck(
  permission: string,
  requestingOrigin: string,
  details: PermissionCheckHandlerHandlerDetails,
): boolean {
  return permission === 'media' && details.mediaType === 'video' && isAppOrigin(requestingOrigin);
}

/** Counts what the session refused to load, for the air-gap screen and the tests. */
export interface RequestBlocker {
  readonly blocked: () => number;
  /** Origins (scheme://host) of the most recent blocked requests, newest last; never paths or queries. */
  readonly recentOrigins: () => readonly string[];
}

function originOf(url: string): string {
  try {
    const u = new URL(url);
    return u.host ? `${u.protocol}//${u.host}` : u.protocol;
  } catch {
    return '(unparseable URL)';
  }
}

type HardenableSession = Pick<
  Session,
  | 'setPermissionRequestHandler'
  | 'setPermissionCheckHandler'
  | 'setDevicePermissionHandler'
  | 'setDisplayMediaRequestHandler'
  | 'webRequest'
>;

/**
 * Session policy: cancel every request that is not one of the app's files, send the CSP with every response,
 * deny every permission but the camera, and every device (USB, serial, HID, Bluetooth) and screen capture.
 */
export function hardenSession(
  session: HardenableSession,
  files: AppFiles,
  log: (line: string) => void = () => {},
): RequestBlocker {
  let blocked = 0;
  const recent: string[] = [];
  session.webRequest.onBeforeRequest((details, callback) => {
    if (isAppUrl(details.url, files)) {
      callback({});
      return;
    }
    blocked += 1;
    recent.push(originOf(details.url));
    if (recent.length > 20) recent.shift();
    log(`blocked request to ${originOf(details.url)} (${blocked} so far)`);
    callback({ cancel: true });
  });
  session.webRequest.onHeadersReceived((details, callback) => {
    const responseHeaders = { ...details.responseHeaders };
    for (const key of Object.keys(responseHeaders)) {
      if (key.toLowerCase() === 'content-security-policy') delete responseHeaders[key];
    }
    responseHeaders['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY_HEADER];
    callback({ responseHeaders });
  });
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(allowPermissionRequest(permission, details, files));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    allowPermissionCheck(permission, requestingOrigin, details),
  );
  session.setDevicePermissionHandler(() => false);
  // Calling back with no streams refuses screen capture.
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
  return { blocked: () => blocked, recentOrigins: () => [...recent] };
}

type HardenableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler' | 'closeDevTools'>;

/**
 * Every web contents: no navigation away from the loaded page, no new windows, no <webview>, and no devtools
 * in a packaged build (they are also off in webPreferences; this closes them if anything opens them anyway).
 */
export function hardenWebContents(contents: HardenableContents, isPackaged: boolean): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  // Programmatic loads (loadFile) emit neither event; anything the page or a frame starts is refused.
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  if (isPackaged) contents.on('devtools-opened', () => contents.closeDevTools());
}
