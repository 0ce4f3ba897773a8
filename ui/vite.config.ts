import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";
import { readFileSync } from "node:fs";
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

export default defineConfig({
  plugins: [svelte(), svelteTesting(), fontLicence()],
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
    // the fonts are referenced from ../assets/fonts, not copied into ui/
    fs: { allow: [repoRoot] },
    watch: { ignored: ["**/src-tauri/**", "**/target/**"] },
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
  },
});
