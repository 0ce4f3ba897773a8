#!/usr/bin/env bash
# 窓口 Madoguchi — パッケージの検査 / tests the built .deb (make package runs it; make test-package).
#
#   installer/test-package.sh [path/to/madoguchi_VERSION_amd64.deb]
#
# 1. The control fields and the file list (dpkg-deb -I / -c) and the desktop entry.
# 2. A clean root: a minimal Debian bookworm made by mmdebstrap (--variant=apt, from Debian's
#    packages, as root in a chroot). Inside it the .deb is installed with apt-get (so the declared
#    dependencies are what pulls in WebKitGTK and CUPS), then `madoguchi --version`,
#    `madoguchi demo`, a search on the demo, `madoguchi self-check` and `madoguchi-app --self-check`
#    run there, then the package is purged and nothing of it may remain.
#    Downloaded packages are kept in ~/.cache/madoguchi/apt-archives between runs.
#    MADOGUCHI_PACKAGE_SKIP_ROOT=1 skips step 2 (no root or no network): it says so and exits 2.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' "$ROOT/Cargo.toml" | head -1)"
DEB="${1:-$ROOT/target/release/bundle/deb/madoguchi_${VERSION}_amd64.deb}"
SUITE="${MADOGUCHI_PACKAGE_SUITE:-bookworm}"
MIRROR="${MADOGUCHI_PACKAGE_MIRROR:-http://deb.debian.org/debian}"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/madoguchi/apt-archives"

failures=0
ok() { printf 'OK  %s\n' "$*"; }
ng() { printf 'NG  %s\n' "$*"; failures=$((failures + 1)); }
check() { local what="$1"; shift; if "$@"; then ok "$what"; else ng "$what"; fi; }

if [ ! -f "$DEB" ]; then
  printf 'パッケージがありません: %s（make package で作成します）\nno package at %s (make package builds it)\n' "$DEB" "$DEB" >&2
  exit 1
fi
echo "== $DEB"

# --- 1. control fields, file list, desktop entry ------------------------------------------------
field() { dpkg-deb -f "$DEB" "$1"; }
pkg="$(field Package)"
check "Package「$pkg」は Debian の名前の規則に合う" grep -Eqx '[a-z0-9][a-z0-9+.-]+' <<<"$pkg"
check "Package は madoguchi" test "$pkg" = madoguchi
check "Version $(field Version) = Cargo.toml の $VERSION" test "$(field Version)" = "$VERSION"
maint="$(field Maintainer)"
check "Maintainer「$maint」は 名前 <メール>" grep -Eqx '[^<>@]*[^<>@ ][^<>@]* <[^<>@ ]+@[^<>@ ]+\.[^<>@ ]+>' <<<"$maint"
depends="$(field Depends)"
for dep in libc6 libwebkit2gtk-4.1-0 libgtk-3-0 cups-client; do
  check "Depends に $dep" grep -Eq "(^|, )$dep(,| |$)" <<<"$depends"
done
check "Description（日本語の短い説明）" grep -q '生活保護' <<<"$(field Description)"

files="$(dpkg-deb -c "$DEB" | awk '{print $6}')"
has() { grep -qx "./$1" <<<"$files" || grep -qx "$1" <<<"$files"; }
for f in usr/bin/madoguchi-app usr/bin/madoguchi usr/share/applications/madoguchi.desktop \
         usr/share/icons/hicolor/128x128/apps/madoguchi-app.png \
         usr/share/icons/hicolor/256x256/apps/madoguchi-app.png \
         usr/share/doc/madoguchi/copyright \
         usr/share/doc/madoguchi/IPA_Font_License_Agreement_v1.0.txt \
         usr/share/doc/madoguchi/manual.md; do
  check "ファイル /$f" has "$f"
done
check "/usr の外には何も置かない" test -z "$(grep -Ev '^(\./)?(usr(/.*)?)?/?$' <<<"$files" || true)"

desktop="$(dpkg-deb --fsys-tarfile "$DEB" | tar -xO ./usr/share/applications/madoguchi.desktop 2>/dev/null \
          || dpkg-deb --fsys-tarfile "$DEB" | tar -xO usr/share/applications/madoguchi.desktop)"
