import { useEffect, useMemo, useRef, useState } from 'react';
import type { Qr } from '../../electron/ipc';
import { frameCounter } from './qr-counter';
import { QrFrameCache, type QrFrame } from './qr-frame';
import { qrPath, QUIET } from './qr-path';


function QrSvg({ side, path, size, label }: { side: number; path: string; size: number | string; label: string }) {
  const n = side + QUIET * 2;
  return (
    <svg className="qr" width={size} height={size} viewBox={`0 0 ${n} ${n}`} role="img" aria-label={label} shapeRendering="crispEdges" data-testid="qr">
      <rect width={n} height={n} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}

/** A QR code drawn as SVG rectangles, black on white whatever the theme, with a 4-module quiet zone. */
export function QrCode({ qr, size = 320, label }: { qr: Qr; size?: number; label: string }) {
  const path = useMemo(() => qrPath(qr), [qr]);
  return <QrSvg side={qr.size} path={path} size={size} label={label} />;
}

/** Frames per second offered; 5 is Sparrow's and BlueWallet's pace. */
export const QR_SPEEDS = [1, 2, 3, 5, 8, 10, 15, 20, 30] as const;

/** A density choice beside the code: the caller makes the frames again when it changes. */
export interface QrDensity {
  readonly value: number;
  readonly options: ReadonlyArray<{ readonly value: number; readonly label: string }>;
  readonly onChange: (value: number) => void;
}

/** The density choice (AnimatedQr's, and on its own where the answer has too many frames to show). */
export function DensitySelect({ density }: { density: QrDensity }) {
  return (
    <label>
      Density{' '}
      <select value={density.value} onChange={(e) => density.onChange(Number(e.target.value))} data-testid="qr-density">
        {density.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A frame's drawing, or null when its text fits no QR code (it never happens with the app's own frames). */
function drawFrame(cache: QrFrameCache, text: string | undefined): QrFrame | null {
  if (text === undefined) return null;
  try {
    return cache.get(text);
  } catch {
    return null;
  }
}

/**
 * Cycles QR frames (an animated UR or BBQr, given as their texts) at a chosen speed, timed on the display's frames
 * (requestAnimationFrame): the frame counter, pause, speed and (when the caller offers it) density sit beside it.
 * Each frame is drawn as it comes up (and the next one just after), the last few dozen kept, so a long answer
 * costs the main process nothing and the page a few milliseconds a frame.
 * "Full screen" shows the code as large as the window allows, black on a white page, with the same controls;
 * Escape leaves it. One frame is shown still. The watch-only exports and the signed PSBT both use it.
 */
export function AnimatedQr({ frames, label, size = 320, fps: initialFps = 5, density }: { frames: readonly string[]; label: string; size?: number; fps?: number; density?: QrDensity }) {
  const [index, setIndex] = useState(0);
  const [fps, setFps] = useState(initialFps);
  const [paused, setPaused] = useState(false);
  const [full, setFull] = useState(false);
  const shown = useRef(0);
  const cache = useMemo(() => new QrFrameCache(), []);
  const closeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    shown.current = 0;
    setIndex(0);
  }, [frames]);

  useEffect(() => {
    if (frames.length < 2 || paused) return undefined;
    let raf = 0;
    let start = -1;
    const from = shown.current;
    const tick = (now: number) => {
      if (start < 0) start = now;
      const i = (from + Math.floor(((now - start) * fps) / 1000)) % frames.length;
      if (i !== shown.current) {
        shown.current = i;
        setIndex(i);
      }
      raf = window.requestAnimationFrame(tick);
    };
    raf = window.requestAnimationFrame(tick);
    return () => window.cancelAnimationFrame(raf);
  }, [frames, fps, paused]);

  useEffect(() => {
    if (!full) return undefined;
    closeButton.current?.focus();
    // Captured before the app's own Escape (which leaves some screens): here it only leaves full screen.
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      e.preventDefault();
      setFull(false);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [full]);

  const i = index % Math.max(frames.length, 1);
  const frame = drawFrame(cache, frames[i]);

  // The next frame is drawn while this one is on screen, so the display tick only swaps paths.
  useEffect(() => {
    const next = frames[(i + 1) % Math.max(frames.length, 1)];
    if (next === undefined || cache.has(next)) return undefined;
    const t = window.setTimeout(() => drawFrame(cache, next), 0);
    return () => window.clearTimeout(t);
  }, [cache, frames, i]);

  if (!frame) {
    return frames.length === 0 ? null : (
      <p className="error" role="alert" data-testid="qr-error">
        This text does not fit in a QR code.
      </p>
    );
  }

  const controls = (
    <figcaption className="qr-controls">
      {frames.length > 1 && (
        <>
          <span className="qr-counter" data-testid="qr-frame-counter">
            {frameCounter(frames, i)}
          </span>
          <button type="button" onClick={() => setPaused((p) => !p)} data-testid="qr-pause">
            {paused ? 'Play' : 'Pause'}
          </button>
          <label>
            Speed{' '}
            <select value={fps} onChange={(e) => setFps(Number(e.target.value))} data-testid="qr-speed">
              {QR_SPEEDS.map((f) => (
                <option key={f} value={f}>
                  {f} frames/s
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      {density && <DensitySelect density={density} />}
      {full ? (
        <button type="button" ref={closeButton} onClick={() => setFull(false)} data-testid="qr-exit-fullscreen">
          Leave full screen (Esc)
        </button>
      ) : (
        <button type="button" onClick={() => setFull(true)} data-testid="qr-fullscreen">
          Full screen
        </button>
      )}
    </figcaption>
  );

  if (full) {
    return (
      <div className="qr-fullscreen" role="dialog" aria-modal="true" aria-label={`${label}, full screen`} data-testid="qr-fullscreen-view" data-frame={i}>
        <figure className="animated-qr">
          <QrSvg side={frame.size} path={frame.path} size="100%" label={label} />
          {controls}
        </figure>
      </div>
    );
  }
  return (
    <figure className="animated-qr" data-frame={i}>
      <QrSvg side={frame.size} path={frame.path} size={size} label={label} />
      {controls}
    </figure>
  );
}
