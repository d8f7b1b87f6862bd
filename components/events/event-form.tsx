"use client";

import { EVENT_THEMES, THEME_NAMES, themeGradient } from "@/lib/events/themes";
import { Link } from "@/components/ui/link";
import { useEffect, useRef, type FormEvent } from "react";
import { useController, useWatch, type FieldError } from "react-hook-form";
import { TagInput, type TagCheck, type TagInputHandle } from "@/components/profile/tag-input";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { cn, idRefs } from "@/components/ui/cn";
import { Alert, Field } from "@/components/ui/field";
import { LengthCounter } from "@/components/ui/length-counter";
import { createEventAction, updateEventAction } from "@/lib/events/actions";
import { DESCRIPTION_MAX, eventFormSchema, LOCATION_MAX, PLUS_ONES_LIMIT, TAG_LENGTH_MAX, TAGS_MAX, TITLE_MAX, type EventFormInput } from "@/lib/events/schema";
import { normalizeTags } from "@/lib/events/text";
import { textLength } from "@/lib/characters";
import { canonicalTimeZone, COMMON_TIME_ZONES, timeZoneOffsetLabel, zonedLocalToUtc } from "@/lib/events/time";
import { useBrowserTimeZone } from "./local-time";
import { QuestionsEditor } from "./questions-editor";

function checkTag(raw: string): TagCheck {
  if (textLength(raw.trim()) > TAG_LENGTH_MAX) return { error: `Keep each tag under ${TAG_LENGTH_MAX} characters.` };
  const tag = normalizeTags(raw)[0];
  return tag ? { tag } : { error: "A tag needs at least one letter or digit." };
}

/** A field's own message, or the first of its items' (lists such as tags). */
function firstError(error: unknown): string | undefined {
  if (!error || typeof error !== "object") return undefined;
  const own = (error as FieldError).message;
  if (own) return own;
  return Object.values(error as Record<string, FieldError | undefined>).find((e) => e?.message)?.message;
}

const inputClass = (invalid: boolean) =>
  cn(
    "min-h-11 w-full rounded-control border bg-surface px-3 text-base text-ink placeholder:text-ink-subtle",
    invalid ? "border-danger" : "border-surface-border",
  );

type EventFormProps =
  | { mode: "create"; initial: EventFormInput; eventId?: undefined; cancelHref: string }
  | { mode: "edit"; initial: EventFormInput; eventId: string; cancelHref: string };

