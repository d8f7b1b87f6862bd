import { DEFAULT_THEME } from "@/lib/events/themes";
import type { Metadata } from "next";
import { EventForm } from "@/components/events/event-form";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Create an event" };

export default async function NewEventPage() {
  await requireUser("/events/new");
  return (
    <div className="mx-auto w-full max-w-2xl px-4 py-8 sm:py-12">
      <h1 className="text-2xl font-bold text-ink sm:text-3xl">Create an event</h1>
      <p className="mt-2 text-ink-muted">Next you get an invite link and a QR code to share.</p>
      <Card className="mt-6 p-4 sm:p-6">
        <EventForm
          mode="create"
          cancelHref="/events"
          initial={{ title: "", description: "", starts_at: "", ends_at: "", timezone: "UTC", location: "", max_people: "", is_private: false, tags: [], theme: DEFAULT_THEME }}
        />
      </Card>
    </div>
  );
}
