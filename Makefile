# 窓口 Madoguchi — build, run and test.
#   make run    … 不足分をインストールし、ビルドして、デモ用データベースでアプリを起動
#                 installs what is missing, builds, opens the app on a demo database
#   make test   … 不足分をインストールし、すべてのテストを実行
#                 installs what is missing, runs every test
# GNU make. Recipes use tabs.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# cargo installed by rustup lives in ~/.cargo/bin, which a non-login shell may not have on PATH.
export PATH := $(HOME)/.cargo/bin:$(PATH)

CARGO    ?= cargo
NPM      ?= npm
DEMO_DB  := demo-data/demo.db
CLI_BIN  := target/debug/madoguchi
APP_BIN  := target/debug/madoguchi-app
DEMO_USER     := demo
DEMO_PASSWORD := madoguchi-demo
DEMO_QUERY    ?= 見本

# The UI is rebuilt only when one of its sources is newer than ui/dist/index.html.
UI_SRC := $(shell find ui/src ui/public -type f 2>/dev/null) \
          $(wildcard ui/index.html ui/package.json ui/package-lock.json ui/vite.config.* \
                     ui/svelte.config.* ui/tsconfig*.json)

.PHONY: help setup ui app cli demo-db run demo dev dev-rpc test test-rust lint bindings test-ui test-e2e bench bench-kdf clean package package-deb test-package

help:
	@echo "make run       ビルドしてデモ用データベースでアプリを起動 / build and open the app on a demo database"
	@echo "make test      すべてのテストを実行 / run every test"
	@echo "make demo      画面なしでデモを表示 / headless demo (CLI search on the demo database)"
	@echo "make setup     不足している依存をインストール / install missing dependencies"
	@echo "make bindings  RPC 一覧から TypeScript の型と docs/commands.md の表を作り直す / regenerate bindings from the RPC list"
	@echo "make dev       ブラウザで画面を実際のコアに接続して開発 / browser dev mode on the real core"
	@echo "make package   インストール用 .deb を作成し、クリーンな Debian に入れて試す / build the .deb and test it on a clean root"
	@echo "make ui | app | cli | demo-db | test-rust | lint | test-ui | test-e2e | bench | bench-kdf | clean"

setup:
	@installer/setup-debian.sh

# --- build -------------------------------------------------------------------------------------

ui: ui/dist/index.html

ui/dist/index.html: $(UI_SRC) | setup
	cd ui && $(NPM) run build
	@touch $@

# custom-protocol: the debug binary serves the embedded ui/dist instead of the dev server, so no
# tauri-cli is needed. (src-tauri/build.rs watches ui/dist, so a rebuilt UI re-embeds.)
app: ui
	$(CARGO) build -p madoguchi-app --features custom-protocol

cli: setup
	$(CARGO) build -p madoguchi

demo-db: cli
	@if [ ! -f $(DEMO_DB) ]; then \
	  mkdir -p $(dir $(DEMO_DB)); \
	  echo "デモ用データベースを作成します: $(DEMO_DB) / creating the demo database: $(DEMO_DB)"; \
	  $(CLI_BIN) --db $(DEMO_DB) demo; \
	fi

# --- run ---------------------------------------------------------------------------------------

