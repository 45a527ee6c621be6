import { useEffect, useRef, useState } from 'react';
import { grabFrame, QrDecoder } from './qr-decoder';
import type { ScannedQr } from './QrScanner';

/** A video is read up to this many times over while the transaction is not whole yet. */
const PASSES = 3;
const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

type Reading =
  | { readonly kind: 'idle' }
  | { readonly kind: 'reading' | 'finished'; readonly name: string; readonly seconds: number; readonly frames: number; readonly codes: number; readonly pass: number }
  | { readonly kind: 'failed'; readonly name: string; readonly why: string };

/**
 * "Read the QR codes from a video file": a phone's screen recording (or a video) of the coordinator's animated
 * QR, when the webcam cannot focus. The video plays in a small preview and each new frame goes to the same decoding
 * worker as the camera's when it is free (a recording of a 5 frames/s animation holds each code for several frames);
 * while the caller still wants parts, the video is read again, up to three passes, so frames skipped on one pass are
 * read on another. Each code read goes to `onScan`, as the camera's do. Reading stops at the end of the video, or when the caller is done
 * (it unmounts this component).
 */
export function QrVideoFile({ onScan, onChoose, mode = 'text' }: { onScan: (qr: ScannedQr) => void; onChoose?: () => void; mode?: 'text' | 'bytes' }) {
  const input = useRef<HTMLInputElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const [reading, setReading] = useState<Reading>({ kind: 'idle' });
  const stop = useRef<() => void>(() => undefined);
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;

  useEffect(() => () => stop.current(), []);

  const read = (file: File) => {
    stop.current();
    onChoose?.();
    setReading({ kind: 'reading', name: file.name, seconds: 0, frames: 0, codes: 0, pass: 1 });
    void play(file.name, URL.createObjectURL(file));
  };

  const play = async (name: string, src: string) => {
    const v = video.current;
    if (!v) return;
    v.src = src;
    const decoder = new QrDecoder(mode);
    const canvas = document.createElement('canvas');
    let alive = true;
    let frames = 0;
    let codes = 0;
    let callback = 0;
    const finish = (kind: 'finished' | 'failed', why = '') => {
      if (!alive) return;
      alive = false;
      if (callback) v.cancelVideoFrameCallback(callback);
      v.pause();
      decoder.close();
      URL.revokeObjectURL(src);
      setReading(kind === 'failed' ? { kind, name, why } : { kind, name, seconds: v.currentTime, frames, codes, pass });
    };
    stop.current = () => finish('finished');
    let pass = 1;
    const onFrame = () => {
      if (!alive) return;
      callback = v.requestVideoFrameCallback(onFrame);
      if (decoder.busy) return;
      const image = grabFrame(v, canvas);
      if (!image) return;
      frames += 1;
      void decoder.decode(image).then((qr) => {
        if (!alive) return;
        if (qr) {
          codes += 1;
          onScanRef.current(qr);
        }
        setReading({ kind: 'reading', name, seconds: v.currentTime, frames, codes, pass });
      });
    };
    // Frames the worker was busy for are skipped: the next pass reads others (the caller unmounts this when done).
    v.onended = () => {
      if (!alive) return;
      if (pass >= PASSES) return void window.setTimeout(() => finish('finished'), 200);
      pass += 1;
      v.currentTime = 0;
      v.play().catch(() => undefined);
    };
    v.onerror = () => finish('failed', v.error?.message || `media error ${v.error?.code ?? ''}`);
    try {
      callback = v.requestVideoFrameCallback(onFrame);
      await v.play();
    } catch (e) {
      finish('failed', e instanceof Error ? `${e.name}: ${e.message}` : 'unknown');
    }
    if (input.current) input.current.value = '';
  };

  return (
    <div className="qr-video-file">
      <label>
        Or read it from a video file (a phone&apos;s screen recording of the animated QR, MP4 or WebM){' '}
        <input ref={input} type="file" accept="video/mp4,video/webm,video/quicktime,video/*" onChange={(e) => e.target.files?.[0] && read(e.target.files[0])} data-testid="qr-video-file" />
      </label>
      <video ref={video} muted playsInline className="video-preview" hidden={reading.kind !== 'reading'} aria-label="The video being read" />
      {reading.kind === 'reading' && (
        <p className="muted" data-testid="qr-video-status">
          Reading {reading.name} (pass {reading.pass} of {PASSES}): {reading.seconds.toFixed(1)} s, {plural(reading.frames, 'frame')} looked at, {plural(reading.codes, 'QR code')} read…
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
          {reading.name} could not be played ({reading.why}). Use an MP4 (H.264) or WebM video.
        </p>
      )}
    </div>
  );
}
