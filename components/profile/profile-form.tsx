"use client";

import { useEffect, useRef, type FormEvent } from "react";
import { useController, useWatch, type FieldError } from "react-hook-form";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { cn, idRefs } from "@/components/ui/cn";
import { Alert, Field } from "@/components/ui/field";
import { LengthCounter } from "@/components/ui/length-counter";
import { updateProfileAction } from "@/lib/profiles/actions";
import { DISPLAY_NAME_MAX } from "@/lib/auth/schema";
import { BIO_MAX, favoriteSchema, FAVORITES_MAX, profileFormSchema, USERNAME_MAX, type ProfileFormInput } from "@/lib/profiles/schema";
import { TagInput, type TagCheck, type TagInputHandle } from "./tag-input";

function checkFavorite(raw: string): TagCheck {
  const parsed = favoriteSchema.safeParse(raw);
  return parsed.success ? { tag: parsed.data } : { error: parsed.error.issues[0]?.message ?? "That category is not valid." };
}

/** The list's own error (e.g. too many) or the first of its items' errors. */
function favoritesError(error: unknown): string | undefined {
  if (!error || typeof error !== "object") return undefined;
  const own = (error as FieldError).message;
  if (own) return own;
  return Object.values(error as Record<string, FieldError | undefined>).find((e) => e?.message)?.message;
}

export function ProfileForm({ initial }: { initial: ProfileFormInput }) {
  const { form, onSubmit, formError, result, pending } = useActionForm(profileFormSchema, updateProfileAction, initial);
  const { errors, isDirty } = form.formState;
  const favorites = useController({ control: form.control, name: "favorites" });
  const displayName = useWatch({ control: form.control, name: "display_name" }) ?? "";
  const username = useWatch({ control: form.control, name: "username" }) ?? "";
  const bio = useWatch({ control: form.control, name: "bio" }) ?? "";
  const tags = useRef<TagInputHandle>(null);

  // A category still typed in the box is part of what the user means to save.
  function submit(event: FormEvent<HTMLFormElement>) {
    if (tags.current?.commit() === false) return event.preventDefault();
    return onSubmit(event);
  }

  // Show what the server stored (trimmed, lower-cased, without duplicates) as the new baseline.
  useEffect(() => {
    if (result?.ok) form.reset({ display_name: result.data.display_name ?? "", username: result.data.username ?? "", bio: result.data.bio, favorites: result.data.favorites });
  }, [result, form]);

  // method="post": a submit before hydration must not put the fields into the URL.
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-5">
      {formError ? <Alert>{formError}</Alert> : null}
      {result?.ok && !isDirty ? <Alert tone="success">Profile saved.</Alert> : null}
      <Field
        id="display_name"
        label="Name"
        autoComplete="name"
        hint="How hosts and guests see you. Leave it empty to show your username."
        counter={{ value: displayName, max: DISPLAY_NAME_MAX }}
        defaultValue={initial.display_name}
        error={errors.display_name?.message}
        {...form.register("display_name")}
      />
      <Field
        id="username"
        label="Username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        hint="3 to 30 characters: letters, digits, _ . and -."
        counter={{ value: username, max: USERNAME_MAX }}
        // In the server-rendered HTML too: react-hook-form fills registered fields only once hydrated.
        defaultValue={initial.username}
        error={errors.username?.message}
        {...form.register("username")}
      />
      <div className="flex flex-col gap-1.5">
        <label htmlFor="bio" className="text-sm font-medium text-ink">
          Bio
        </label>
        <textarea
          id="bio"
          rows={4}
          aria-invalid={errors.bio ? true : undefined}
          aria-describedby={idRefs("bio-count", errors.bio && "bio-error")}
          className={cn(
            "w-full rounded-control border bg-surface px-3 py-2 text-base text-ink placeholder:text-ink-subtle",
            errors.bio ? "border-danger" : "border-surface-border",
          )}
          placeholder="A line or two about you and the events you like."
          defaultValue={initial.bio}
          {...form.register("bio")}
        />
        <LengthCounter id="bio-count" value={bio} max={BIO_MAX} className="self-end" />
        {errors.bio ? (
          <p id="bio-error" className="text-sm font-medium text-danger">
            {errors.bio.message}
          </p>
        ) : null}
      </div>
      <TagInput
        id="favorites"
        label="Favorite categories"
        noun={["category", "categories"]}
        max={FAVORITES_MAX}
        check={checkFavorite}
        hint="Type a category and press Enter or a comma. We recommend events with these tags."
        value={favorites.field.value ?? []}
        onChange={favorites.field.onChange}
        onBlur={favorites.field.onBlur}
        inputRef={favorites.field.ref}
        ref={tags}
        error={favoritesError(errors.favorites)}
      />
      <Button type="submit" pending={pending} className="self-start">
        Save profile
      </Button>
    </form>
  );
}
