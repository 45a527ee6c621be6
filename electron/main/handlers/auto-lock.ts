/**
 * The auto-lock channels: read and set the idle time, and the renderer's idle signal. The idle time chosen is kept
 * in the settings file (electron/main/settings.ts) and used again at the next start.
 */
import type { AutoLockState } from '../../ipc';
import type { AutoLock } from '../auto-lock';
import type { SettingsStore } from '../settings';
import type { HandlerSection } from './services';

export function autoLockHandlers(lock: AutoLock, settings: SettingsStore | undefined): HandlerSection<'getAutoLock' | 'setAutoLock' | 'noteActivity'> {
  let problem: string | null = null;
  // The saved idle time, read once at start; until it is read, the channels wait (a choice made meanwhile would
  // otherwise be replaced by the older saved one).
  const ready = settings
    ? settings.load().then((loaded) => {
        lock.setIdleSeconds(loaded.settings.autoLockSeconds);
        problem = loaded.problem;
      })
      .catch((e: unknown) => {
        problem = `The saved idle time could not be read (${e instanceof Error ? e.message : String(e)}): 10 minutes apply.`;
      })
    : Promise.resolve();
  const state = (): AutoLockState => ({ ...lock.state(), problem });
  return {
    getAutoLock: async () => {
      await ready;
      return state();
    },
    setAutoLock: async ({ idleSeconds }) => {
      await ready;
      lock.setIdleSeconds(idleSeconds);
      try {
        await settings?.save({ autoLockSeconds: idleSeconds });
        problem = null;
      } catch (e) {
        problem = `The new idle time applies until the app closes, but it could not be saved: ${(e as Error).message}`;
      }
      return state();
    },
    noteActivity: () => state(),
  };
}
