// A form's error, placed where the clerk looks: the core names the field it refuses (`field` of
// its error), and the form shows the message right under that field (a <FieldError> for it);
// a message no field on the form takes, or one about the whole form, shows in the form's alert.

import { errorField, errorMessage } from "./errors";

export class FormError {
  message = $state("");
  field = $state<string | null>(null);
  /** Fields this form shows an error under (registered by each <FieldError>). */
  private readonly slots = new Set<string>();

  /** The error of a refused call. */
  set(e: unknown): void {
    this.message = errorMessage(e);
    this.field = errorField(e);
  }

  /** A message of the form itself (a required field left blank), under `field` when given. */
  say(message: string, field: string | null = null): void {
    this.message = message;
    this.field = field;
  }

  clear(): void {
    this.message = "";
    this.field = null;
  }

  /** Called by <FieldError field=…>: the form shows `field`'s errors there. */
  claim(field: string): void {
    this.slots.add(field);
  }

  /** The message to show under `field` ("" if the error is not about it). */
  at(field: string): string {
    return this.field === field ? this.message : "";
  }

  /** The message for the form's own alert: any error no <FieldError> of this form shows. */
  get general(): string {
    return this.field !== null && this.slots.has(this.field) ? "" : this.message;
  }
}
