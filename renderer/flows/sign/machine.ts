/**
 * The Sign Bitcoin flow's steps as a pure state machine (load → review → signing → signed): every screen
 * change is an event, tested by scripted events without a browser. What may be signed is decided here too:
 * only a reviewed PSBT with something of ours, once every warning that needs it is acknowledged.
 */
import type { LoadedPsbt, PsbtWarningCode, SignedPsbt } from '../../../electron/ipc';

export type SignStep = 'load' | 'review' | 'signing' | 'signed';

export interface SignState {
  readonly step: SignStep;
  readonly loaded: LoadedPsbt | null;
  /** Warnings the holder ticked as read (only those that need it count). */
  readonly acks: readonly PsbtWarningCode[];
  readonly signed: SignedPsbt | null;
  readonly error: string | null;
}

export type SignEvent =
  | { readonly type: 'LOADED'; readonly loaded: LoadedPsbt }
  | { readonly type: 'ACK'; readonly code: PsbtWarningCode; readonly on: boolean }
  | { readonly type: 'SIGN' }
  | { readonly type: 'SIGNED'; readonly signed: SignedPsbt }
  | { readonly type: 'FAILED'; readonly message: string }
  | { readonly type: 'BACK' };

export const initialSignState: SignState = { step: 'load', loaded: null, acks: [], signed: null, error: null };

/** Warning codes that must be acknowledged before signing. */
export function acksNeeded(state: SignState): PsbtWarningCode[] {
  return [...new Set((state.loaded?.review.warnings ?? []).filter((w) => w.needsAck).map((w) => w.code))];
}

/** Something of ours to sign, and every warning that needs it acknowledged. */
export function canSign(state: SignState): boolean {
  if (state.step !== 'review' || !state.loaded) return false;
  if (!state.loaded.review.inputs.some((i) => i.ours !== null)) return false;
  return acksNeeded(state).every((c) => state.acks.includes(c));
}

export function nextSignState(state: SignState, event: SignEvent): SignState {
  switch (event.type) {
    case 'LOADED':
      return { step: 'review', loaded: event.loaded, acks: [], signed: null, error: null };
    case 'ACK': {
      if (state.step !== 'review') return state;
      const acks = state.acks.filter((c) => c !== event.code);
      return { ...state, acks: event.on ? [...acks, event.code] : acks };
    }
    case 'SIGN':
      return canSign(state) ? { ...state, step: 'signing', error: null } : state;
    case 'SIGNED':
      return state.step === 'signing' ? { ...state, step: 'signed', signed: event.signed } : state;
    case 'FAILED':
      // A failure while signing goes back to the review (nothing was signed); elsewhere it is shown in place.
      return { ...state, step: state.step === 'signing' ? 'review' : state.step, error: event.message };
    case 'BACK':
      return state.step === 'review' || state.step === 'signed' ? initialSignState : state;
  }
}
