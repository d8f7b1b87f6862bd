"use client";

import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";

// The phone's back camera, read for QR codes: the browser's BarcodeDetector where it has one
// (Chrome on Android and macOS, Safari), else jsQR on frames drawn to a canvas. jsQR is fetched only
// then, when the camera starts, so it weighs on no page load.

/** How often a frame is read: enough for a steady hand, light on a phone's battery. */
const FRAME_MS = 150;
/** jsQR reads frames at most this wide (a full-resolution frame costs far more, reads no better). */
const MAX_FRAME_WIDTH = 640;

type Detect = (video: HTMLVideoElement) => Promise<string | null>;

type BarcodeDetectorLike = { detect(source: CanvasImageSource): Promise<Array<{ rawValue: string }>> };
type BarcodeDetectorClass = {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats?: () => Promise<string[]>;
};

async function makeDetector(): Promise<Detect> {
  const Native = (window as unknown as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  const formats: string[] = (await Native?.getSupportedFormats?.().catch(() => [])) ?? [];
  if (Native && formats.includes("qr_code")) {
    const detector = new Native({ formats: ["qr_code"] });
    return async (video) => (await detector.detect(video))[0]?.rawValue ?? null;
  }
  const { default: jsQR } = await import("jsqr");
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  return async (video) => {
    if (!context || !video.videoWidth) return null;
    const scale = Math.min(1, MAX_FRAME_WIDTH / video.videoWidth);
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const frame = context.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(frame.data, frame.width, frame.height, { inversionAttempts: "attemptBoth" })?.data || null;
  };
}

function cameraProblem(err: unknown): string {
  const name = err instanceof DOMException ? err.name : "";
  if (name === "NotAllowedError" || name === "SecurityError") return "The camera is blocked. Allow it in the browser's site settings, or find guests by name below.";
  if (name === "NotFoundError" || name === "OverconstrainedError") return "This device has no camera we can use. Find guests by name below.";
  return "The camera did not start. Try again, or find guests by name below.";
}

/**
 * Start and stop the camera; while `active`, each QR code read goes to `onScan` and scanning stops
 * (the page shows the result, then the host asks for the next one).
 */
export function QrCamera({ active, onActiveChange, onScan }: { active: boolean; onActiveChange: (active: boolean) => void; onScan: (text: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const detect = useRef<Detect | null>(null);
  const [on, setOn] = useState(false);
  const [starting, setStarting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const canUseCamera = typeof navigator === "undefined" || !!navigator.mediaDevices?.getUserMedia;

  function stop() {
    stream.current?.getTracks().forEach((t) => t.stop());
    stream.current = null;
    if (video.current) video.current.srcObject = null;
    setOn(false);
    onActiveChange(false);
  }

  async function start() {
    setProblem(null);
    setStarting(true);
    try {
      const media = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false });
      stream.current = media;
      detect.current ??= await makeDetector();
      if (video.current) {
        video.current.srcObject = media;
        await video.current.play().catch(() => {});
      }
      setOn(true);
      onActiveChange(true);
    } catch (err) {
      stream.current?.getTracks().forEach((t) => t.stop());
      stream.current = null;
      setProblem(cameraProblem(err));
    } finally {
      setStarting(false);
    }
  }

  // The reading loop runs while the camera is on and the page wants a scan.
  useEffect(() => {
    if (!on || !active) return;
    let stopped = false;
    let timer: number | undefined;
    const tick = async () => {
      if (stopped) return;
      const el = video.current;
      const text = el && detect.current && el.readyState >= 2 ? await detect.current(el).catch(() => null) : null;
      if (stopped) return;
      if (text) onScan(text);
      else timer = window.setTimeout(tick, FRAME_MS);
    };
    timer = window.setTimeout(tick, FRAME_MS);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [on, active, onScan]);

  // The camera goes off with the page.
  useEffect(() => () => stream.current?.getTracks().forEach((t) => t.stop()), []);

  // A document's Permissions-Policy is the one it was loaded with: reached by a client-side
  // navigation from a page without the camera (sign-in, Manage), this page cannot have it; a
  // reload makes it a document of its own (the server allows the camera here). Not twice in a row.
  useEffect(() => {
    const policy = (document as Document & { featurePolicy?: { allowsFeature(f: string): boolean } }).featurePolicy;
    if (!policy || policy.allowsFeature("camera")) return;
    const key = `invyta:camera-reload:${window.location.pathname}`;
    if (Date.now() - Number(sessionStorage.getItem(key) ?? 0) < 30_000) return;
    sessionStorage.setItem(key, String(Date.now()));
    window.location.reload();
  }, []);

  if (!canUseCamera) {
    return <p className="mt-2 text-sm text-ink-muted">This browser cannot use a camera here. Find guests by name below.</p>;
  }
  return (
    <div className="mt-3 flex flex-col gap-3">
      <div className={on ? "relative overflow-hidden rounded-control bg-black" : "hidden"}>
        <video ref={video} muted playsInline aria-label="Camera view: hold the guest's ticket QR code in the frame" className="aspect-square w-full object-cover" />
        {/* A frame to aim with. */}
        <div aria-hidden="true" className="pointer-events-none absolute inset-[15%] rounded-control border-4 border-white/80" />
        {!active ? <p className="absolute inset-x-0 bottom-0 bg-black/70 p-2 text-center text-sm text-white">Paused</p> : null}
      </div>
      {problem ? (
        <p role="alert" className="text-sm text-danger">
          {problem}
        </p>
      ) : null}
      {on ? (
        <div className="flex flex-col gap-2 sm:flex-row">
          {!active ? <Button onClick={() => onActiveChange(true)}>Resume scanning</Button> : <p className="text-sm text-ink-muted">Hold the ticket in the frame.</p>}
          <Button variant="secondary" onClick={stop} className="sm:ml-auto">
            Stop camera
          </Button>
        </div>
      ) : (
        <Button onClick={start} pending={starting}>
          Start camera
        </Button>
      )}
    </div>
  );
}
