import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Electron from 'electron';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY_HEADER } from '../../electron/main/csp';
import {
  CHROMIUM_SWITCHES,
  chromiumArgs,
  DEAD_END_PROXY,
  hardenSession,
  hardenWebContents,
  isAppOrigin,
  isAppPage,
  isAppUrl,
  mainWindowOptions,
  PROXY_CONFIG,
  secureWebPreferences,
  WEBRTC_IP_HANDLING_POLICY,
} from '../../electron/main/security';
import { FakeSession, FakeWebContents } from './fake-electron';

const rendererDir = path.resolve('/opt/Permafrost/resources/app.asar/dist/renderer');
const files = { rendererDir, origin: 'permafrost://app' };
const appFile = 'permafrost://app/index.html';
const appAsset = 'permafrost://app/assets/index.js';
// What the app trusted before it had its own scheme: file: URLs of its own files are foreign now.
const oldFileUrl = pathToFileURL(path.join(rendererDir, 'index.html')).href;

describe('webPreferences', () => {
  const prefs = secureWebPreferences('/x/preload/index.cjs', true);
  it.each([
    ['sandbox', true],
    ['contextIsolation', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['webviewTag', false],
    ['experimentalFeatures', false],
    ['navigateOnDragDrop', false],
  ] as const)('%s is %s', (key, value) => {
    expect(prefs[key]).toBe(value);
  });
  it('has no devtools in a packaged build, devtools in a development build', () => {
    expect(secureWebPreferences('/p', true).devTools).toBe(false);
    expect(secureWebPreferences('/p', false).devTools).toBe(true);
  });
  it('window options carry these preferences and the preload path', () => {
    const options = mainWindowOptions('/x/preload/index.cjs', true);
    expect(options.webPreferences).toEqual(prefs);
    expect(options.webPreferences?.preload).toBe('/x/preload/index.cjs');
    expect(options.show).toBe(false);
  });
});

describe('isAppUrl', () => {
  it.each([
    [appFile, true],
    [appAsset, true],
    ['data:image/png;base64,AAAA', true],
    ['blob:permafrost://app/1234-5678', true],
    ['blob:null/1234-5678', false],
    ['blob:file:///1234-5678', false],
    [oldFileUrl, false],
    ['permafrost://other/index.html', false],
    ['permafrost://app.evil/index.html', false],
    ['file:///etc/passwd', false],
    ['file://attacker.example/share/index.html', false],
    ['https://example.com/', false],
    ['http://127.0.0.1:8080/', false],
    ['ws://localhost/', false],
    ['chrome-extension://abc/x.js', false],
    ['devtools://devtools/bundled/inspector.html', false],
    ['not a url', false],
  ])('%s -> %s', (url, expected) => {
    expect(isAppUrl(url, files)).toBe(expected);
  });
});

describe('isAppPage (who may call IPC)', () => {
  it.each([
    [appFile, true],
    [`${appFile}#/accounts`, true],
    [`${appFile}?x=1`, true],
    [appAsset, false],
    ['permafrost://app/', false],
    ['permafrost://evil/index.html', false],
    ['https://app/index.html', false],
    [oldFileUrl, false],
    ['data:text/html,<script>1</script>', false],
    ['blob:permafrost://app/1234', false],
    ['file:///etc/index.html', false],
  ])('%s -> %s', (url, expected) => {
    expect(isAppPage(url, files)).toBe(expected);
  });
  it('the origin is a parameter: the e2e origin is trusted only where it is the configured one', () => {
    const e2e = { rendererDir, origin: 'https://permafrost.test' };
    expect(isAppPage('https://permafrost.test/index.html', e2e)).toBe(true);
    expect(isAppPage('https://permafrost.test/index.html', files)).toBe(false);
    expect(isAppPage(appFile, e2e)).toBe(false);
  });
});

describe('isAppOrigin', () => {
  it.each([
    ['permafrost://app', true],
    ['permafrost://app/', true],
    ['file://', false],
    ['file:///', false],
    ['null', false],
    ['permafrost://app.evil', false],
    [undefined, false],
  ])('%s -> %s', (origin, expected) => {
    expect(isAppOrigin(origin, files)).toBe(expected);
  });
});

function beforeRequest(session: FakeSession, url: string): Electron.CallbackResponse {
  let response: Electron.CallbackResponse | null = null;
  session.beforeRequest?.({ url, id: 1, method: 'GET', resourceType: 'other', referrer: '', timestamp: 0, uploadData: [] } as unknown as Electron.OnBeforeRequestListenerDetails, (r) => {
    response = r;
  });
  if (!response) throw new Error('listener did not call back');
  return response;
}

describe('hardenSession: requests', () => {
  it('lets the app files through and cancels everything else, counting what it cancels', () => {
    const session = new FakeSession();
    const lines: string[] = [];
    const blocker = hardenSession(session, files, (l) => lines.push(l));
    expect(beforeRequest(session, appFile)).toEqual({});
    expect(beforeRequest(session, appAsset)).toEqual({});
    expect(beforeRequest(session, 'https://example.com/track?seed=abandon')).toEqual({ cancel: true });
    expect(beforeRequest(session, 'http://192.168.1.1/')).toEqual({ cancel: true });
    expect(beforeRequest(session, 'wss://relay.example/')).toEqual({ cancel: true });
    expect(beforeRequest(session, 'file:///etc/passwd')).toEqual({ cancel: true });
    expect(beforeRequest(session, oldFileUrl)).toEqual({ cancel: true });
    expect(blocker.blocked()).toBe(5);
    expect(blocker.recentOrigins()).toEqual(['https://example.com', 'http://192.168.1.1', 'wss://relay.example', 'file:', 'file:']);
    // The log names origins only: never a path or a query, which could carry data.
    expect(lines.join('\n')).not.toContain('abandon');
    expect(lines.join('\n')).not.toContain('/track');
  });

  it('sends the CSP header on every response, replacing any other', () => {
    const session = new FakeSession();
    hardenSession(session, files);
    let headers: Record<string, string[]> | undefined;
    session.headersReceived?.(
      { url: appFile, responseHeaders: { 'content-security-policy': ["default-src *"], 'X-Other': ['1'] } } as unknown as Electron.OnHeadersReceivedListenerDetails,
      (r) => {
        headers = r.responseHeaders as Record<string, string[]>;
      },
    );
    expect(headers).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY_HEADER], 'X-Other': ['1'] });
  });
});

