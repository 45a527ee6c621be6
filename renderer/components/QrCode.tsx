import { useEffect, useState } from 'react';
import type { Qr } from '../../electron/ipc';

/** A QR code drawn as SVG rectangles, black on white whatever the theme, with a 4-module quiet zone. */
export function QrCode({ qr, size = 320, label }: { qr: Qr; size?: number; label: string }) {
  const quiet = 4;
  const n = qr.size + quiet * 2;
  const rects: string[] = [];
  for (let y = 0; y < qr.size; y++) {
    for (let x = 0; x < qr.size; x++) if (qr.modules[y * qr.size + x]) rects.push(`M${x + quiet} ${y + quiet}h1v1h-1z`);
  }
  return (
    <svg className="qr" width={size} height={size} viewBox={`0 0 ${n} ${n}`} role="img" aria-label={label} shapeRendering="crispEdges" data-testid="qr">
      <rect width={n} height={n} fill="#fff" />
      <path d={rects.join('')} fill="#000" />
    </svg>
  );
}

/** Cycles QR frames (an animated UR) at `fps`; one frame is shown still. Pause and speed controls sit beside it. */
export function AnimatedQr({ frames, label, size = 320 }: { frames: readonly Qr[]; label: string; size?: number }) {
  const [index, setIndex] = useState(0);
  const [fps, setFps] = useState(5);
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    setIndex(0);
  }, [frames]);
  useEffect(() => {
    if (frames.length < 2 || paused) return undefined;
    const t = window.setInterval(() => setIndex((i) => (i + 1) % frames.length), 1000 / fps);
    return () => window.clearInterval(t);
  }, [frames, fps, paused]);
  const frame = frames[index % Math.max(frames.length, 1)];
  if (!frame) return null;
  return (
    <figure className="animated-qr">
      <QrCode qr={frame} label={label} size={size} />
      {frames.length > 1 && (
        <figcaption className="qr-controls">
          <span>
            Frame {index + 1} of {frames.length}
          </span>
          <button type="button" onClick={() => setPaused((p) => !p)}>
            {paused ? 'Play' : 'Pause'}
          </button>
          <label>
            Speed{' '}
            <select value={fps} onChange={(e) => setFps(Number(e.target.value))}>
              {[2, 3, 5, 8].map((f) => (
                <option key={f} value={f}>
                  {f} frames/s
                </option>
              ))}
            </select>
          </label>
        </figcaption>
      )}
    </figure>
  );
}
