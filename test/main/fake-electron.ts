/**
 * A typed fake of the parts of Electron the main process uses. Captured handlers keep Electron's own parameter
 * types (taken from electron.d.ts), so the tests call them exactly as Electron would, and a change in Electron's
 * API breaks the typecheck here.
 */
import { existsSync } from 'node:fs';
import type * as Electron from 'electron';
import type { ElectronApi } from '../../electron/main/app';

type Handler<F> = F extends (handler: infer H) => void ? Exclude<H, null> : never;
type Listener = (...args: never[]) => unknown;

export type PermissionRequestHandler = Handler<Electron.Session['setPermissionRequestHandler']>;
export type PermissionCheckHandler = Handler<Electron.Session['setPermissionCheckHandler']>;
export type DevicePermissionHandler = Handler<Electron.Session['setDevicePermissionHandler']>;
export type DisplayMediaHandler = Parameters<Electron.Session['setDisplayMediaRequestHandler']>[0];
export type BeforeRequestListener = Exclude<Parameters<Electron.WebRequest['onBeforeRequest']>[0], null>;
export type HeadersReceivedListener = Exclude<Parameters<Electron.WebRequest['onHeadersReceived']>[0], null>;
export type WindowOpenHandler = Parameters<Electron.WebContents['setWindowOpenHandler']>[0];
export type BluetoothPairingHandler = Handler<Electron.Session['setBluetoothPairingHandler']>;
export type ProtocolHandler = Parameters<Electron.Protocol['handle']>[1];
export type WebRTCIPHandlingPolicy = Parameters<Electron.WebContents['setWebRTCIPHandlingPolicy']>[0];

/** What a device-picker listener did with the request: whether it stopped Electron's default and what it chose. */
export interface PickerOutcome {
  readonly prevented: boolean;
  readonly calls: ReadonlyArray<readonly unknown[]>;
}

/** A minimal Electron.Event that records preventDefault. */
function pickerEvent(): { event: Electron.Event; prevented: () => boolean } {
  let prevented = false;
  const event = { preventDefault: () => (prevented = true), defaultPrevented: false } as Electron.Event;
  return { event, prevented: () => prevented };
}