/** Create or edit an event. Times are wall-clock in the chosen time zone; the server converts them. */
export function EventForm({ mode, initial, eventId, cancelHref }: EventFormProps) {
  const { form, onSubmit, formError, pending } = useActionForm(
    eventFormSchema,
    (values) => (mode === "edit" ? updateEventAction(eventId, values) : createEventAction(values)),
    initial,
  );
  const { errors } = form.formState;
  const tagsField = useController({ control: form.control, name: "tags" });
  const privacy = useController({ control: form.control, name: "is_private" });
  const theme = useController({ control: form.control, name: "theme" });
  const title = useWatch({ control: form.control, name: "title" }) ?? "";
  const description = useWatch({ control: form.control, name: "description" }) ?? "";
  const location = useWatch({ control: form.control, name: "location" }) ?? "";
  const timezone = useWatch({ control: form.control, name: "timezone" }) ?? "UTC";
  const startsAt = useWatch({ control: form.control, name: "starts_at" }) ?? "";
  const tags = useRef<TagInputHandle>(null);

  // A new event starts in the organizer's own zone, which only the browser knows.
  useEffect(() => {
    if (mode !== "create" || form.getFieldState("timezone").isDirty) return;
    const zone = canonicalTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone);
    if (zone) form.setValue("timezone", zone);
  }, [mode, form]);

  function submit(event: FormEvent<HTMLFormElement>) {
    // A tag still typed in the box is part of what the organizer means to save.
    if (tags.current?.commit() === false) return event.preventDefault();
    return onSubmit(event);
  }

  const zones = COMMON_TIME_ZONES.includes(timezone) ? COMMON_TIME_ZONES : [timezone, ...COMMON_TIME_ZONES];
  const startInstant = startsAt ? zonedLocalToUtc(startsAt, timezone) : null;
  // After hydration only: the server's time-zone data and the browser's can disagree on an offset
  // (America/Vancouver in December 2026), and the hint must hydrate as the server rendered it.
  const hydrated = useBrowserTimeZone() !== null;
  const offset = hydrated && startInstant ? timeZoneOffsetLabel(startInstant, timezone) : null;

  // method="post": a submit before hydration must not put the fields into the URL.
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-6">
      {formError ? <Alert>{formError}</Alert> : null}

      <Field
        id="title"
        label="Title"
        autoComplete="off"
        counter={{ value: title, max: TITLE_MAX }}
        defaultValue={initial.title}
        error={errors.title?.message}
        {...form.register("title")}
      />

      <div className="flex flex-col gap-1.5">
        <label htmlFor="description" className="text-sm font-medium text-ink">
          Description <span className="font-normal text-ink-muted">(optional)</span>
        </label>
        <textarea
          id="description"
          rows={6}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={idRefs("description-hint description-count", errors.description && "description-error")}
          className={cn(inputClass(!!errors.description), "py-2")}
          defaultValue={initial.description}
          {...form.register("description")}
        />
        <div className="flex items-start justify-between gap-3">
          <p id="description-hint" className="min-w-0 text-sm text-ink-muted">
            Plain text; links become clickable.
          </p>
          <LengthCounter id="description-count" value={description} max={DESCRIPTION_MAX} trim={false} />
        </div>
        {errors.description ? (
          <p id="description-error" className="text-sm font-medium text-danger">
            {errors.description.message}
          </p>
        ) : null}
      </div>

      <fieldset className="flex flex-col gap-4">
        <legend className="mb-3 text-base font-semibold text-ink">When</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            id="starts_at"
            label="Starts"
            type="datetime-local"
            defaultValue={initial.starts_at}
            error={errors.starts_at?.message}
            {...form.register("starts_at")}
          />
          <Field
            id="ends_at"
            label="Ends (optional)"
            type="datetime-local"
            defaultValue={initial.ends_at ?? ""}
            error={errors.ends_at?.message}
            {...form.register("ends_at")}
          />
        </div>
        <div className="flex flex-col gap-1.5">
          <label htmlFor="timezone" className="text-sm font-medium text-ink">
            Time zone
          </label>
          <select
            id="timezone"
            aria-invalid={errors.timezone ? true : undefined}
            aria-describedby={idRefs("timezone-hint", errors.timezone && "timezone-error")}
            className={inputClass(!!errors.timezone)}
            defaultValue={initial.timezone}
            {...form.register("timezone")}
          >
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replace(/_/g, " ")}
              </option>
            ))}
          </select>
          <p id="timezone-hint" className="text-sm text-ink-muted">
            The start and end are in this zone{offset ? ` (${offset} on that day)` : ""}. Guests see the time in their own zone too.
          </p>
          {errors.timezone ? (
            <p id="timezone-error" className="text-sm font-medium text-danger">
              {errors.timezone.message}
            </p>
          ) : null}
        </div>
      </fieldset>

      <Field
        id="location"
        label="Location (optional)"
        autoComplete="off"
        hint="An address, a venue, or a video-call link."
        counter={{ value: location, max: LOCATION_MAX }}
        defaultValue={initial.location}
        error={errors.location?.message}
        {...form.register("location")}
      />

      <Field
        id="max_people"
        label="Capacity (optional)"
        type="number"
        inputMode="numeric"
        min={1}
        step={1}
        hint="Leave empty for no limit. When it is full, new guests join a waitlist and move up as seats free."
        defaultValue={initial.max_people === null || initial.max_people === undefined ? "" : String(initial.max_people)}
        error={firstError(errors.max_people)}
        {...form.register("max_people")}
      />

      <div className="flex flex-col gap-1.5">
        <label htmlFor="plus_ones_max" className="text-sm font-medium text-ink">
          Guests may bring up to
        </label>
        <select
          id="plus_ones_max"
          aria-invalid={errors.plus_ones_max ? true : undefined}
          aria-describedby={idRefs("plus_ones_max-hint", errors.plus_ones_max && "plus_ones_max-error")}
          className={cn(inputClass(!!errors.plus_ones_max), "sm:max-w-xs")}
          defaultValue={String(initial.plus_ones_max ?? 0)}
          {...form.register("plus_ones_max")}
        >
          {Array.from({ length: PLUS_ONES_LIMIT + 1 }, (_, n) => (
            <option key={n} value={String(n)}>
              {n === 0 ? "No extra people" : `${n} extra ${n === 1 ? "person" : "people"}`}
            </option>
          ))}
        </select>
        <p id="plus_ones_max-hint" className="text-sm text-ink-muted">
          Plus-ones: each guest chooses how many people they bring, and everyone counts toward the capacity. Lowering it later keeps the parties already given.
        </p>
        {errors.plus_ones_max ? (
          <p id="plus_ones_max-error" className="text-sm font-medium text-danger">
            {firstError(errors.plus_ones_max)}
          </p>
        ) : null}
      </div>

      <fieldset aria-describedby={errors.is_private ? "privacy-error" : undefined}>
        <legend className="mb-3 text-base font-semibold text-ink">Who can see it</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          {[
            { value: false, id: "privacy-public", title: "Public", body: "Anyone with the link can see it and RSVP. It may be recommended to people who like its tags." },
            { value: true, id: "privacy-private", title: "Private", body: "Only people with your invite link can see it, and you approve each guest." },
          ].map((option) => (
            <label
              key={option.id}
              htmlFor={option.id}
              className={cn(
                "flex cursor-pointer gap-3 rounded-card border p-4 focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-brand",
                privacy.field.value === option.value ? "border-brand bg-brand-soft" : "border-surface-border bg-surface",
              )}
            >
              <input
                id={option.id}
                type="radio"
                name={privacy.field.name}
                className="mt-1 h-5 w-5 shrink-0 accent-brand"
                checked={privacy.field.value === option.value}
                onChange={() => privacy.field.onChange(option.value)}
                onBlur={privacy.field.onBlur}
              />
              <span className="flex flex-col gap-1">
                <span className="font-semibold text-ink">{option.title}</span>
                <span className="text-sm text-ink-muted">
                  {option.body}
                </span>
              </span>
            </label>
          ))}
        </div>
        {errors.is_private ? (
          <p id="privacy-error" className="mt-1.5 text-sm font-medium text-danger">
            {errors.is_private.message}
          </p>
        ) : null}
      </fieldset>

      <fieldset aria-describedby={errors.theme ? "theme-error" : "theme-hint"}>
        <legend className="text-base font-semibold text-ink">Theme</legend>
        <p id="theme-hint" className="mb-3 mt-1 text-sm text-ink-muted">
          The colors of your invitation, your event page and the preview people see when you share the link.
        </p>
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-3">
          {THEME_NAMES.map((name) => (
            <label
              key={name}
              htmlFor={`theme-${name}`}
              className={cn(
                "flex min-h-11 cursor-pointer items-center gap-3 rounded-card border p-2 pr-3 focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-brand",
                theme.field.value === name ? "border-brand bg-brand-soft" : "border-surface-border bg-surface",
              )}
            >
              <input
                id={`theme-${name}`}
                type="radio"
                name={theme.field.name}
                className="sr-only"
                checked={theme.field.value === name}
                onChange={() => theme.field.onChange(name)}
                onBlur={theme.field.onBlur}
              />
              <span aria-hidden="true" className="h-9 w-12 shrink-0 rounded-control" style={{ backgroundImage: themeGradient(name) }} />
              <span className="font-medium text-ink">{EVENT_THEMES[name].label}</span>
              {theme.field.value === name ? <span aria-hidden="true" className="ml-auto text-brand">✓</span> : null}
            </label>
          ))}
        </div>
        {errors.theme ? (
          <p id="theme-error" className="mt-1.5 text-sm font-medium text-danger">
            {errors.theme.message}
          </p>
        ) : null}
      </fieldset>

      <TagInput
        id="tags"
        label="Tags (optional)"
        max={TAGS_MAX}
        check={checkTag}
        hint="Type a tag and press Enter or a comma, like music or outdoors. They help people find public events."
        value={(tagsField.field.value as string[] | undefined) ?? []}
        onChange={tagsField.field.onChange}
        onBlur={tagsField.field.onBlur}
        inputRef={tagsField.field.ref}
        ref={tags}
        error={firstError(errors.tags)}
      />

      <QuestionsEditor form={form} />

      <div className="flex flex-col-reverse gap-3 border-t border-surface-border pt-6 sm:flex-row sm:items-center sm:justify-end">
        <Link
          href={cancelHref}
          className="inline-flex min-h-11 items-center justify-center rounded-control px-4 font-medium text-ink hover:bg-surface-sunken"
        >
          Cancel
        </Link>
        <Button type="submit" pending={pending}>
          {mode === "edit" ? "Save changes" : "Create event"}
        </Button>
      </div>
    </form>
  );
}