check "デスクトップ項目 Name[ja]=窓口" grep -qx 'Name\[ja\]=窓口' <<<"$desktop"
check "デスクトップ項目 Exec=madoguchi-app" grep -qx 'Exec=madoguchi-app' <<<"$desktop"
check "デスクトップ項目 Icon はパッケージ内のアイコン" grep -qx 'Icon=madoguchi-app' <<<"$desktop"
check "デスクトップ項目 Categories=Office;" grep -qx 'Categories=Office;' <<<"$desktop"
if command -v desktop-file-validate >/dev/null 2>&1; then
  tmp_desktop="$(mktemp --suffix=.desktop)"; printf '%s\n' "$desktop" > "$tmp_desktop"
  check "desktop-file-validate" desktop-file-validate "$tmp_desktop"; rm -f "$tmp_desktop"
fi

if [ "$failures" -gt 0 ]; then
  echo "パッケージの検査: $failures 件の不合格 / $failures check(s) failed"; exit 1
fi

# --- 2. install on a clean root -----------------------------------------------------------------
if [ -n "${MADOGUCHI_PACKAGE_SKIP_ROOT:-}" ]; then
  echo "クリーンな環境へのインストール試験は省略しました（MADOGUCHI_PACKAGE_SKIP_ROOT） / clean-root install SKIPPED"
  exit 2
fi
if [ "$(id -u)" -ne 0 ] || ! command -v mmdebstrap >/dev/null 2>&1; then
  echo "クリーンな環境の試験には root と mmdebstrap が必要です（apt-get install mmdebstrap） / the clean-root test needs root and mmdebstrap" >&2
  exit 1
fi
mkdir -p "$CACHE"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cp "$DEB" "$work/madoguchi.deb"

# Everything inside runs as the hooks of one mmdebstrap call: it mounts /proc, /dev and /sys for
# them and removes the whole root afterwards (the output is /dev/null).
# (POSIX single quotes, not printf %q: the hook runs under sh, and %q writes $'…' for kana.)
inside() { printf 'chroot "$1" sh -euxc '"'"'%s'"'"'' "${1//\'/\'\\\'\'}"; }
echo "== $SUITE の最小構成（mmdebstrap --variant=apt）に入れて試します / installing into a clean $SUITE root"
mmdebstrap --variant=apt --mode=root --skip=essential/unlink --quiet \
  --setup-hook='mkdir -p "$1"/var/cache/apt/archives/' \
  --setup-hook="sync-in $CACHE /var/cache/apt/archives/" \
  --customize-hook="copy-in $work/madoguchi.deb /tmp" \
  --customize-hook="$(inside '! command -v madoguchi')" \
  --customize-hook="$(inside 'DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends /tmp/madoguchi.deb')" \
  --customize-hook="$(inside 'dpkg -s madoguchi | grep -qx "Status: install ok installed"')" \
  --customize-hook="$(inside "madoguchi --version | tee /dev/stderr | grep -qx 'madoguchi $VERSION'")" \
  --customize-hook="$(inside 'cd /tmp && madoguchi --db /tmp/demo/demo.db demo')" \
  --customize-hook="$(inside 'MADOGUCHI_PASSWORD=madoguchi-demo madoguchi --db /tmp/demo/demo.db --user demo search 見本 | grep -q 見本')" \
  --customize-hook="$(inside 'madoguchi self-check')" \
  --customize-hook="$(inside 'madoguchi-app --self-check')" \
  --customize-hook="$(inside 'grep -q "IPA" /usr/share/doc/madoguchi/IPA_Font_License_Agreement_v1.0.txt')" \
  --customize-hook="$(inside 'DEBIAN_FRONTEND=noninteractive apt-get purge -y -q madoguchi')" \
  --customize-hook="$(inside '! dpkg -s madoguchi 2>/dev/null | grep -q "Status: install"')" \
  --customize-hook="$(inside 'for f in /usr/bin/madoguchi /usr/bin/madoguchi-app /usr/share/applications/madoguchi.desktop /usr/share/doc/madoguchi; do test ! -e $f; done')" \
  --customize-hook="sync-out /var/cache/apt/archives $CACHE" \
  "$SUITE" /dev/null "deb $MIRROR $SUITE main"
echo "パッケージの検査: すべて合格（クリーンな $SUITE へのインストール・実行・削除を含む） / package test passed"