describe('hardenSession: permissions', () => {
  const contents = new FakeWebContents() as unknown as Electron.WebContents;
  const request = (session: FakeSession, permission: Parameters<NonNullable<FakeSession['permissionRequest']>>[1], details: Electron.MediaAccessPermissionRequest | Electron.PermissionRequest) => {
    let granted: boolean | null = null;
    session.permissionRequest?.(contents, permission, (g) => (granted = g), details);
    return granted;
  };
  const session = new FakeSession();
  hardenSession(session, files);

  it('grants the camera (video only) to the app page', () => {
    expect(request(session, 'media', { mediaTypes: ['video'], requestingUrl: appFile, isMainFrame: true })).toBe(true);
    expect(request(session, 'media', { mediaTypes: ['video'], requestingUrl: `${appFile}#/scan`, securityOrigin: 'permafrost://app/', isMainFrame: true })).toBe(true);
  });
  it.each([
    ['microphone', { mediaTypes: ['audio'], requestingUrl: appFile, isMainFrame: true }],
    ['camera and microphone', { mediaTypes: ['video', 'audio'], requestingUrl: appFile, isMainFrame: true }],
    ['media with no types', { mediaTypes: [], requestingUrl: appFile, isMainFrame: true }],
    ['camera for a foreign page', { mediaTypes: ['video'], requestingUrl: 'https://example.com/', isMainFrame: true }],
    ['camera for a data: document', { mediaTypes: ['video'], requestingUrl: 'data:text/html,<video>', isMainFrame: true }],
    ['camera for a blob: document', { mediaTypes: ['video'], requestingUrl: 'blob:permafrost://app/1234', isMainFrame: true }],
    ['camera for a file: page', { mediaTypes: ['video'], requestingUrl: oldFileUrl, isMainFrame: true }],
    ['camera for another app file', { mediaTypes: ['video'], requestingUrl: appAsset, isMainFrame: true }],
    ['camera for a subframe', { mediaTypes: ['video'], requestingUrl: appFile, isMainFrame: false }],
    ['camera whose security origin is opaque', { mediaTypes: ['video'], requestingUrl: appFile, securityOrigin: 'null', isMainFrame: true }],
  ] as const)('refuses %s', (_name, details) => {
    expect(request(session, 'media', { ...details, mediaTypes: [...details.mediaTypes] })).toBe(false);
  });
  it.each(['geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'serial', 'usb', 'display-capture', 'fullscreen'] as const)(
    'refuses %s',
    (permission) => {
      expect(request(session, permission, { requestingUrl: appFile, isMainFrame: true })).toBe(false);
    },
  );
  it('permission checks: video from the app origin only', () => {
    const check = session.permissionCheck!;
    expect(check(contents, 'media', 'permafrost://app', { mediaType: 'video', isMainFrame: true })).toBe(true);
    expect(check(contents, 'media', 'permafrost://app/', { mediaType: 'video', securityOrigin: 'permafrost://app/', isMainFrame: true })).toBe(true);
    expect(check(contents, 'media', 'permafrost://app', { mediaType: 'audio', isMainFrame: true })).toBe(false);
    expect(check(contents, 'media', 'file://', { mediaType: 'video', isMainFrame: true })).toBe(false);
    expect(check(contents, 'media', 'null', { mediaType: 'video', isMainFrame: true })).toBe(false);
    expect(check(contents, 'media', 'permafrost://app', { mediaType: 'video', securityOrigin: 'null', isMainFrame: true })).toBe(false);
    expect(check(contents, 'media', 'https://example.com', { mediaType: 'video', isMainFrame: true })).toBe(false);
    expect(check(contents, 'clipboard-read', 'permafrost://app', { isMainFrame: true })).toBe(false);
  });
  it('refuses every device and every screen capture', () => {
    expect(session.devicePermission?.({ deviceType: 'usb', origin: 'permafrost://app', device: {} as never })).toBe(false);
    let streams: unknown = 'not called';
    session.displayMedia?.({} as Electron.DisplayMediaRequestHandlerHandlerRequest, (s) => (streams = s));
    expect(streams).toBeNull();
  });
});

describe('hardenSession: device pickers and pairing (Electron picks the first device unless told not to)', () => {
  const session = new FakeSession();
  hardenSession(session, files);
  const frame = null;
  it('select-hid-device: prevented, called back with no device', () => {
    const hid: Electron.HIDDevice = { deviceId: 'h1', name: 'Keyboard', productId: 1, vendorId: 2, serialNumber: '', guid: '', collections: [] } as unknown as Electron.HIDDevice;
    expect(session.pickHid({ deviceList: [hid], frame })).toEqual({ prevented: true, calls: [[]] });
  });
  it('select-usb-device: prevented, called back with no device', () => {
    const usb = { deviceId: 'u1', productName: 'Ledger' } as unknown as Electron.USBDevice;
    expect(session.pickUsb({ deviceList: [usb], frame })).toEqual({ prevented: true, calls: [[]] });
  });
  it("select-serial-port: prevented, called back with '' (cancel)", () => {
    const port = { portId: 'p1', portName: 'ttyUSB0' } as unknown as Electron.SerialPort;
    expect(session.pickSerial([port], new FakeWebContents() as unknown as Electron.WebContents)).toEqual({ prevented: true, calls: [['']] });
  });
  it('Bluetooth pairing: refused', () => {
    let response: Electron.Response | null = null;
    session.bluetoothPairing?.({ deviceId: 'b1', pairingKind: 'confirm', frame: null as unknown as Electron.WebFrameMain }, (r) => (response = r));
    expect(response).toEqual({ confirmed: false });
  });
});

describe('hardenSession: proxy', () => {
  it('sends every proxied connection (TURN over TCP included) to a proxy that cannot resolve, loopback too', () => {
    const session = new FakeSession();
    hardenSession(session, files);
    expect(session.proxy).toEqual({ mode: 'fixed_servers', proxyRules: DEAD_END_PROXY, proxyBypassRules: '<-loopback>' });
    expect(PROXY_CONFIG.proxyRules).toMatch(/\.invalid:\d+$/);
  });
});

describe('Chromium switches (one list for the app and the e2e Chromium)', () => {
  it('no name resolves, everything proxied goes to the dead end, WebRTC may not use non-proxied UDP', () => {
    expect(Object.fromEntries(CHROMIUM_SWITCHES)).toEqual({
      'host-resolver-rules': 'MAP * ~NOTFOUND',
      'proxy-server': DEAD_END_PROXY,
      'proxy-bypass-list': '<-loopback>',
      'force-webrtc-ip-handling-policy': 'disable_non_proxied_udp',
    });
    expect(chromiumArgs()).toContain('--host-resolver-rules=MAP * ~NOTFOUND');
    expect(chromiumArgs()).toHaveLength(CHROMIUM_SWITCHES.length);
  });
});

describe('hardenWebContents', () => {
  const prevented = (contents: FakeWebContents, event: string) => {
    let stopped = false;
    contents.emit(event, { preventDefault: () => (stopped = true), url: 'https://example.com/', isMainFrame: true });
    return stopped;
  };
  it.each(['will-navigate', 'will-redirect', 'will-frame-navigate', 'will-attach-webview'])('prevents %s', (event) => {
    const contents = new FakeWebContents();
    hardenWebContents(contents as unknown as Electron.WebContents, false);
    expect(prevented(contents, event)).toBe(true);
  });
  it('sets the WebRTC IP handling policy to disable_non_proxied_udp', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents as unknown as Electron.WebContents, false);
    expect(WEBRTC_IP_HANDLING_POLICY).toBe('disable_non_proxied_udp');
    expect(contents.webRTCIPHandlingPolicy).toBe('disable_non_proxied_udp');
  });
  it("select-bluetooth-device: prevented, called back with '' (cancel)", () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents as unknown as Electron.WebContents, false);
    expect(contents.pickBluetooth([{ deviceId: 'b1', deviceName: 'Trezor' }])).toEqual({ prevented: true, calls: [['']] });
  });
  it('denies window.open', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents as unknown as Electron.WebContents, false);
    expect(contents.windowOpen?.({ url: 'https://example.com/', frameName: '', features: '', disposition: 'new-window', referrer: { url: '', policy: 'no-referrer' }, postBody: undefined as never })).toEqual({ action: 'deny' });
  });
  it('closes devtools in a packaged build only', () => {
    const packaged = new FakeWebContents();
    hardenWebContents(packaged as unknown as Electron.WebContents, true);
    packaged.emit('devtools-opened');
    expect(packaged.devToolsClosed).toBe(1);
    const dev = new FakeWebContents();
    hardenWebContents(dev as unknown as Electron.WebContents, false);
    expect(dev.count('devtools-opened')).toBe(0);
  });
});
