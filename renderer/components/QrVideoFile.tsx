import { useEffect, useRef, useState } from 'react';
import { grabFrame, QrDecoder } from './qr-decoder';
import type { ScannedQr } from './QrScanner';

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

type Reading =
  | { readonly kind: 'idle' }
  | { readonly kind: 'reading' | 'finished'; readonly name: string; readonly seconds: number; readonly frames: number; readonly codes: number }
  | { readonly kind: 'failed'; readonly name: string };

/**
 * "Read the QR codes from a video file": a phone's screen recording (or a video) of the coordinator's animated
 * QR, when the webcam cannot focus. The video plays in a small preview and every frame it shows goes to the same
 * decoding worker as the camera (the video waits while the worker reads a frame, so no frame is skipped); each code
 * read goes to `onScan`, as the camera's do. Reading stops at the end of the video, or when the caller is done
 * (it unmounts this component).
 */
export function QrVideoFile({ onScan, mode = 'text' }: { onScan: (qr: ScannedQr) => void; mode?: 'text' | 'bytes' }) {
  const input = useRef<HTMLInputElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const [reading, setReading] = useState<Reading>({ kind: 'idle' });
  const [url, setUrl] = useState<string | null>(null);
  const stop = useRef<() => void>(() => undefined);
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;

  useEffect(() => () => stop.current(), []);

  const read = (file: File) => {
    stop.current();
    const src = URL.createObjectURL(file);
    setUrl(src);
    setReading({ kind: 'reading', name: file.name, seconds: 0, frames: 0, codes: 0 });
    // The <video> element takes the new source on the next render.
    window.setTimeout(() => void play(file.name, src), 0);
  };

  const play = async (name: string, src: string) => {
    const v = video.current;
    if (!v) return;
    const decoder = new QrDecoder(mode);
    const canvas = document.createElement('canvas');
    let alive = true;
    let frames = 0;
    let codes = 0;
    let callback = 0;
    const finish = (kind: 'finished' | 'failed') => {
      if (!alive) return;
      alive = false;
      if (callback) v.cancelVideoFrameCallback(callback);
      v.pause();
      decoder.close();
      URL.revokeObjectURL(src);
      setReading(kind === 'failed' ? { kind, name } : { kind, name, seconds: v.currentTime, frames, codes });
    };
    stop.current = () => finish('finished');
    const onFrame = () => {
      if (!alive) return;
      const image = grabFrame(v, canvas);
      if (!image) {
        callback = v.requestVideoFrameCallback(onFrame);
        return;
      }
      frames += 1;
      v.pause();
      void decoder.decode(image).then((qr) => {
        if (!alive) return;
        if (qr) {
          codes += 1;
          onScanRef.current(qr);
        }
        setReading({ kind: 'reading', name, seconds: v.currentTime, frames, codes });
        if (v.ended) return finish('finished');
        callback = v.requestVideoFrameCallback(onFrame);
        v.play().catch(() => finish('finished'));
      });
    };
    v.onended = () => window.setTimeout(() => !decoder.busy && finish('finished'), 100);
    v.onerror = () => finish('failed');
    try {
      callback = v.requestVideoFrameCallback(onFrame);
      await v.play();
    } catch {
      finish('failed');
    }
    if (input.current) input.current.value = '';
  };

  return (
    <div className="qr-video-file">
      <label>
        Or read it from a video file (a phone&apos;s screen recording of the animated QR, MP4 or WebM){' '}
        <input ref={input} type="file" accept="video/mp4,video/webm,video/quicktime,video/*" onChange={(e) => e.target.files?.[0] && read(e.target.files[0])} data-testid="qr-video-file" />
      </label>
      {url && <video ref={video} src={url} muted playsInline className="video-preview" hidden={reading.kind !== 'reading'} aria-label="The video being read" />}
      {reading.kind === 'reading' && (
        <p className="muted" data-testid="qr-video-status">
          Reading {reading.name}: {reading.seconds.toFixed(1)} s, {plural(reading.frames, 'frame')} looked at, {plural(reading.codes, 'QR code')} read…
        </p>
      )}
      {reading.kind === 'finished' && (
        <p className={reading.codes === 0 ? 'error' : 'muted'} data-testid="qr-video-status">
          {reading.codes === 0
            ? `No QR code could be read from ${reading.name} (${plural(reading.frames, 'frame')}). Record the screen straight on, the code filling most of the picture.`
            : `Read ${plural(reading.codes, 'QR code')} from ${plural(reading.frames, 'frame')} of ${reading.name}.`}
        </p>
      )}
      {reading.kind === 'failed' && (
        <p className="error" role="alert" data-testid="qr-video-status">
          {reading.name} could not be played: its format is not supported here. Use an MP4 (H.264) or WebM video.
        </p>
      )}
    </div>
  );
}
