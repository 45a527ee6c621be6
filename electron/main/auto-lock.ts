/**
 * Auto-lock (issue 13): after a configurable idle time (default 10 minutes) every wallet, draft, split and
 * recovery in the session vault is closed and the renderer returns to Home. Any IPC request but the passive polls
 * counts as activity, and so does the renderer's own idle signal (key presses, clicks, pointer moves).
 */
import type { AutoLockState } from '../ipc';

export const DEFAULT_IDLE_SECONDS = 10 * 60;
export const MIN_IDLE_SECONDS = 1;
export const MAX_IDLE_SECONDS = 24 * 60 * 60;


export class AutoLock {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private locks = 0;
  constructor(
    private idleSeconds: number,
    private readonly onLock: () => void,
  ) {
    this.arm();
  }

  /** Activity: the idle time starts again. */
  touch(): void {
    this.arm();
  }

  setIdleSeconds(seconds: number): void {
    this.idleSeconds = seconds;
    this.arm();
  }

  state(): Omit<AutoLockState, 'problem'> {
    return { idleSeconds: this.idleSeconds, locks: this.locks };
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.locks += 1;
      this.onLock();
      this.arm();
    }, this.idleSeconds * 1000);
    // A pending lock never keeps the process alive.
    (this.timer as { unref?: () => void }).unref?.();
  }
}
