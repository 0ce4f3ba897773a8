import "./app.css";
import { mount } from "svelte";
import App from "./App.svelte";
import { isTauri, setBackend } from "./lib/api";
import { login, navigate, app } from "./lib/app.svelte";

async function start() {
  const params = new URLSearchParams(location.search);
  // Demo mode for a plain browser (design review, screenshots): never inside Tauri.
  if (!isTauri() && params.has("mock")) {
    const { createDemoBackend } = await import("./lib/mock");
    setBackend(createDemoBackend());
    // ?mock&as=admin:password&open=household:101 — log straight in for screenshots.
    const as = params.get("as");
    if (as) {
      const [user, pw] = as.split(":");
      await login(user, pw ?? "midori-Demo-26").catch(() => undefined);
      const open = params.get("open");
      if (open && app.session) {
        const [name, id] = open.split(":");
        const tab = params.get("tab") as never;
        if (name === "household") navigate({ name: "household", id: Number(id), tab: tab ?? undefined }, { replace: true });
        else if (name === "decision") navigate({ name: "decision", id: Number(id) }, { replace: true });
        else if (name === "preview") navigate({ name: "preview", jobId: Number(id) }, { replace: true });
        else if (["users", "office", "audit", "password", "print", "inbox", "bulk", "rates"].includes(name))
          navigate({ name } as never, { replace: true });
      }
      if (params.has("locked")) app.locked = true;
    }
  }
  mount(App, { target: document.getElementById("app")! });
}

void start();
