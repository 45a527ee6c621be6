/**
 * Hardening of windows, web contents and the session. Each function takes the Electron object it hardens, so
 * the unit tests hand it a typed fake; app.ts wires them to the real ones.
 */
import type {
  BrowserWindowConstructorOptions,
  Event as ElectronEvent,
  PermissionRequest,
  FilesystemPermissionRequest,
  MediaAccessPermissionRequest,
  OpenExternalPermissionRequest,
  PermissionCheckHandlerHandlerDetails,
  ProxyConfig,
  SelectHidDeviceDetails,
  SelectUsbDeviceDetails,
  SerialPort,
  Session,
  BluetoothDevice,
  WebContents,
  WebPreferences,
} from 'electron';
import { CONTENT_SECURITY_POLICY_HEADER } from './csp';

/** Where the renderer's files are and the one origin they are served from. */
export interface AppFiles {
  /** Absolute directory holding index.html and its assets. */
  readonly rendererDir: string;
  /** scheme://host the files are served from: permafrost://app in the app, a fixed https origin in e2e. */
  readonly origin: string;
}

/** scheme://host of a URL (Node reports "null" as the origin of a custom scheme, so build it by hand). */
export function urlOrigin(url: string): string | null {
  try {
    const u = new URL(url);
    return u.host ? `${u.protocol}//${u.host}` : null;
  } catch {
    return null;
  }
}

/**
 * True for a URL on the app's origin (the protocol handler then serves only files inside the renderer
 * directory). data: URLs and the app's own blob: URLs never leave the process (QR images, camera frames).
 * file: is not trusted: nothing is loaded from it any more.
 */
export function isAppUrl(url: string, files: AppFiles): boolean {
  if (/^data:/i.test(url)) return true;
  if (/^blob:/i.test(url)) return url.slice('blob:'.length).startsWith(`${files.origin}/`);
  return urlOrigin(url) === files.origin;
}

/** The app's own page, index.html on the app's origin (query and fragment ignored). What IPC senders must be. */
export function isAppPage(url: string, files: AppFiles): boolean {
  try {
    return urlOrigin(url) === files.origin && new URL(url).pathname === '/index.html';
  } catch {
    return false;
  }
}

/** The app's origin, as Chromium reports it to permission checks (with or without a trailing slash). */
export function isAppOrigin(origin: string | undefined, files: AppFiles): boolean {
  return origin !== undefined && origin.replace(/\/$/, '') === files.origin;
}

/**
 * WebRTC may use no UDP that does not go through a proxy: no STUN, no UDP TURN, no host candidates. The
 * request filter and host-resolver-rules never see WebRTC's sockets, so this is the only thing that stops them.
 */
export const WEBRTC_IP_HANDLING_POLICY = 'disable_non_proxied_udp' as const;

/**
 * Every proxied connection (and so TURN over TCP/TLS, the one path the policy above still allows) goes to a
 * proxy that cannot be reached: .invalid never resolves (RFC 6761) and host-resolver-rules answers NOTFOUND for
 * every name anyway. `<-loopback>` removes Chromium's implicit proxy bypass for localhost/127.0.0.1/::1, so not
 * even loopback is reached directly.
 */
export const DEAD_END_PROXY = 'http://proxy.permafrost.invalid:9';
export const PROXY_BYPASS_RULES = '<-loopback>';
export const PROXY_CONFIG = { mode: 'fixed_servers', proxyRules: DEAD_END_PROXY, proxyBypassRules: PROXY_BYPASS_RULES } as const satisfies ProxyConfig;

/**
 * Chromium switches the app appends before ready (app.ts) and the e2e harness launches Chromium with: one list.
 * No Chromium switch removes RTCPeerConnection itself; these make it unable to send anything. Not here:
 * --disable-features=WebRtcHideLocalIpsWithMdns (under the policy no host candidate is gathered, so there is no
 * mDNS name to announce; and Chromium keeps only the last --disable-features, overriding the embedder's own list).
 */
export const CHROMIUM_SWITCHES: ReadonlyArray<readonly [name: string, value: string]> = [
  // No host name resolves, so nothing can be reached by name (a second layer behind the request filter).
  ['host-resolver-rules', 'MAP * ~NOTFOUND'],
  // The same dead-end proxy as PROXY_CONFIG, for every session from the first request on.
  ['proxy-server', DEAD_END_PROXY],
  ['proxy-bypass-list', PROXY_BYPASS_RULES],
  // Read only by embedders that choose to (content shell, headless shell); Chromium 156 ignores it (measured),
  // and Electron takes the policy per web contents, so hardenWebContents sets it and the e2e Chromium gets it as
  // the profile preference webrtc.ip_handling_policy. Kept as a harmless extra layer.
  ['force-webrtc-ip-handling-policy', WEBRTC_IP_HANDLING_POLICY],
];

