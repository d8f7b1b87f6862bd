"use client";

import { useWatch } from "react-hook-form";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Alert, Field } from "@/components/ui/field";
import { chooseUsernameAction } from "@/lib/profiles/actions";
import { USERNAME_MAX, usernameOnlySchema } from "@/lib/profiles/schema";

/** /welcome: on success the action sends the browser on to `next`. */
export function UsernameForm({ next }: { next: string }) {
  const { form, onSubmit, formError, pending } = useActionForm(usernameOnlySchema, (v) => chooseUsernameAction({ ...v, next }), {
    username: "",
  });
  const { errors } = form.formState;
  const username = useWatch({ control: form.control, name: "username" }) ?? "";
  // method="post": a submit before hydration must not put the fields into the URL.
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {formError ? <Alert>{formError}</Alert> : null}
      <Field
        id="username"
        label="Username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        hint="3 to 30 characters: letters, digits, _ . and -. Others see it on events and your profile."
        counter={{ value: username, max: USERNAME_MAX }}
        error={errors.username?.message}
        {...form.register("username")}
      />
      <Button type="submit" pending={pending}>
        Continue
      </Button>
    </form>
  );
}