/** An event emitter that records listeners by name and lets the test emit. */
export class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => unknown)(...args);
  }
  count(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

export class FakeSession extends Emitter {
  bluetoothPairing: BluetoothPairingHandler | null = null;
  proxy: Electron.ProxyConfig | null = null;
  readonly protocolHandlers = new Map<string, ProtocolHandler>();
  readonly protocol = {
    handle: (scheme: string, handler: ProtocolHandler) => {
      if (this.protocolHandlers.has(scheme)) throw new Error(`The scheme has been registered: ${scheme}`);
      this.protocolHandlers.set(scheme, handler);
    },
  };
  permissionRequest: PermissionRequestHandler | null = null;
  permissionCheck: PermissionCheckHandler | null = null;
  devicePermission: DevicePermissionHandler | null = null;
  displayMedia: DisplayMediaHandler = null;
  beforeRequest: BeforeRequestListener | null = null;
  headersReceived: HeadersReceivedListener | null = null;
  readonly webRequest = {
    onBeforeRequest: (listener: BeforeRequestListener | null) => {
      this.beforeRequest = listener;
    },
    onHeadersReceived: (listener: HeadersReceivedListener | null) => {
      this.headersReceived = listener;
    },
  } as unknown as Electron.WebRequest; // the fake implements the one-argument overloads only
  setPermissionRequestHandler(h: PermissionRequestHandler | null): void {
    this.permissionRequest = h;
  }
  setPermissionCheckHandler(h: PermissionCheckHandler | null): void {
    this.permissionCheck = h;
  }
  setDevicePermissionHandler(h: DevicePermissionHandler | null): void {
    this.devicePermission = h;
  }
  setDisplayMediaRequestHandler(h: DisplayMediaHandler): void {
    this.displayMedia = h;
  }
  setBluetoothPairingHandler(h: BluetoothPairingHandler | null): void {
    this.bluetoothPairing = h;
  }
  setProxy(config: Electron.ProxyConfig): Promise<void> {
    this.proxy = config;
    return Promise.resolve();
  }
  /** Fires a device picker as Electron would when a page calls navigator.hid/usb/serial.requestDevice/Port. */
  pickHid(details: Electron.SelectHidDeviceDetails): PickerOutcome {
    const { event, prevented } = pickerEvent();
    const calls: unknown[][] = [];
    this.emit('select-hid-device', event, details, (...args: [deviceId?: string | null]) => calls.push(args));
    return { prevented: prevented(), calls };
  }
  pickUsb(details: Electron.SelectUsbDeviceDetails): PickerOutcome {
    const { event, prevented } = pickerEvent();
    const calls: unknown[][] = [];
    this.emit('select-usb-device', event, details, (...args: [deviceId?: string]) => calls.push(args));
    return { prevented: prevented(), calls };
  }
  pickSerial(ports: Electron.SerialPort[], contents: Electron.WebContents): PickerOutcome {
    const { event, prevented } = pickerEvent();
    const calls: unknown[][] = [];
    this.emit('select-serial-port', event, ports, contents, (...args: [portId: string]) => calls.push(args));
    return { prevented: prevented(), calls };
  }
}

export class FakeWebContents extends Emitter {
  windowOpen: WindowOpenHandler | null = null;
  devToolsClosed = 0;
  webRTCIPHandlingPolicy: WebRTCIPHandlingPolicy | null = null;
  setWebRTCIPHandlingPolicy(policy: WebRTCIPHandlingPolicy): void {
    this.webRTCIPHandlingPolicy = policy;
  }
  /** Fires the Bluetooth picker as Electron would for navigator.bluetooth.requestDevice. */
  pickBluetooth(devices: Electron.BluetoothDevice[]): PickerOutcome {
    const { event, prevented } = pickerEvent();
    const calls: unknown[][] = [];
    this.emit('select-bluetooth-device', event, devices, (...args: [deviceId: string]) => calls.push(args));
    return { prevented: prevented(), calls };
  }
  setWindowOpenHandler(h: WindowOpenHandler): void {
    this.windowOpen = h;
  }
  closeDevTools(): void {
    this.devToolsClosed += 1;
  }
}

export class FakeBrowserWindow extends Emitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loaded: string | null = null;
  contentProtection = false;
  shown = false;
  focused = 0;
  minimized = false;
  restored = 0;
  constructor(readonly options: Electron.BrowserWindowConstructorOptions) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  loadFile(file: string): Promise<void> {
    this.loaded = file;
    return Promise.resolve();
  }
  loadURL(url: string): Promise<void> {
    this.loaded = url;
    return Promise.resolve();
  }
  setContentProtection(enable: boolean): void {
    this.contentProtection = enable;
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {
    this.focused += 1;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.restored += 1;
  }
}

export type InvokeListener = Parameters<Electron.IpcMain['handle']>[1];

export class FakeIpcMain {
  readonly handlers = new Map<string, InvokeListener>();
  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
}

export class FakeApp extends Emitter {
  readonly calls: string[] = [];
  readonly switches: Array<[string, string | undefined]> = [];
  readonly paths = new Map<string, string>();
  isPackaged = false;
  gotLock = true;
  private ready!: () => void;
  private readonly readyPromise = new Promise<void>((resolve) => (this.ready = resolve));
  readonly commandLine = {
    appendSwitch: (name: string, value?: string) => {
      this.switches.push([name, value]);
      this.calls.push(`appendSwitch:${name}`);
    },
  };
  /** The names set by setPath before ready (Electron reads sessionData only then). */
  readonly pathsSetBeforeReady: string[] = [];
  private isReady = false;
  /** As Electron: a directory that does not exist is refused. */
  setPath(name: string, value: string): void {
    if (!existsSync(value)) throw new Error(`Failed to set path: ${value} does not exist`);
    if (!this.isReady) this.pathsSetBeforeReady.push(name);
    this.paths.set(name, value);
    this.calls.push(`setPath:${name}`);
  }
  /** What setPath (or the test) put there; Electron throws for an unknown name, and so does this. */
  getPath(name: string): string {
    const p = this.paths.get(name);
    if (p === undefined) throw new Error(`Failed to get '${name}' path`);
    return p;
  }
  enableSandbox(): void {
    this.calls.push('enableSandbox');
  }
  requestSingleInstanceLock(): boolean {
    this.calls.push('requestSingleInstanceLock');
    return this.gotLock;
  }
  quit(): void {
    this.calls.push('quit');
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  /** Resolves whenReady and waits for the app's ready work to run. */
  async becomeReady(): Promise<void> {
    this.isReady = true;
    this.ready();
    await this.readyPromise;
    await new Promise((r) => setTimeout(r, 0));
  }
}

export interface FakeElectron {
  readonly api: ElectronApi;
  readonly app: FakeApp;
  readonly session: FakeSession;
  readonly ipcMain: FakeIpcMain;
  readonly menus: Array<unknown>;
  /** Schemes registered with protocol.registerSchemesAsPrivileged, and whether that happened before ready. */
  readonly privilegedSchemes: Array<{ readonly schemes: Electron.CustomScheme[]; readonly beforeReady: boolean }>;
  readonly windows: () => FakeBrowserWindow[];
}

export function createFakeElectron(): FakeElectron {
  FakeBrowserWindow.instances = [];
  const app = new FakeApp();
  const session = new FakeSession();
  const ipcMain = new FakeIpcMain();
  const menus: unknown[] = [];
  const privilegedSchemes: FakeElectron['privilegedSchemes'][number][] = [];
  let ready = false;
  void app.whenReady().then(() => (ready = true));
  const protocol: Pick<Electron.Protocol, 'registerSchemesAsPrivileged'> = {
    registerSchemesAsPrivileged: (schemes) => {
      privilegedSchemes.push({ schemes, beforeReady: !ready });
      app.calls.push('registerSchemesAsPrivileged');
    },
  };
  const api = {
    protocol,
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain,
    session: { defaultSession: session },
    Menu: {
      setApplicationMenu: (menu: unknown) => menus.push(menu),
      buildFromTemplate: (template: unknown) => ({ template }),
    },
    dialog: {
      showSaveDialog: async () => ({ canceled: true, filePath: '' }),
    },
  } as unknown as ElectronApi; // structural stand-ins: each member above is typed against Electron's own types
  return { api, app, session, ipcMain, menus, privilegedSchemes, windows: () => FakeBrowserWindow.instances };
}
