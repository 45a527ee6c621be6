/** The auto-lock channels: read and set the idle time, and the renderer's idle signal. */
import type { AutoLock } from '../auto-lock';
import type { HandlerSection } from './services';

export function autoLockHandlers(lock: AutoLock): HandlerSection<'getAutoLock' | 'setAutoLock' | 'noteActivity'> {
  return {
    getAutoLock: () => lock.state(),
    setAutoLock: ({ idleSeconds }) => {
      lock.setIdleSeconds(idleSeconds);
      return lock.state();
    },
    noteActivity: () => lock.state(),
  };
}
