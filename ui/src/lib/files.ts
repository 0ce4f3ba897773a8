// Reading a file the user picked (a CSV to import): the text goes to the core, which parses it.

/** The text of a picked file, read as UTF-8. */
export function readText(f: File): Promise<string> {
  return new Promise((ok, fail) => {
    const r = new FileReader();
    r.onload = () => ok(String(r.result ?? ""));
    r.onerror = () => fail(r.error);
    r.readAsText(f, "utf-8");
  });
}
