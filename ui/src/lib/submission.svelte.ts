// The shape every dialog form shares: one submit at a time (the button is disabled while the core
// works), the core's refusal shown in the dialog as its Japanese message, the dialog left open.

import { errorMessage } from "./errors";

export class Submission {
  busy = $state(false);
  error = $state("");

  /**
   * A form's `onsubmit`: runs `work` unless a submit is already running (or `blocked` says the
   * form is not ready). What `work` throws becomes `error`; a string it returns is shown as the
   * error too (a required field left blank), without anything sent.
   */
  handler(work: () => Promise<string | void>, blocked: () => boolean = () => false) {
    return async (e: SubmitEvent) => {
      e.preventDefault();
      if (this.busy || blocked()) return;
      this.error = "";
      this.busy = true;
      try {
        const refusal = await work();
        if (refusal) this.error = refusal;
      } catch (err) {
        this.error = errorMessage(err);
      } finally {
        this.busy = false;
      }
    };
  }
}

/**
 * Enter submits the form from a control that does not do it by itself (a checkbox, a select);
 * with `ctrl`, only Ctrl+Enter does (a textarea, where Enter makes a new line).
 */
export function submitOnEnter(e: KeyboardEvent, { ctrl = false }: { ctrl?: boolean } = {}): void {
  if (e.key !== "Enter" || e.isComposing || (ctrl && !e.ctrlKey)) return;
  e.preventDefault();
  (e.currentTarget as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement).form?.requestSubmit();
}
