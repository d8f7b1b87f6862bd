"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm, type DefaultValues, type FieldValues, type Path } from "react-hook-form";
import type { z } from "zod";

type Failure = { ok: false; message: string; fieldErrors?: Record<string, string[]>; retryAfter?: number };
type Result = { ok: true; data: unknown } | Failure;

/**
 * react-hook-form validated by the same zod schema the server uses, submitting to a server action.
 * Server-side field errors land beside their fields; anything else becomes the form's message.
 */
export function useActionForm<S extends z.ZodType<FieldValues, FieldValues>, R extends Result>(
  schema: S,
  action: (values: z.output<S>) => Promise<R | undefined | void>,
  defaultValues?: DefaultValues<z.input<S>>,
) {
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver: zodResolver(schema as never),
    defaultValues,
    mode: "onTouched",
  });
  const [formError, setFormError] = useState<string | null>(null);
  const [result, setResult] = useState<R | null>(null);

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    const outcome = await action(values);
    if (!outcome) return; // the action redirected
    setResult(outcome);
    if (outcome.ok) return;
    const failure = outcome as Failure;
    let placed = false;
    for (const [name, messages] of Object.entries(failure.fieldErrors ?? {})) {
      if (name && messages[0] && name in (form.getValues() as object)) {
        form.setError(name as Path<z.input<S>>, { message: messages[0] }, { shouldFocus: !placed });
        placed = true;
      }
    }
    if (!placed) setFormError(failure.message);
  });

  return { form, onSubmit, formError, result, pending: form.formState.isSubmitting };
}