run: setup ui app cli demo-db
	@if [ -z "$${DISPLAY:-}" ] && [ -z "$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "画面（DISPLAY / WAYLAND_DISPLAY）がないため、アプリを起動できません。画面なしのデモは make demo をどうぞ。"; \
	  echo "No display (DISPLAY / WAYLAND_DISPLAY is not set), so the app cannot open. For a headless demo run: make demo"; \
	  exit 0; \
	fi; \
	echo "ログイン: ユーザー $(DEMO_USER) / パスワード $(DEMO_PASSWORD)（試用専用 — 実データには使わないこと）"; \
	echo "Login: user $(DEMO_USER) / password $(DEMO_PASSWORD) (for trying only, never for real data)"; \
	MADOGUCHI_DB="$(CURDIR)/$(DEMO_DB)" $(APP_BIN)

demo: demo-db
	@echo "デモ: $(DEMO_DB) で「$(DEMO_QUERY)」を検索します / demo: searching \"$(DEMO_QUERY)\" in $(DEMO_DB)"
	@echo "\$$ MADOGUCHI_PASSWORD=$(DEMO_PASSWORD) $(CLI_BIN) --db $(DEMO_DB) --user $(DEMO_USER) search $(DEMO_QUERY)"
	@MADOGUCHI_PASSWORD=$(DEMO_PASSWORD) $(CLI_BIN) --db $(DEMO_DB) --user $(DEMO_USER) search $(DEMO_QUERY)

# --- test --------------------------------------------------------------------------------------

test: setup
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-rust
	$(MAKE) --no-print-directory test-ui
	$(MAKE) --no-print-directory test-e2e

# The shell crate (src-tauri) has no tests of its own — its one command is tested in the core
# (tests/rpc.rs) — and `make app` plus the e2e test build and drive it; testing only the core here
# avoids compiling Tauri twice with different features. madoguchi-sim (tools/, a test tool that
# is not shipped) carries the exchange round-trip tests against the simulated server.
test-rust: setup
	$(CARGO) test -p madoguchi -p madoguchi-sim

# Formatting, lints and the UI's type check. (The bindings' drift check is tests/bindings.rs,
# part of test-rust.)
lint: setup
	$(CARGO) fmt --all --check
	$(CARGO) clippy -p madoguchi -p madoguchi-dev-rpc -p madoguchi-sim --all-targets -- -D warnings
	cd ui && $(NPM) run check

# Rewrite ui/src/lib/bindings/ and the method table of docs/commands.md from src/service/rpc.rs.
bindings: setup
	MADOGUCHI_WRITE_BINDINGS=1 $(CARGO) test -p madoguchi --test bindings

# The screens run on the real core through the development bridge (dev-rpc/, never shipped):
# built here, started by the Vitest setup (ui/src/test/).
DEV_RPC_BIN := target/debug/madoguchi-dev-rpc

# The UI tests also drive the simulated intermediate server (tools/madoguchi-sim).
dev-rpc: setup
	$(CARGO) build -p madoguchi-dev-rpc -p madoguchi-sim

test-ui: dev-rpc
	cd ui && MADOGUCHI_DEV_RPC="$(CURDIR)/$(DEV_RPC_BIN)" $(NPM) test

# Browser development mode on the real core: the bridge serves a copy of the demo database, the
# Vite dev server proxies /__dev_rpc to it (log in as demo / madoguchi-demo).
dev: dev-rpc demo-db
	@set -m; work=$$(mktemp -d); exec 3< <(sleep infinity); \
	  $(DEV_RPC_BIN) --template $(DEMO_DB) --work "$$work" --fake-printer <&3 > "$$work/bridge.json" & \
	  for i in $$(seq 50); do [ -s "$$work/bridge.json" ] && break; sleep 0.1; done; \
	  url=$$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).url)' "$$work/bridge.json"); \
	  token=$$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).token)' "$$work/bridge.json"); \
	  echo "開発用ブリッジ（実際のコア）: $$url — 画面: http://localhost:1420/?as=$(DEMO_USER):$(DEMO_PASSWORD)"; \
	  cd ui && MADOGUCHI_DEV_RPC_URL="$$url" MADOGUCHI_DEV_RPC_TOKEN="$$token" $(NPM) run dev

# The end-to-end test drives the real app through tauri-driver + WebKitWebDriver. Without a display
# (always in CI) it runs on a virtual X server.
test-e2e: app cli dev-rpc
	@if [ "$${CI:-}" = "true" ] || { [ -z "$${DISPLAY:-}" ] && [ -z "$${WAYLAND_DISPLAY:-}" ]; }; then \
	  xvfb-run -a -s "-screen 0 1920x1080x24" node tests/e2e/run.mjs; \
	else \
	  node tests/e2e/run.mjs; \
	fi

# --- package -------------------------------------------------------------------------------------

# The release build (several minutes on 2 cores) is done once here and reused: `tauri bundle`
# packages the binaries already in target/release instead of building again, and
# installer/test-package.sh tests that .deb. Not part of `make test` (it would add the release
# build to every CI run); `make package` is the release step and runs the package test.
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
DEB     := target/release/bundle/deb/madoguchi_$(VERSION)_amd64.deb
TAURI   := ui/node_modules/.bin/tauri

package: package-deb
	$(MAKE) --no-print-directory test-package

package-deb: ui
	@MADOGUCHI_SETUP_PACKAGE=1 installer/setup-debian.sh
	$(CARGO) build --release -p madoguchi --bin madoguchi -p madoguchi-app --bin madoguchi-app --features madoguchi-app/custom-protocol
	$(TAURI) bundle --bundles deb
	@echo "パッケージ: $(DEB)"

# Tests the .deb built by make package (control fields, files, then install / run / purge on a
# clean Debian root made by mmdebstrap).
test-package:
	@MADOGUCHI_SETUP_PACKAGE=1 installer/setup-debian.sh
	installer/test-package.sh $(DEB)

bench: setup
	$(CARGO) bench -p madoguchi

# Key-slot cost on this machine (calibrated parameters, ms per guess, guesses/s/core, and the load
# it was measured at): Argon2 is optimised in the dev profile too, so no release build is needed.
bench-kdf: setup
	$(CARGO) bench -p madoguchi --bench kdf --profile dev

clean:
	$(CARGO) clean
	rm -rf ui/dist
