import "./app.css";
import { mount } from "svelte";
import App from "./App.svelte";
import { isTauri, setBackend } from "./lib/api";
import { login, navigate, app } from "./lib/app.svelte";

async function start() {
  // Browser development mode (`make dev`): the real core through the development bridge, which
  // the Vite dev server proxies at /__dev_rpc (it adds the bridge's token). Never in a build:
  // import.meta.env.DEV is false there and this branch is dropped.
  if (import.meta.env.DEV && !isTauri()) {
    const { bridgeBackend } = await import("./lib/devBridge");
    setBackend(bridgeBackend("/__dev_rpc"));
    const params = new URLSearchParams(location.search);
    // ?as=user:password&open=household:101 — log straight in (screenshots, design review).
    const as = params.get("as");
    if (as) {
      const [user, pw] = as.split(":");
      await login(user, pw ?? "").catch(() => undefined);
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
    }
  }
  mount(App, { target: document.getElementById("app")! });
}

void start();
