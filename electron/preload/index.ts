/** The sandboxed preload: exposes window.permafrost (the contract's methods) and nothing else. Built as one CJS file. */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_NAME } from '../ipc';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld(
  BRIDGE_NAME,
  createBridge((channel, request) => ipcRenderer.invoke(channel, request)),
);
