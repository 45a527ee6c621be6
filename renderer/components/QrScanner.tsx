import { useEffect, useRef, useState } from 'react';
import { grabFrame, QrDecoder, type ScannedQr } from './qr-decoder';

export type { ScannedQr } from './qr-decoder';

/** Camera resolutions offered; a dense animated QR reads best at 720p, a small SeedQR is fine at 480p. */
export const RESOLUTIONS = [
  { id: '720p', label: '1280×720 (720p)', width: 1280, height: 720 },
  { id: '1080p', label: '1920×1080 (1080p)', width: 1920, height: 1080 },
  { id: '480p', label: '640×480 (480p)', width: 640, height: 480 },
] as const;
export type ResolutionId = (typeof RESOLUTIONS)[number]['id'];

interface Camera {
  readonly deviceId: string;
  readonly label: string;
}

/**
 * The camera, scanning for QR codes: every new camera frame (requestVideoFrameCallback) goes to the decoding
 * worker while it is free — 'text' mode (transactions) at 720p by default, 'bytes' mode (SeedQR: raw bytes) at
 * 480p about 6 times a second. A choice of camera appears when there is more than one, and a choice of resolution;
 * the live picture shows a box where the code should sit. Calls `onScan` for every decoded code (the caller
 * decides whether it is complete); shows why when there is no camera — unless `fileChosen`: the code is being read
 * from a file instead, and an error about the camera would only alarm.
 */
export function QrScanner({ onScan, paused = false, mode = 'bytes', fileChosen = false }: { onScan: (qr: ScannedQr) => void; paused?: boolean; mode?: 'text' | 'bytes'; fileChosen?: boolean }) {
  const video = useRef<HTMLVideoElement>(null);
  const [status, setStatus] = useState<'starting' | 'scanning' | 'no-camera'>('starting');
  const [reason, setReason] = useState('');
  const [cameras, setCameras] = useState<readonly Camera[]>([]);
  const [deviceId, setDeviceId] = useState<string | null>(null);
  const [resolution, setResolution] = useState<ResolutionId>(mode === 'text' ? '720p' : '480p');
  const [size, setSize] = useState<string | null>(null);
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;
  const pausedRef = useRef(paused);
  pausedRef.current = paused;

  useEffect(() => {
    let stream: MediaStream | null = null;
    let alive = true;
    let timer = 0;
    let frameCallback = 0;
    const decoder = new QrDecoder(mode);
    const canvas = document.createElement('canvas');
    const wanted = RESOLUTIONS.find((r) => r.id === resolution) ?? RESOLUTIONS[0];
    const minGap = mode === 'text' ? 0 : 160;
    let last = 0;

    const grab = () => {
      const v = video.current;
      if (!alive || !v || decoder.busy || performance.now() - last < minGap) return;
      const image = grabFrame(v, canvas);
      if (!image) return;
      last = performance.now();
      void decoder.decode(image).then((qr) => {
        if (alive && qr && !pausedRef.current) onScanRef.current(qr);
      });
    };
    /** Every new camera frame, where the browser says when one arrives; a steady timer otherwise. */
    const loop = (v: HTMLVideoElement) => {
      if ('requestVideoFrameCallback' in v) {
        const onFrame = () => {
          grab();
          if (alive) frameCallback = v.requestVideoFrameCallback(onFrame);
        };
        frameCallback = v.requestVideoFrameCallback(onFrame);
      } else {
        timer = window.setInterval(grab, 33);
      }
    };

    void (async () => {
      try {
        setStatus('starting');
        const constraints: MediaTrackConstraints = { width: { ideal: wanted.width }, height: { ideal: wanted.height }, ...(deviceId ? { deviceId: { exact: deviceId } } : {}) };
        stream = await navigator.mediaDevices.getUserMedia({ video: constraints, audio: false });
        if (!alive || !video.current) return stream.getTracks().forEach((t) => t.stop());
        video.current.srcObject = stream;
        await video.current.play();
        const settings = stream.getVideoTracks()[0]?.getSettings();
        setSize(settings?.width && settings.height ? `${settings.width}×${settings.height}` : null);
        // Labels are only known once the camera is allowed: list the cameras now.
        const devices = await navigator.mediaDevices.enumerateDevices();
        if (!alive) return;
        setCameras(devices.filter((d) => d.kind === 'videoinput').map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Camera ${i + 1}` })));
        setStatus('scanning');
        loop(video.current);
      } catch (e) {
        if (!alive) return;
        setStatus('no-camera');
        setReason(e instanceof Error ? e.name : 'unknown');
      }
    })();
    return () => {
      alive = false;
      window.clearInterval(timer);
      if (frameCallback && video.current && 'cancelVideoFrameCallback' in video.current) video.current.cancelVideoFrameCallback(frameCallback);
      decoder.close();
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [mode, deviceId, resolution]);

  const current = deviceId ?? cameras[0]?.deviceId ?? '';
  return (
    <div className="scanner" data-testid="scanner" data-status={status}>
      <div className="scanner-view">
        <video ref={video} muted playsInline aria-label="Camera view" />
        {status === 'scanning' && <div className="scanner-box" aria-hidden="true" />}
      </div>
      <div className="scanner-controls">
        {cameras.length > 1 && (
          <label>
            Camera{' '}
            <select value={current} onChange={(e) => setDeviceId(e.target.value)} data-testid="camera-device">
              {cameras.map((c) => (
                <option key={c.deviceId} value={c.deviceId}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
        )}
        {status !== 'no-camera' && (
          <label>
            Resolution{' '}
            <select value={resolution} onChange={(e) => setResolution(e.target.value as ResolutionId)} data-testid="camera-resolution">
              {RESOLUTIONS.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.label}
                </option>
              ))}
            </select>
          </label>
        )}
        {size && (
          <span className="muted" data-testid="camera-size">
            the camera gives {size}
          </span>
        )}
      </div>
      {status === 'starting' && <p>Starting the camera…</p>}
      {status === 'scanning' && <p>Hold the QR code inside the box, about 20–30 cm from the camera.</p>}
      {status === 'no-camera' && !fileChosen && (
        <p className="error" role="alert">
          No camera could be used ({reason}). Connect a camera, or choose another way.
        </p>
      )}
    </div>
  );
}
