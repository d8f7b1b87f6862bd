import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { DeleteEvent } from "@/components/events/delete-event";
import { EventForm } from "@/components/events/event-form";
import { Card } from "@/components/ui/card";
import { Alert } from "@/components/ui/field";
import { PicturePicker } from "@/components/ui/picture-picker";
import { requireUser } from "@/lib/auth/session";
import { getOwnedEvent } from "@/lib/events/access";
import { DEFAULT_THEME, themeGradient } from "@/lib/events/themes";
import { editEventViewOf } from "@/lib/events/views";
import { orNotFound } from "@/lib/http/pages";

export const metadata: Metadata = { title: "Edit event" };

type Params = Promise<{ id: string }>;

export default async function EditEventPage({ params, searchParams }: { params: Params; searchParams: Promise<{ duplicated?: string | string[] }> }) {
  const { id } = await params;
  const duplicated = (await searchParams).duplicated === "1";
  const user = await requireUser(`/events/${encodeURIComponent(id)}/edit`);
  const event = editEventViewOf(await orNotFound(getOwnedEvent(id, user)));

  return (
    <div className="mx-auto w-full max-w-2xl px-4 py-8 sm:py-12">
      <Link href={event.path} className="inline-flex min-h-11 items-center text-sm font-medium text-brand underline-offset-4 hover:underline">
        <span aria-hidden="true">←&nbsp;</span>Back to the event
      </Link>
      <h1 className="mt-2 break-words text-2xl font-bold text-ink sm:text-3xl">Edit “{event.title}”</h1>
      {duplicated ? (
        <Alert tone="success" className="mt-4">
          This is your new copy, with its own invite link and no guests yet. Check its details, then share it from the Manage page.
        </Alert>
      ) : null}
      <section aria-labelledby="cover-title" className="mt-6">
        <Card className="p-4 sm:p-6">
          <h2 id="cover-title" className="mb-3 text-lg font-semibold text-ink">
            Cover photo
          </h2>
          <PicturePicker
            endpoint={`/api/v1/events/${event.id}/cover`}
            label="Cover photo"
            current={event.cover}
            shape="wide"
            hint="Shown across the top of the event page, the invitation and link previews, cropped to 2:1. JPEG, PNG, WebP or GIF, up to 15 MB. Without one, the theme below shows."
            placeholder={<div aria-hidden="true" className="h-full w-full" style={{ backgroundImage: themeGradient(event.initial.theme ?? DEFAULT_THEME) }} />}
          />
        </Card>
      </section>
      <Card className="mt-6 p-4 sm:p-6">
        <EventForm mode="edit" eventId={event.id} cancelHref={event.path} initial={event.initial} />
      </Card>

      <section aria-labelledby="danger-title" className="mt-10 rounded-card border border-danger/40 bg-surface p-4 sm:p-6">
        <h2 id="danger-title" className="text-lg font-semibold text-ink">
          Delete this event
        </h2>
        <p className="mb-4 mt-1 text-ink-muted">Removes the event for everyone, with its guest list and photos.</p>
        <DeleteEvent eventId={event.id} title={event.title} />
      </section>
    </div>
  );
}
