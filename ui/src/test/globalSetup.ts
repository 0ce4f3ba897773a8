// Vitest global setup: one seeded office database, built through the real core (seed.ts), that
// every test file copies. See bridge.ts for the development bridge.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { initOffice, startBridge } from "./bridge";
import { PASSWORD, seed, type Fixture } from "./seed";

declare module "vitest" {
  export interface ProvidedContext {
    coreTemplate: string;
    coreFixture: Fixture;
  }
}

export default async function setup(project: TestProject) {
  const root = mkdtempSync(join(tmpdir(), "madoguchi-ui-"));
  initOffice(join(root, "init"), PASSWORD);
  const b = await startBridge(join(root, "init", "office.db"), join(root, "seed"));
  let fixture: Fixture;
  try {
    fixture = await seed(b.url, b.token);
  } finally {
    await b.stop();
  }
  project.provide("coreTemplate", join(root, "seed", "db-1", "office.db"));
  project.provide("coreFixture", fixture);
  return () => rmSync(root, { recursive: true, force: true });
}
