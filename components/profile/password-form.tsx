"use client";

import { useEffect } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Alert, Field } from "@/components/ui/field";
import { setPasswordAction } from "@/lib/auth/actions";
import { addPasswordSchema, changePasswordSchema } from "@/lib/auth/schema";

/**
 * Profile → Password. An account made by an emailed code has none: it can add one (and still sign in
 * with codes). With a password, changing it needs the current one and signs out every other device.
 */
export function PasswordForm({ hasPassword }: { hasPassword: boolean }) {
  return hasPassword ? <ChangePassword /> : <AddPassword />;
}

function AddPassword() {
  const { form, onSubmit, formError, result, pending } = useActionForm(addPasswordSchema, setPasswordAction, { password: "" });
  const { errors } = form.formState;
  if (result?.ok) return <Alert tone="success">Password added. You can sign in with it, or with an emailed code as before.</Alert>;
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <p className="text-ink-muted">You sign in with a code we email you. Add a password to sign in with it too.</p>
      {formError ? <Alert>{formError}</Alert> : null}
      <Field id="new-password" label="New password" type="password" autoComplete="new-password" hint="8 to 128 characters." error={errors.password?.message} {...form.register("password")} />
      <Button type="submit" pending={pending} className="self-start">
        Add password
      </Button>
    </form>
  );
}

function ChangePassword() {
  const { form, onSubmit, formError, result, pending } = useActionForm(changePasswordSchema, setPasswordAction, { current_password: "", password: "" });
  const { errors, isSubmitSuccessful } = form.formState;
  // Passwords do not stay in the fields once saved.
  useEffect(() => {
    if (result?.ok) form.reset({ current_password: "", password: "" }, { keepIsSubmitSuccessful: true });
  }, [result, form]);
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {formError ? <Alert>{formError}</Alert> : null}
      {result?.ok && isSubmitSuccessful ? <Alert tone="success">Password changed. Your other devices are signed out.</Alert> : null}
      <Field
        id="current-password"
        label="Current password"
        type="password"
        autoComplete="current-password"
        error={errors.current_password?.message}
        {...form.register("current_password")}
      />
      <Field
        id="new-password"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="8 to 128 characters. Other devices will be signed out."
        error={errors.password?.message}
        {...form.register("password")}
      />
      <Button type="submit" pending={pending} className="self-start">
        Change password
      </Button>
    </form>
  );
}
