/** The Sign Ethereum flow's state machine, driven by scripted events as the screens send them. */
import { describe, expect, it } from 'vitest';
import { canSign, initialSignEthState, nextDire, nextSignEthState, type SignEthEvent, type SignEthState } from '../../renderer/flows/sign-eth/machine';

interface Request {
  readonly requestId: string;
}
interface Signed {
  readonly signatureUr: string;
}
type State = SignEthState<Request, Signed>;
type Event = SignEthEvent<Request, Signed>;

const request: Request = { requestId: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d' };
const signed: Signed = { signatureUr: 'ur:eth-signature/…' };
const run = (...events: Event[]): State => events.reduce<State>(nextSignEthState, initialSignEthState);
const loaded = (dire: string[] = []): Event => ({ type: 'LOADED', request, dire });

describe('Sign Ethereum flow', () => {
  it('pair → scan → review → signing → signed, and Sign another goes back to scanning', () => {
    let s = run();
    expect(s.step).toBe('pair');
    s = nextSignEthState(s, { type: 'NEXT' });
    expect(s.step).toBe('scan');
    s = nextSignEthState(s, { type: 'SCAN_PROGRESS', progress: { received: 2, estimated: 5 } });
    expect(s.scan).toEqual({ received: 2, estimated: 5 });
    s = nextSignEthState(s, loaded());
    expect(s).toMatchObject({ step: 'review', request, scan: null, error: null });
    expect(canSign(s)).toBe(true);
    s = nextSignEthState(s, { type: 'SIGN' });
    expect(s.step).toBe('signing');
    s = nextSignEthState(s, { type: 'SIGNED', signed });
    expect(s).toMatchObject({ step: 'signed', signed, request });
    s = nextSignEthState(s, { type: 'BACK' });
    expect(s).toMatchObject({ step: 'scan', request: null, signed: null, acks: [] });
  });

  it('Back walks the steps backwards: review → scan → pair', () => {
    const review = run({ type: 'NEXT' }, loaded());
    const scan = nextSignEthState(review, { type: 'BACK' });
    expect(scan.step).toBe('scan');
    expect(nextSignEthState(scan, { type: 'BACK' })).toEqual(initialSignEthState);
    // On the pairing screen Back is the flow's Cancel (the screen leaves); the machine stays.
    expect(nextSignEthState(initialSignEthState as State, { type: 'BACK' })).toEqual(initialSignEthState);
  });

  it('dire warnings come one at a time, each acknowledged before the next shows; Sign waits for the last', () => {
    let s = run({ type: 'NEXT' }, loaded(['UNLIMITED_APPROVAL', 'BLIND_SIGNING']));
    expect(nextDire(s)).toBe('UNLIMITED_APPROVAL');
    expect(canSign(s)).toBe(false);
    expect(nextSignEthState(s, { type: 'SIGN' }).step).toBe('review');
    // The second warning cannot be acknowledged before it is on screen.
    expect(nextSignEthState(s, { type: 'ACK', code: 'BLIND_SIGNING' })).toBe(s);
    s = nextSignEthState(s, { type: 'ACK', code: 'UNLIMITED_APPROVAL' });
    expect(nextDire(s)).toBe('BLIND_SIGNING');
    expect(canSign(s)).toBe(false);
    s = nextSignEthState(s, { type: 'ACK', code: 'BLIND_SIGNING' });
    expect(nextDire(s)).toBeNull();
    expect(canSign(s)).toBe(true);
    expect(nextSignEthState(s, { type: 'SIGN' }).step).toBe('signing');
  });

  it('the same dire code twice needs one acknowledgement', () => {
    const s = run({ type: 'NEXT' }, loaded(['UNLIMITED_APPROVAL', 'UNLIMITED_APPROVAL']), { type: 'ACK', code: 'UNLIMITED_APPROVAL' });
    expect(canSign(s)).toBe(true);
  });

  it('a new request starts with no acknowledgements: scanning another asks again', () => {
    const acked = run({ type: 'NEXT' }, loaded(['UNLIMITED_APPROVAL']), { type: 'ACK', code: 'UNLIMITED_APPROVAL' });
    expect(canSign(acked)).toBe(true);
    const again = [{ type: 'BACK' }, loaded(['UNLIMITED_APPROVAL'])].reduce<State>((s, e) => nextSignEthState(s, e as Event), acked);
    expect(again.acks).toEqual([]);
    expect(canSign(again)).toBe(false);
  });

  it('a failure while signing returns to the review with the message; a scan failure stays on the scan', () => {
    const s = run({ type: 'NEXT' }, loaded(), { type: 'SIGN' }, { type: 'FAILED', message: 'no' });
    expect(s).toMatchObject({ step: 'review', error: 'no' });
    expect(nextSignEthState(s, { type: 'SIGN' }).error).toBeNull();
    const scan = run({ type: 'NEXT' }, { type: 'FAILED', message: 'This request is for another wallet (fingerprint 12345678).' });
    expect(scan).toMatchObject({ step: 'scan', error: 'This request is for another wallet (fingerprint 12345678).' });
    // The next part scanned clears it; the next request too.
    expect(nextSignEthState(scan, { type: 'SCAN_PROGRESS', progress: { received: 1, estimated: 3 } }).error).toBeNull();
    expect(nextSignEthState(scan, loaded()).error).toBeNull();
  });

  it('events out of place change nothing', () => {
    const start = initialSignEthState as State;
    expect(run({ type: 'SIGN' })).toEqual(start);
    expect(run({ type: 'SIGNED', signed })).toEqual(start);
    expect(run({ type: 'ACK', code: 'UNLIMITED_APPROVAL' })).toEqual(start);
    expect(run(loaded())).toEqual(start); // a request needs the scan step
    expect(run({ type: 'SCAN_PROGRESS', progress: { received: 1, estimated: 2 } })).toEqual(start);
    const review = run({ type: 'NEXT' }, loaded());
    expect(nextSignEthState(review, { type: 'NEXT' })).toBe(review);
    expect(nextSignEthState(review, loaded())).toBe(review); // no second request over the one being reviewed
    const signing = nextSignEthState(review, { type: 'SIGN' });
    expect(nextSignEthState(signing, { type: 'BACK' })).toBe(signing); // no leaving mid-signature
  });
});
