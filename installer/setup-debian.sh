#!/usr/bin/env bash
# 窓口 Madoguchi — 開発・試用環境のセットアップ (Debian 12 / Ubuntu 22.04+)
# Madoguchi — installs what building, running and testing need on Debian 12 / Ubuntu 22.04+.
#
# Idempotent and quick when everything is present: it only asks apt, rustup, cargo or npm for
# something when a check says it is missing. Runs as root, or as a user with sudo.
#
#   installer/setup-debian.sh            # everything
#   MADOGUCHI_SETUP_DRY_RUN=1 installer/setup-debian.sh   # only say what would be installed
#   MADOGUCHI_SETUP_PRETEND_MISSING="cups tauri-driver node rust npm" …  # treat these as absent
#     (to exercise the install paths; combine with DRY_RUN to change nothing)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DRY_RUN="${MADOGUCHI_SETUP_DRY_RUN:-}"
PRETEND_MISSING=" ${MADOGUCHI_SETUP_PRETEND_MISSING:-} "
pretend_missing() { [[ "$PRETEND_MISSING" == *" $1 "* ]]; }
NODE_MIN_MAJOR=20
NODE_MIN_MINOR=19   # Vite 8 needs Node 20.19+ (or 22.12+)
NODE_SETUP_MAJOR=22 # installed from NodeSource when the distribution's node is too old

APT_PACKAGES=(
  # Tauri 2 build dependencies
  libwebkit2gtk-4.1-dev build-essential curl wget file pkg-config libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev
  # headless test display and the WebDriver for WebKitGTK (/usr/bin/WebKitWebDriver)
  xvfb xauth webkit2gtk-driver
  # print tests: pdftotext / pdffonts / pdftoppm, CUPS with a PDF printer
  poppler-utils cups cups-bsd cups-client printer-driver-cups-pdf
  # fallback Japanese font (the app ships its own in assets/fonts)
  fonts-ipaexfont
  # misc: certificates and keys for rustup / NodeSource / npm, git for cargo
  ca-certificates gnupg git
)
# `make package` (MADOGUCHI_SETUP_PACKAGE=1): a clean Debian root for the package test, and the
# desktop-entry validator. Not needed by make run / make test.
if [ -n "${MADOGUCHI_SETUP_PACKAGE:-}" ]; then
  APT_PACKAGES+=(mmdebstrap desktop-file-utils)
fi

# Prints one line in Japanese, then the same in English.
say() { printf '%s\n%s\n' "$1" "$2"; }

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  SUDO=()
fi

as_root() {
  if [ "$(id -u)" -ne 0 ] && [ ${#SUDO[@]} -eq 0 ]; then
    say "エラー: root 権限が必要です（sudo がありません）: $*" \
        "error: root is needed and sudo is not available: $*" >&2
    exit 1
  fi
  "${SUDO[@]}" "$@"
}

run() {
  if [ -n "$DRY_RUN" ]; then
    printf '  (dry run) %s\n' "$*"
  else
    "$@"
  fi
}

# Another apt process (unattended-upgrades, a colleague's install) may hold the lock: wait for it.
APT_OPTS=(-y -q -o DPkg::Lock::Timeout=600)
export DEBIAN_FRONTEND=noninteractive

apt_updated=""
apt_update_once() {
  if [ -z "$apt_updated" ]; then
    say "パッケージ一覧を更新します (apt-get update)" "updating the package lists (apt-get update)"
    run as_root apt-get -q -o DPkg::Lock::Timeout=600 update
    apt_updated=1
  fi
}


# ---------------------------------------------------------------------------------------------
# 1. apt packages
# one dpkg-query for all of them: "name installed" per line (unknown packages: stderr, ignored)
installed_list="$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${APT_PACKAGES[@]}" 2>/dev/null || true)"
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if pretend_missing "$pkg" || ! grep -qx "$pkg installed" <<<"$installed_list"; then
    missing+=("$pkg")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  say "apt パッケージをインストールします: ${missing[*]}" "installing apt packages: ${missing[*]}"
  apt_update_once
  run as_root apt-get install "${APT_OPTS[@]}" "${missing[@]}"
fi

# ---------------------------------------------------------------------------------------------
# 2. Node.js (>= 20.19) and npm
node_ok() {
  pretend_missing node && return 1
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || return 1
  local v major minor
  v="$(node -p 'process.versions.node' 2>/dev/null)" || return 1
  major="${v%%.*}"; minor="${v#*.}"; minor="${minor%%.*}"
  [ "$major" -gt "$NODE_MIN_MAJOR" ] || { [ "$major" -eq "$NODE_MIN_MAJOR" ] && [ "$minor" -ge "$NODE_MIN_MINOR" ]; }
}
if ! node_ok; then
  say "Node.js ${NODE_SETUP_MAJOR}.x を NodeSource からインストールします（${NODE_MIN_MAJOR}.${NODE_MIN_MINOR} 以上が必要）" \
      "installing Node.js ${NODE_SETUP_MAJOR}.x from NodeSource (${NODE_MIN_MAJOR}.${NODE_MIN_MINOR} or newer is needed)"
  if [ -z "$DRY_RUN" ]; then
    as_root install -d -m 0755 /etc/apt/keyrings
    curl -fsSL https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key \
      | as_root gpg --dearmor --yes -o /etc/apt/keyrings/nodesource.gpg
    echo "deb [signed-by=/etc/apt/keyrings/nodesource.gpg] https://deb.nodesource.com/node_${NODE_SETUP_MAJOR}.x nodistro main" \
      | as_root tee /etc/apt/sources.list.d/nodesource.list >/dev/null
    apt_updated=""
    apt_update_once
    as_root apt-get install "${APT_OPTS[@]}" nodejs
  fi
fi

# ---------------------------------------------------------------------------------------------
# 3. Rust (rustup, stable) — the workspace needs rustc 1.85 or newer
if [ -d "${HOME:-/root}/.cargo/bin" ]; then
  case ":$PATH:" in *":$HOME/.cargo/bin:"*) ;; *) export PATH="$HOME/.cargo/bin:$PATH" ;; esac
