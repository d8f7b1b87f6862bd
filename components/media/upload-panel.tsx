import { Link } from "@/components/ui/link";
import { Card } from "@/components/ui/card";
import { Uploader } from "./uploader";
import { textLink } from "@/components/ui/text-link";

// "Add photos and videos" on the event page and the media page: the uploader for those who may
// upload, otherwise one line that says what would let them.

const linkClass = textLink;

export type UploadPanelProps = {
  eventId: string;
  canUpload: boolean;
  isHost: boolean;
  signedIn: boolean;
  /** Asked to join a private event; the host has not answered yet. */
  awaitingApproval: boolean;
  limits: { image: number; video: number };
  /** Where "Sign in" brings the visitor back to. */
  signInHref: string;
  headingLevel?: 2 | 3;
};

export function UploadPanel({ eventId, canUpload, isHost, signedIn, awaitingApproval, limits, signInHref, headingLevel = 2 }: UploadPanelProps) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  if (canUpload) {
    return (
      <section aria-labelledby="upload-title">
        <Card className="p-4 sm:p-6">
          <Heading id="upload-title" className="text-lg font-semibold text-ink">
            Add photos and videos
          </Heading>
          <p className="mt-1 text-sm text-ink-muted">
            {isHost ? "What you add appears in the gallery right away." : "The host reviews each one before other guests can see it."}
          </p>
          <div className="mt-4">
            <Uploader eventId={eventId} limits={limits} />
          </div>
        </Card>
      </section>
    );
  }
  if (!signedIn) {
    return (
      <p className="text-ink-muted">
        Going to this event?{" "}
        <Link href={signInHref} className={linkClass}>
          Sign in
        </Link>{" "}
        to add your photos and videos.
      </p>
    );
  }
  if (awaitingApproval) return <p className="text-ink-muted">You can add photos and videos once the host has approved your request to join.</p>;
  return <p className="text-ink-muted">Guests who are going (or maybe going) can add photos and videos.</p>;
}
