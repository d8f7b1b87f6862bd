import { InviteByEmailCard, InviteLinkCard, InviteQrCard, InviteSettingsCard } from "@/components/events/invite-panel";
import type { ManagePageView } from "@/lib/events/views";

/** The invite link, its QR code (the one thing printed), its settings, and sending it by email. */
export function InviteSection({ event }: { event: ManagePageView }) {
  return (
    <div className="mt-8 grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem] print:mt-0 print:block">
      <div className="flex min-w-0 flex-col gap-6 print:hidden">
        <InviteLinkCard eventId={event.id} link={event.inviteLink} isPrivate={event.isPrivate} />
      </div>
      <div className="lg:row-span-3">
        {/* The printed sheet says when in the event's zone, formatted here: a browser's time-zone data may differ. */}
        <InviteQrCard link={event.inviteLink} title={event.title} slug={event.slug} when={event.when} place={event.location} />
      </div>
      <div className="flex min-w-0 flex-col gap-6 print:hidden">
        <InviteSettingsCard eventId={event.id} settings={event.invite} />
        <InviteByEmailCard eventId={event.id} />
      </div>
    </div>
  );
}