/** CHROMIUM_SWITCHES as command-line arguments (the e2e harness). */
export function chromiumArgs(): string[] {
  return CHROMIUM_SWITCHES.map(([name, value]) => `--${name}=${value}`);
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

/**
 * Camera only: a `media` request for video alone, from the app page's own origin in its main frame. data: and
 * blob: documents (opaque origins) and every other origin are refused, and so is everything else.
 */
export function allowPermissionRequest(permission: string, details: PermissionDetails, files: AppFiles): boolean {
  if (permission !== 'media' || !details.isMainFrame) return false;
  const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
  const securityOrigin = 'securityOrigin' in details ? details.securityOrigin : undefined;
  return (
    mediaTypes.length > 0 &&
    mediaTypes.every((t) => t === 'video') &&
    isAppPage(details.requestingUrl, files) &&
    (securityOrigin === undefined || isAppOrigin(securityOrigin, files))
  );
}

export function allowPermissionCheck(
  permission: string,
  requestingOrigin: string,
  details: PermissionCheckHandlerHandlerDetails,
  files: AppFiles,
): boolean {
  return (
    permission === 'media' &&
    details.mediaType === 'video' &&
    isAppOrigin(requestingOrigin, files) &&
    (details.securityOrigin === undefined || isAppOrigin(details.securityOrigin, files))
  );
}

/** Counts what the session refused to load, for the air-gap screen and the tests. */
export interface RequestBlocker {
  readonly blocked: () => number;
  /** Origins (scheme://host) of the most recent blocked requests, newest last; never paths or queries. */
  readonly recentOrigins: () => readonly string[];
}

/** One count for every session (app.ts hardens each session created, all feeding the same blocker). */
export interface BlockedRequests extends RequestBlocker {
  readonly record: (url: string) => number;
}

export function createBlockedRequests(): BlockedRequests {
  let blocked = 0;
  const recent: string[] = [];
  return {
    blocked: () => blocked,
    recentOrigins: () => [...recent],
    record: (url) => {
      blocked += 1;
      recent.push(originOf(url));
      if (recent.length > 20) recent.shift();
      return blocked;
    },
  };
}

function originOf(url: string): string {
  try {
    const u = new URL(url);
    return u.host ? `${u.protocol}//${u.host}` : u.protocol;
  } catch {
    return '(unparseable URL)';
  }
}

/** The device-picker events of a Session (Electron selects the first device if a handler does not prevent it). */
export interface DevicePickerEvents {
  on(
    event: 'select-hid-device',
    listener: (event: ElectronEvent, details: SelectHidDeviceDetails, callback: (deviceId?: string | null) => void) => void,
  ): unknown;
  on(
    event: 'select-usb-device',
    listener: (event: ElectronEvent, details: SelectUsbDeviceDetails, callback: (deviceId?: string) => void) => void,
  ): unknown;
  on(
    event: 'select-serial-port',
    listener: (event: ElectronEvent, portList: SerialPort[], webContents: WebContents, callback: (portId: string) => void) => void,
  ): unknown;
}

export type HardenableSession = DevicePickerEvents &
  Pick<
    Session,
    | 'setPermissionRequestHandler'
    | 'setPermissionCheckHandler'
    | 'setDevicePermissionHandler'
    | 'setDisplayMediaRequestHandler'
    | 'setBluetoothPairingHandler'
    | 'setProxy'
    | 'webRequest'
  >;

/**
 * Session policy: cancel every request that is not one of the app's files, send the CSP with every response,
 * route anything proxied into a dead end, deny every permission but the camera, and every device (USB, serial,
 * HID, Bluetooth: pickers and pairing) and screen capture.
 */
export function hardenSession(
  session: HardenableSession,
  files: AppFiles,
  log: (line: string) => void = () => {},
  requests: BlockedRequests = createBlockedRequests(),
): RequestBlocker {
  session.webRequest.onBeforeRequest((details, callback) => {
    if (isAppUrl(details.url, files)) {
      callback({});
      return;
    }
    const count = requests.record(details.url);
    log(`blocked request to ${originOf(details.url)} (${count} so far)`);
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
  session.setProxy(PROXY_CONFIG).catch(() => log('could not set the dead-end proxy'));
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(allowPermissionRequest(permission, details, files));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    allowPermissionCheck(permission, requestingOrigin, details, files),
  );
  session.setDevicePermissionHandler(() => false);
  // Without preventDefault Electron would pick the first device; calling back with nothing cancels the request.
  session.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  session.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  session.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault();
    callback('');
  });
  // Windows and Linux only (absent on macOS, which pairs by itself).
  if (typeof session.setBluetoothPairingHandler === 'function') {
    session.setBluetoothPairingHandler((_details, callback) => callback({ confirmed: false }));
  }
  // Calling back with no streams refuses screen capture.
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
  return { blocked: requests.blocked, recentOrigins: requests.recentOrigins };
}

/** The Bluetooth picker event of a WebContents. */
export interface BluetoothPickerEvent {
  on(event: 'select-bluetooth-device', listener: (event: ElectronEvent, devices: BluetoothDevice[], callback: (deviceId: string) => void) => void): unknown;
}

type HardenableContents = BluetoothPickerEvent &
  Pick<WebContents, 'on' | 'setWindowOpenHandler' | 'closeDevTools' | 'setWebRTCIPHandlingPolicy'>;

/**
 * Every web contents: no navigation away from the loaded page, no new windows, no <webview>, no WebRTC UDP, no
 * Bluetooth device, and no devtools in a packaged build (they are also off in webPreferences; this closes them if
 * anything opens them anyway).
 */
export function hardenWebContents(contents: HardenableContents, isPackaged: boolean): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  // Programmatic loads (loadURL) emit neither event; anything the page or a frame starts is refused.
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.setWebRTCIPHandlingPolicy(WEBRTC_IP_HANDLING_POLICY);
  // Without preventDefault Electron would pick the first device found; an empty id cancels the request.
  contents.on('select-bluetooth-device', (event, _devices, callback) => {
    event.preventDefault();
    callback('');
  });
  if (isPackaged) contents.on('devtools-opened', () => contents.closeDevTools());
}
