/**
 * The Sign Ethereum flow's steps as a pure state machine (pair → scan → review → signing → signed): every screen
 * change is an event, tested by scripted events without a browser. What may be signed is decided here too: only a
 * reviewed request, once every dire warning has been acknowledged — one at a time, never two on screen at once.
 *
 * The request and the signature are whatever the main process returns (`R`, `S`); the machine only needs to know
 * which warning codes are dire, which the flow says when the request arrives.
 */

export type SignEthStep = 'pair' | 'scan' | 'review' | 'signing' | 'signed';

/** Parts of an animated QR received so far, and the estimate of how many it takes. */
export interface ScanProgress {
  readonly received: number;
  readonly estimated: number;
}

export interface SignEthState<R = unknown, S = unknown> {
  readonly step: SignEthStep;
  readonly request: R | null;
  /** Dire warning codes of this request, in the order they are shown; each needs its own "I understand". */
  readonly dire: readonly string[];
  readonly acks: readonly string[];
  readonly signed: S | null;
  readonly scan: ScanProgress | null;
  readonly error: string | null;
}

export type SignEthEvent<R = unknown, S = unknown> =
  /** Pairing done (or done before): on to scanning MetaMask's request. */
  | { readonly type: 'NEXT' }
  | { readonly type: 'SCAN_PROGRESS'; readonly progress: ScanProgress }
  | { readonly type: 'LOADED'; readonly request: R; readonly dire: readonly string[] }
  | { readonly type: 'ACK'; readonly code: string }
  | { readonly type: 'SIGN' }
  | { readonly type: 'SIGNED'; readonly signed: S }
  | { readonly type: 'FAILED'; readonly message: string }
  | { readonly type: 'BACK' };

export const initialSignEthState: SignEthState<never, never> = { step: 'pair', request: null, dire: [], acks: [], signed: null, scan: null, error: null };

const scanning = { step: 'scan', request: null, dire: [], acks: [], signed: null, scan: null, error: null } as const satisfies SignEthState<never, never>;

/** The dire warning to show now: the first one not yet acknowledged (null when none is left). */
export function nextDire(state: SignEthState<unknown, unknown>): string | null {
  return state.dire.find((code) => !state.acks.includes(code)) ?? null;
}

/** A reviewed request whose every dire warning has been acknowledged. */
export function canSign(state: SignEthState<unknown, unknown>): boolean {
  return state.step === 'review' && state.request !== null && nextDire(state) === null;
}

export function nextSignEthState<R, S>(state: SignEthState<R, S>, event: SignEthEvent<R, S>): SignEthState<R, S> {
  switch (event.type) {
    case 'NEXT':
      return state.step === 'pair' ? scanning : state;
    case 'SCAN_PROGRESS':
      return state.step === 'scan' ? { ...state, scan: event.progress, error: null } : state;
    case 'LOADED':
      if (state.step !== 'scan') return state;
      return { step: 'review', request: event.request, dire: [...new Set(event.dire)], acks: [], signed: null, scan: null, error: null };
    case 'ACK':
      // Only the dire warning on screen can be acknowledged: they come one at a time.
      return state.step === 'review' && nextDire(state) === event.code ? { ...state, acks: [...state.acks, event.code] } : state;
    case 'SIGN':
      return canSign(state) ? { ...state, step: 'signing', error: null } : state;
    case 'SIGNED':
      return state.step === 'signing' ? { ...state, step: 'signed', signed: event.signed } : state;
    case 'FAILED':
      // A failure while signing goes back to the review (nothing was signed); elsewhere it is shown in place.
      return { ...state, step: state.step === 'signing' ? 'review' : state.step, error: event.message };
    case 'BACK':
      switch (state.step) {
        case 'scan':
          // Back to the pairing QR (MetaMask not paired yet, or paired with another wallet).
          return { ...initialSignEthState };
        case 'review':
        case 'signed':
          return scanning;
        case 'pair':
        case 'signing':
          return state;
      }
  }
}