fi
if pretend_missing rust || ! command -v cargo >/dev/null 2>&1; then
  say "Rust（rustup, stable）をインストールします" "installing Rust (rustup, stable toolchain)"
  if [ -z "$DRY_RUN" ]; then
    curl --proto '=https' --tlsv1.2 -fsSL https://sh.rustup.rs \
      | sh -s -- -y --profile minimal --default-toolchain stable
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
elif ! rustc --version 2>/dev/null | awk '{ split($2, v, "."); exit !(v[1] > 1 || (v[1] == 1 && v[2] >= 85)) }'; then
  if command -v rustup >/dev/null 2>&1; then
    say "Rust が古いため更新します（1.85 以上が必要）" "updating Rust (1.85 or newer is needed)"
    run rustup update stable
  else
    say "エラー: rustc 1.85 以上が必要です: $(rustc --version)" \
        "error: rustc 1.85 or newer is needed: $(rustc --version)" >&2
    exit 1
  fi
fi

# make test checks formatting and lints: rustfmt and clippy (not in rustup's minimal profile).
if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
  say "rustfmt と clippy をインストールします" "installing rustfmt and clippy (rustup components)"
  run rustup component add rustfmt clippy
fi

# ---------------------------------------------------------------------------------------------
# 4. tauri-driver (WebDriver proxy for the end-to-end test)
if pretend_missing tauri-driver || ! command -v tauri-driver >/dev/null 2>&1; then
  say "tauri-driver をインストールします (cargo install tauri-driver)" "installing tauri-driver (cargo install tauri-driver)"
  run cargo install tauri-driver --version '^2' --locked
fi

# ---------------------------------------------------------------------------------------------
# 5. npm packages: ui/ and any other directory with a package.json we own
#    A stamp in node_modules records the hash of the package-lock.json that was installed.
npm_dirs=("$ROOT/ui")
[ -f "$ROOT/tests/e2e/package.json" ] && npm_dirs+=("$ROOT/tests/e2e")
for dir in "${npm_dirs[@]}"; do
  [ -f "$dir/package.json" ] || continue
  rel="${dir#"$ROOT"/}"
  stamp="$dir/node_modules/.madoguchi-lock.sha256"
  if [ -f "$dir/package-lock.json" ]; then
    want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  else
    want="no-lockfile:$(sha256sum "$dir/package.json" | cut -d' ' -f1)"
  fi
  have="$(cat "$stamp" 2>/dev/null || true)"
  pretend_missing npm && have="pretend-missing"
  if [ "$have" = "$want" ]; then
    continue
  fi
  if [ -z "$have" ] && [ -d "$dir/node_modules" ] && [ -f "$dir/package-lock.json" ] \
     && (cd "$dir" && npm ls --depth=0 >/dev/null 2>&1); then
    # installed by hand and consistent with the lockfile: adopt it instead of reinstalling
    if [ -z "$DRY_RUN" ]; then printf '%s\n' "$want" >"$stamp"; fi
    continue
  fi
  say "npm パッケージをインストールします ($rel)" "installing npm packages ($rel)"
  if [ -f "$dir/package-lock.json" ]; then
    run bash -c "cd '$dir' && npm ci --no-audit --no-fund"
  else
    run bash -c "cd '$dir' && npm install --no-audit --no-fund"
  fi
  if [ -z "$DRY_RUN" ]; then printf '%s\n' "$want" >"$stamp"; fi
done

exit 0
