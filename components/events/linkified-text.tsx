import { linkifyText } from "@/lib/events/linkify";
import { LinkifiedSegments } from "./linkified-segments";

/** Plain text with its line breaks kept and its http(s) URLs as links; never renders HTML from the text. */
export function LinkifiedText({ text }: { text: string }) {
  return <LinkifiedSegments segments={linkifyText(text)} />;
}
