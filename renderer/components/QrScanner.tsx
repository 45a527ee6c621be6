import { useEffect, useRef, useState } from 'react';

export interface ScannedQr {
  readonly text: string;
  readonly bytes: Uint8Array;
}

/**
 * The camera, scanning for QR codes: frames go to a decoding worker. 'bytes' mode (SeedQR: raw bytes) uses jsQR at
 * 640×480 about 6 times a second; 'text' mode (transactions) asks for 1280×720 and sends every frame the worker is
 * free for (the `qr` decoder keeps up with 30 fps). Calls `onScan` for every decoded code (the caller decides
 * whether it is complete); shows why when there is no camera.
 */
export function QrScanner({ onScan, paused = false, mode = 'bytes' }: { onScan: (qr: ScannedQr) => void; paused?: boolean; mode?: 'text' | 'bytes' }) {
  const video = useRef<HTMLVideoElement>(null);
  const [status, setStatus] = useState<'starting' | 'scanning' | 'no-camera'>('starting');
  const [reason, setReason] = useState('');
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;
  const pausedRef = useRef(paused);
  pausedRef.current = paused;

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer = 0;
    let busy = false;
    let alive = true;
    const worker = new Worker(new URL('../workers/qr-decode.worker.ts', import.meta.url), { type: 'module' });
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    worker.onmessage = (e: MessageEvent<{ text: string | null; bytes: Uint8Array | null }>) => {
      busy = false;
      if (alive && e.data.text !== null && e.data.bytes && !pausedRef.current) onScanRef.current({ text: e.data.text, bytes: e.data.bytes });
    };
    void (async () => {
      try {
        const size = mode === 'text' ? { width: { ideal: 1280 }, height: { ideal: 720 } } : { width: { ideal: 640 }, height: { ideal: 480 } };
        stream = await navigator.mediaDevices.getUserMedia({ video: size, audio: false });
        if (!alive || !video.current) return;
        video.current.srcObject = stream;
        await video.current.play();
        setStatus('scanning');
        timer = window.setInterval(() => {
          const v = video.current;
          if (!v || busy || !ctx || v.videoWidth === 0) return;
          canvas.width = v.videoWidth;
          canvas.height = v.videoHeight;
          ctx.drawImage(v, 0, 0);
          busy = true;
          worker.postMessage({ id: Date.now(), image: ctx.getImageData(0, 0, canvas.width, canvas.height), mode });
        }, mode === 'text' ? 33 : 160);
      } catch (e) {
        setStatus('no-camera');
        setReason(e instanceof Error ? e.name : 'unknown');
      }
    })();
    return () => {
      alive = false;
      window.clearInterval(timer);
      worker.terminate();
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [mode]);

  return (
    <div className="scanner" data-testid="scanner" data-status={status}>
      <video ref={video} muted playsInline aria-label="Camera view" />
      {status === 'starting' && <p>Starting the camera…</p>}
      {status === 'scanning' && <p>Hold the QR code in front of the camera.</p>}
      {status === 'no-camera' && (
        <p className="error" role="alert">
          No camera could be used ({reason}). Connect a camera, or type the words instead.
        </p>
      )}
    </div>
  );
}
