// A minimal W3C WebDriver client (Node 20 fetch, no dependencies), enough for tauri-driver +
// WebKitWebDriver.

export const STEP_TIMEOUT_MS = 30_000; // each wait for an element after the app is up
const REQUEST_TIMEOUT_MS = 30_000;
export const WEB_ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
export const KEY_ENTER = "\uE007";

const t0 = Date.now();
export const log = (msg) => console.log(`[e2e +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// minimal W3C WebDriver client

export class WebDriverError extends Error {
  constructor(method, url, status, value) {
    super(`${method} ${url} → HTTP ${status}: ${value?.error ?? ""} ${value?.message ?? JSON.stringify(value)}`);
    this.error = value?.error;
  }
}

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async create(base, capabilities, timeoutMs) {
    const value = await request(base, "POST", "/session", { capabilities }, timeoutMs);
    if (!value?.sessionId) throw new Error(`no sessionId in new-session response: ${JSON.stringify(value)}`);
    return new Session(base, value.sessionId);
  }

  cmd(method, p, body, timeoutMs = REQUEST_TIMEOUT_MS) {
    return request(this.base, method, `/session/${this.id}${p}`, body, timeoutMs);
  }

  async find(css) {
    try {
      const v = await this.cmd("POST", "/element", { using: "css selector", value: css });
      return v[WEB_ELEMENT];
    } catch (e) {
      if (e.error === "no such element") return null;
      throw e;
    }
  }

  async findAll(css) {
    const v = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return v.map((el) => el[WEB_ELEMENT]);
  }

  async waitFor(css, timeoutMs = STEP_TIMEOUT_MS, what = css) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const el = await this.find(css);
      if (el && (await this.displayed(el))) return el;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
      await sleep(250);
    }
  }

  async displayed(el) {
    try {
      return Boolean(await this.cmd("GET", `/element/${el}/displayed`));
    } catch (e) {
      if (e.error === "stale element reference" || e.error === "unknown command") return true;
      throw e;
    }
  }

  click(el) {
    return this.cmd("POST", `/element/${el}/click`, {});
  }

  clear(el) {
    return this.cmd("POST", `/element/${el}/clear`, {});
  }

  sendKeys(el, text) {
    return this.cmd("POST", `/element/${el}/value`, { text });
  }

  text(el) {
    return this.cmd("GET", `/element/${el}/text`);
  }

  property(el, name) {
    return this.cmd("GET", `/element/${el}/property/${name}`);
  }

  exec(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  screenshot() {
    return this.cmd("GET", "/screenshot");
  }

  delete() {
    return request(this.base, "DELETE", `/session/${this.id}`, undefined, 15_000);
  }

  // Types text into an input. WebKitWebDriver synthesises key events per character; should the
  // field not end up holding the text (e.g. kana without a keyboard mapping), set the value the
  // way an IME commit would and fire `input`, which is what the UI's bindings listen to.
  async type(el, text) {
    await this.clear(el).catch(() => {});
    await this.sendKeys(el, text);
    const value = await this.property(el, "value").catch(() => null);
    if (value !== text) {
      log(`typed value is ${JSON.stringify(value)}, expected ${JSON.stringify(text)}: setting it via script`);
      await this.exec(
        `const [el, text] = arguments;
         const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), "value").set;
         setter.call(el, text);
         el.dispatchEvent(new InputEvent("input", { bubbles: true, data: text, inputType: "insertText" }));
         el.dispatchEvent(new Event("change", { bubbles: true }));`,
        [{ [WEB_ELEMENT]: el }, text],
      );
    }
  }
}

export async function request(base, method, p, body, timeoutMs) {
  const url = `${base}${p}`;
  let res;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json; charset=utf-8" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new Error(`${method} ${url} failed: ${e.name === "TimeoutError" ? `no answer in ${timeoutMs / 1000} s` : e.message}`);
  }
  const raw = await res.text();
  let json;
  try {
    json = raw ? JSON.parse(raw) : {};
  } catch {
    throw new Error(`${method} ${url} → HTTP ${res.status}, not JSON: ${raw.slice(0, 500)}`);
  }
  if (!res.ok || (json.value && typeof json.value === "object" && "error" in json.value && json.value.error)) {
    throw new WebDriverError(method, url, res.status, json.value);
  }
  return json.value;
}
