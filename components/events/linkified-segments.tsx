import { Fragment } from "react";
import type { TextSegment } from "@/lib/events/linkify";

/**
 * Text already split by linkifyText (lib/events/linkify.ts): line breaks, and links that are always
 * http(s). Never renders HTML from the text. Free of linkify-it, so client components can show
 * segments the server split.
 */
export function LinkifiedSegments({ segments }: { segments: TextSegment[] }) {
  return (
    <>
      {segments.map((segment, i) => {
        if (segment.type === "br") return <br key={i} />;
        if (segment.type === "text") return <Fragment key={i}>{segment.value}</Fragment>;
        return (
          <a
            key={i}
            href={segment.href}
            target="_blank"
            rel="noopener noreferrer nofollow"
            className="text-brand underline underline-offset-2 break-words"
          >
            {segment.value}
          </a>
        );
      })}
    </>
  );
}
