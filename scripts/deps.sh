#!/usr/bin/env bash
# Installs what the build needs when it is missing; fast when everything is present.
# Usage: scripts/deps.sh [native|web|browser|all]   (default: all)
# Everything comes from Debian's archive or the npm registry; nothing else is fetched.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=versions.env
. "$here/versions.env"
what="${1:-all}"

sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
log() { printf '[deps] %s\n' "$*" >&2; }

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" = 0 ]; then
    log "apt-get update"
    sudo_ apt-get update -qq
    apt_updated=1
  fi
}

# Debian source entries: bookworm for SDL2, sid (source only, so nothing installed is upgraded) for
# imgui 1.92. Rewritten when an older copy of this file lacks an entry.
ensure_deb_src() {
  local f=/etc/apt/sources.list.d/qis-sources.sources
  if [ ! -f "$f" ] || ! grep -q "Suites: sid" "$f"; then
    log "adding deb-src entries ($f)"
    sudo_ tee "$f" >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian
Suites: sid
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    apt_updated=0
  fi
}

apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    apt_update_once
    log "apt-get install ${missing[*]}"
    sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# Unpacks the upstream tarball of a Debian source package into $QIS_CACHE/src/<dir>.
fetch_source() {
  local pkg="$1" ver="$2" dir="$3"
  local dest="$QIS_CACHE/src/$dir"
  [ -d "$dest" ] && return 0
  ensure_deb_src
  apt_update_once
  local tmp; tmp="$(mktemp -d)"
  log "apt-get source $pkg=$ver"
  # Only the upstream tarball is used: a missing Debian patch tarball (seen for qr-code-generator) is no error.
  (cd "$tmp" && apt-get source --download-only -qq "$pkg=$ver" >/dev/null 2>&1) || true
  local tarball; tarball="$(ls "$tmp"/*.orig.tar.* 2>/dev/null | head -n1)"
  [ -n "$tarball" ] || { log "apt-get source $pkg=$ver gave no upstream tarball"; exit 1; }
  mkdir -p "$tmp/x" "$QIS_CACHE/src"
  tar -xf "$tarball" -C "$tmp/x"
  mv "$tmp/x/"* "$dest"
  rm -rf "$tmp"
}

native() {
  apt_install $QIS_APT_NATIVE $QIS_APT_DOCS
}

web() {
  native
  apt_install $QIS_APT_WEB
  fetch_source imgui "$QIS_IMGUI_SRC" "$QIS_IMGUI_DIR"
  fetch_source libsdl2 "$QIS_SDL2_SRC" "$QIS_SDL2_DIR"
  fetch_source qr-code-generator "$QIS_QRCODEGEN_SRC" "$QIS_QRCODEGEN_DIR"
  # Two builds of SDL: the whole of it for compat.* (its software renderer blits surfaces), and
  # one for the main build, which only opens a WebGL 2 context and reads the mouse, keys and touch:
  # SDL_LEAN_AND_MEAN (no software blitters, RLE or software renderer) and none of the subsystems
  # it never uses (audio, joysticks and game controllers, haptics, sensors, power, locale, the
  # offscreen and dummy video drivers): about 120 KB of wasm and the audio code of index.js.
  local variant
  for variant in "" "-webgl2"; do
    local sdl_out="$QIS_CACHE/sdl2-wasm${variant}-${QIS_SDL2_DIR#SDL2-}"
    local cflags="" options=""
    if [ -n "$variant" ]; then
      cflags="-DSDL_LEAN_AND_MEAN=1"
      options="-DSDL_AUDIO=OFF -DSDL_JOYSTICK=OFF -DSDL_HAPTIC=OFF -DSDL_HIDAPI=OFF -DSDL_SENSOR=OFF
               -DSDL_POWER=OFF -DSDL_LOCALE=OFF -DSDL_MISC=OFF -DSDL_FILESYSTEM=OFF -DSDL_RENDER=OFF
               -DSDL_OFFSCREEN=OFF -DSDL_DUMMYVIDEO=OFF"
    fi
    if [ ! -f "$sdl_out/lib/libSDL2.a" ]; then
      log "building SDL2${variant} for wasm (once; cached in $sdl_out, ~4 min)"
      local b="$QIS_CACHE/build-sdl2-wasm${variant}"
      rm -rf "$b" && mkdir -p "$b"
      (cd "$b" && NODE_PATH=/usr/share/nodejs emcmake cmake "$QIS_CACHE/src/$QIS_SDL2_DIR" \
          -DCMAKE_BUILD_TYPE=Release -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF -DSDL_THREADS=OFF \
          -DCMAKE_C_FLAGS="$cflags" $options -DCMAKE_INSTALL_PREFIX="$sdl_out" >/dev/null \
        && NODE_PATH=/usr/share/nodejs emmake make -j"$(nproc)" >/dev/null \
        && NODE_PATH=/usr/share/nodejs emmake make install >/dev/null)
      rm -rf "$b"
    fi
  done
}

browser() {
  apt_install $QIS_APT_BROWSER
  command -v npm >/dev/null || apt_install npm  # only when no node/npm is installed at all
  local dir="$root/tests/browser"
  # package.json pins playwright-core (Chromium), puppeteer-core (Firefox ESR) and ajv (rubric
  # schema check); install when one is missing or other. Neither driver downloads a browser.
  if [ ! -d "$dir/node_modules/playwright-core" ] || \
     ! grep -q "\"version\": \"$QIS_PLAYWRIGHT_CORE\"" "$dir/node_modules/playwright-core/package.json" || \
     ! grep -q "\"version\": \"$QIS_PUPPETEER_CORE\"" "$dir/node_modules/puppeteer-core/package.json" 2>/dev/null || \
     ! grep -q "\"version\": \"$QIS_AJV\"" "$dir/node_modules/ajv/package.json" 2>/dev/null; then
    log "npm install playwright-core@$QIS_PLAYWRIGHT_CORE puppeteer-core@$QIS_PUPPETEER_CORE ajv@$QIS_AJV"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --silent >/dev/null)
  fi
}

case "$what" in
  native) native ;;
  web) web ;;
  browser) browser ;;
  all) web; browser ;;
  *) echo "usage: $0 [native|web|browser|all]" >&2; exit 2 ;;
esac
