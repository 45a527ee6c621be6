/** Entry of the main-process bundle (dist/main/index.cjs). Everything testable lives in app.ts and below. */
import os from 'node:os';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session } from 'electron';
import { startApp } from './app';

startApp(
  { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session },
  {
    mainDir: __dirname,
    platform: process.platform,
    electronVersion: process.versions.electron ?? null,
    readInterfaces: () => os.networkInterfaces(),
    log: (line) => process.stderr.write(`[permafrost] ${line}\n`),
    env: process.env,
    osTempDir: os.tmpdir(),
  },
);
