// Per test file: a development bridge of its own on a copy of the seeded database (reset to a
// fresh copy by freshApp before each test that asks for one).

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, inject } from "vitest";
import { startBridge, type RunningBridge } from "./bridge";

export const core: { bridge: RunningBridge | null } = { bridge: null };
let work = "";

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "madoguchi-ui-file-"));
  core.bridge = await startBridge(inject("coreTemplate"), work);
});

afterAll(async () => {
  await core.bridge?.stop();
  core.bridge = null;
  rmSync(work, { recursive: true, force: true });
});
