"use client";

import { Link } from "@/components/ui/link";
import { useEffect, useState } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Alert, Field } from "@/components/ui/field";
import {
  forgotPasswordAction,
  magicLinkAction,
  resendCodeAction,
  resetPasswordAction,
  signInAction,
  signUpAction,
  verifyAction,
} from "@/lib/auth/actions";
import { emailOnlySchema, resetPasswordSchema, signInSchema, signUpSchema, verifySchema } from "@/lib/auth/schema";
import { textLink } from "@/components/ui/text-link";

export function SignUpForm({ next }: { next: string }) {
  const { form, onSubmit, formError, pending } = useActionForm(signUpSchema, (v) => signUpAction({ ...v, next }));
  const { errors } = form.formState;
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {formError ? <Alert>{formError}</Alert> : null}
      <Field id="email" label="Email" type="email" autoComplete="email" inputMode="email" error={errors.email?.message} {...form.register("email")} />
      <Field
        id="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        hint="8 to 128 characters."
        error={errors.password?.message}
        {...form.register("password")}
      />
      <Button type="submit" pending={pending}>
        Create account
      </Button>
      <p className="text-sm text-ink-muted">
        Already have an account?{" "}
        <Link className={textLink} href={`/login?next=${encodeURIComponent(next)}`}>
          Sign in
        </Link>
      </p>
    </form>
  );
}

/** Counts down the resend cooldown; the server enforces it too. */
function useCountdown(initial: number) {
  const [left, setLeft] = useState(initial);
  useEffect(() => {
    if (left <= 0) return;
    const timer = setTimeout(() => setLeft((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [left]);
  return [left, setLeft] as const;
}

export function VerifyForm({ email, next }: { email: string; next: string }) {
  const { form, onSubmit, formError, pending } = useActionForm(verifySchema, (v) => verifyAction({ ...v, next }), { email, code: "" });
  const { errors } = form.formState;
  const [left, setLeft] = useCountdown(60);
  const [resendNote, setResendNote] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [resending, setResending] = useState(false);

  async function resend() {
    setResending(true);
    const result = await resendCodeAction({ email: form.getValues("email") });
    setResending(false);
    if (result.ok) {
      setResendNote({ tone: "success", text: "A new code is on its way. Check your inbox." });
      setLeft(60);
    } else {
      setResendNote({ tone: "error", text: result.message });
      if (result.retryAfter) setLeft(result.retryAfter);
    }
  }

  return (
    <div className="flex flex-col gap-4">
      <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        {formError ? <Alert>{formError}</Alert> : null}
        {email ? (
          <input type="hidden" {...form.register("email")} />
        ) : (
          <Field id="email" label="Email" type="email" autoComplete="email" error={errors.email?.message} {...form.register("email")} />
        )}
        <Field
          id="code"
          label="6-digit code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          hint="It is valid for 10 minutes."
          error={errors.code?.message}
          {...form.register("code")}
        />
        <Button type="submit" pending={pending}>
          Verify email
        </Button>
      </form>
      <div className="flex flex-col gap-2 border-t border-surface-border pt-4">
        {resendNote ? <Alert tone={resendNote.tone}>{resendNote.text}</Alert> : null}
        <Button variant="secondary" onClick={resend} disabled={left > 0} pending={resending}>
          {left > 0 ? `Resend code (${left} s)` : "Resend code"}
        </Button>
      </div>
    </div>
  );
}

export function SignInForm({ next }: { next: string }) {
  const { form, onSubmit, formError, pending } = useActionForm(signInSchema, (v) => signInAction({ ...v, next }));
  const { errors } = form.formState;
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {formError ? <Alert>{formError}</Alert> : null}
      <Field id="email" label="Email" type="email" autoComplete="email" inputMode="email" error={errors.email?.message} {...form.register("email")} />
      <Field id="password" label="Password" type="password" autoComplete="current-password" error={errors.password?.message} {...form.register("password")} />
      <Button type="submit" pending={pending}>
        Sign in
      </Button>
      <p className="flex flex-wrap justify-between gap-2 text-sm">
        <Link className={textLink} href="/forgot-password">
          Forgot password?
        </Link>
        <Link className={textLink} href={`/signup?next=${encodeURIComponent(next)}`}>
          Create an account
        </Link>
      </p>
    </form>
  );
}

export function MagicLinkForm({ next }: { next: string }) {
  const { form, onSubmit, formError, pending } = useActionForm(emailOnlySchema, (v) => magicLinkAction({ ...v, next }));
  const { errors } = form.formState;
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {formError ? <Alert>{formError}</Alert> : null}
      <Field id="magic-email" label="Email for a sign-in link" type="email" autoComplete="email" inputMode="email" error={errors.email?.message} {...form.register("email")} />
      <Button type="submit" variant="secondary" pending={pending}>
        Email me a sign-in link
      </Button>
    </form>
  );
}

export function ForgotPasswordForm() {
  const { form, onSubmit, formError, pending } = useActionForm(emailOnlySchema, (v) => forgotPasswordAction(v));
  const { errors } = form.formState;
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {formError ? <Alert>{formError}</Alert> : null}
      <Field id="email" label="Email" type="email" autoComplete="email" inputMode="email" error={errors.email?.message} {...form.register("email")} />
      <Button type="submit" pending={pending}>
        Send a reset code
      </Button>
    </form>
  );
}

export function ResetPasswordForm({ email }: { email: string }) {
  const { form, onSubmit, formError, pending } = useActionForm(resetPasswordSchema, (v) => resetPasswordAction(v), {
    email,
    code: "",
    password: "",
  });
  const { errors } = form.formState;
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {formError ? <Alert>{formError}</Alert> : null}
      <Field id="email" label="Email" type="email" autoComplete="email" error={errors.email?.message} {...form.register("email")} />
      <Field id="code" label="6-digit code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} error={errors.code?.message} {...form.register("code")} />
      <Field
        id="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="8 to 128 characters. You will be signed out everywhere else."
        error={errors.password?.message}
        {...form.register("password")}
      />
      <Button type="submit" pending={pending}>
        Set new password
      </Button>
    </form>
  );
}
