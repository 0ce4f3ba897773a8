import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";
import { createReadStream, readdirSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

const uiRoot = fileURLToPath(new URL(".", import.meta.url));
const repoRoot = resolve(uiRoot, "..");
const fontDir = resolve(repoRoot, "assets/fonts");

/** The IPA Font licence must travel with the bundled font file. */
function fontLicence(): Plugin {
  return {
    name: "madoguchi-font-licence",
    apply: "build",
    generateBundle() {
      this.emitFile({
        type: "asset",
        fileName: "fonts/IPA_Font_License_Agreement_v1.0.txt",
        source: readFileSync(resolve(fontDir, "IPA_Font_License_Agreement_v1.0.txt")),
      });
    },
  };
}

/**
 * pdf.js data files, from the pdfjs-dist package, at /pdfjs/<dir>/ — copied into dist/ on build,
 * served from node_modules in dev — so the preview works offline inside the WebView (no CDN).
 * See src/lib/pdf/pdfjs.ts.
 */
const PDFJS_DIRS = ["cmaps", "standard_fonts"];
function pdfjsAssets(): Plugin {
  const pkg = resolve(uiRoot, "node_modules/pdfjs-dist");
  return {
    name: "madoguchi-pdfjs-assets",
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const m = /^\/pdfjs\/([a-z_]+)\/([A-Za-z0-9._-]+)$/.exec((req.url ?? "").split("?")[0]);
        if (!m || !PDFJS_DIRS.includes(m[1])) return next();
        const file = resolve(pkg, m[1], m[2]);
        try {
          if (!statSync(file).isFile()) return next();
        } catch {
          return next();
        }
        res.setHeader("Content-Type", "application/octet-stream");
        createReadStream(file).pipe(res);
      });
    },
    generateBundle() {
      for (const dir of PDFJS_DIRS) {
        for (const name of readdirSync(resolve(pkg, dir))) {
          this.emitFile({ type: "asset", fileName: `pdfjs/${dir}/${name}`, source: readFileSync(resolve(pkg, dir, name)) });
        }
      }
    },
  };
}

export default defineConfig({
  plugins: [svelte(), svelteTesting(), fontLicence(), pdfjsAssets()],
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
    // the fonts are referenced from ../assets/fonts, not copied into ui/
    fs: { allow: [repoRoot] },
    watch: { ignored: ["**/src-tauri/**", "**/target/**"] },
    // Browser development mode (make dev): the real core through madoguchi-dev-rpc; the token
    // stays here, the page only sees /__dev_rpc.
    proxy: process.env.MADOGUCHI_DEV_RPC_URL
      ? {
          "/__dev_rpc": {
            target: process.env.MADOGUCHI_DEV_RPC_URL,
            rewrite: (p) => p.replace(/^\/__dev_rpc/, ""),
            headers: { "x-madoguchi-token": process.env.MADOGUCHI_DEV_RPC_TOKEN ?? "" },
          },
        }
      : undefined,
  },
  preview: { port: 4173, strictPort: true },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // fonts stay separate files, never inlined
    assetsInlineLimit: 0,
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
    // The real core behind every screen: one seeded office (global setup), a development
    // bridge per test file (setup file). See src/test/bridge.ts.
    globalSetup: ["src/test/globalSetup.ts"],
    setupFiles: ["src/test/setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 120_000,
  },
});
