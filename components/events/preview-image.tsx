import { ImageResponse } from "next/og";
import { DEFAULT_THEME, themeGradient } from "@/lib/events/themes";
import type { PreviewImageView } from "@/lib/events/views";

// The 1200×630 image a chat app shows when an event or invite link is shared. Drawn by next/og
// (satori: flexbox only, every element with children is display:flex) with its bundled font; the
// text comes through fontSafe (lib/events/views.ts), so nothing is fetched while drawing.

export const PREVIEW_SIZE = { width: 1200, height: 630 };

const BRAND = "#4338ca"; // the wordmark's letter

function Wordmark() {
  return (
    <div style={{ display: "flex", alignItems: "center", gap: 16 }}>
      <div style={{ display: "flex", width: 56, height: 56, borderRadius: 14, background: "white", color: BRAND, fontSize: 36, alignItems: "center", justifyContent: "center" }}>
        I
      </div>
      <div style={{ display: "flex", fontSize: 36, color: "white" }}>Invyta</div>
    </div>
  );
}

function Line({ label, text }: { label: string; text: string }) {
  return (
    <div style={{ display: "flex", gap: 20, fontSize: 34, color: "#e0e7ff" }}>
      <div style={{ display: "flex", width: 110, color: "#a5b4fc" }}>{label}</div>
      <div style={{ display: "flex", flex: 1, color: "white", overflow: "hidden", whiteSpace: "nowrap", textOverflow: "ellipsis" }}>{text}</div>
    </div>
  );
}

/** The event's preview, or with `view` null one that names nothing ("You're invited"). */
export function previewImage(view: PreviewImageView | null): ImageResponse {
  const title = view?.title ?? "You're invited";
  return new ImageResponse(
    (
      <div
        style={{
          display: "flex",
          flexDirection: "column",
          justifyContent: "space-between",
          width: "100%",
          height: "100%",
          padding: "56px 72px",
          background: themeGradient(view?.theme ?? DEFAULT_THEME),
          fontFamily: "geist",
          position: "relative",
        }}
      >
        {view?.cover ? (
          <div style={{ display: "flex", position: "absolute", top: 0, left: 0, width: PREVIEW_SIZE.width, height: PREVIEW_SIZE.height }}>
            {/* eslint-disable-next-line @next/next/no-img-element, jsx-a11y/alt-text -- drawn into a PNG by satori */}
            <img src={view.cover} width={PREVIEW_SIZE.width} height={PREVIEW_SIZE.height} style={{ objectFit: "cover" }} />
            <div style={{ display: "flex", position: "absolute", top: 0, left: 0, width: "100%", height: "100%", background: "linear-gradient(to bottom, rgba(15,23,42,0.55), rgba(15,23,42,0.35) 40%, rgba(15,23,42,0.85))" }} />
          </div>
        ) : null}
        <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center" }}>
          <Wordmark />
          <div style={{ display: "flex", padding: "10px 24px", borderRadius: 999, background: "rgba(255,255,255,0.18)", color: "white", fontSize: 28 }}>
            {view?.isPrivate ? "Private invitation" : view ? "You're invited" : "Invitation"}
          </div>
        </div>
        <div
          style={{
            display: "flex",
            fontSize: title.length > 60 ? 60 : 76,
            lineHeight: 1.1,
            color: "white",
            maxHeight: 260,
            overflow: "hidden",
          }}
        >
          {title}
        </div>
        {view ? (
          <div style={{ display: "flex", flexDirection: "column", gap: 14 }}>
            <Line label="When" text={view.when} />
            {view.where ? <Line label="Where" text={view.where} /> : null}
            {view.host ? <Line label="Host" text={view.host} /> : null}
          </div>
        ) : (
          <div style={{ display: "flex", fontSize: 34, color: "#e0e7ff" }}>Open the link to see the event.</div>
        )}
      </div>
    ),
    {
      ...PREVIEW_SIZE,
      headers: { "Cache-Control": view && !view.isPrivate ? "public, max-age=300" : "private, no-store" },
    },
  );
}
