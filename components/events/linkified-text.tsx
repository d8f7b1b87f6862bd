import { Fragment } from "react";
import { linkifyText } from "@/lib/events/linkify";

/** Plain text with its line breaks kept and its http(s) URLs as links; never renders HTML from the text. */
export function LinkifiedText({ text }: { text: string }) {
  return (
    <>
      {linkifyText(text).map((segment, i) => {
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
