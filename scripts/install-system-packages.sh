#!/usr/bin/env bash
# System packages the platform uses: ffmpeg, Chromium (browser tests), a Japanese font (pages in
# screenshots, and embedded in certificates' PDFs: CERTIFICATE_FONT),
# PostgreSQL and Redis (tests against real engines), gettext (message catalogues), wrk (the
# load generator of `make bench`).
# Installs what is missing with apt when running as root; otherwise says what to install.
set -u
missing=()
need() { # need COMMAND-OR-PATH DEBIAN-PACKAGE
  if [[ "$1" == /* ]]; then [ -e "$1" ] || missing+=("$2"); else command -v "$1" >/dev/null 2>&1 || missing+=("$2"); fi
}
need ffmpeg ffmpeg
need ffprobe ffmpeg
need /usr/bin/chromium chromium
need /usr/share/fonts/opentype/ipafont-gothic/ipag.ttf fonts-ipafont-gothic
need /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf fonts-dejavu-core
need redis-server redis-server
need msgfmt gettext
need wrk wrk
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: $packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends $packages >/dev/null || {
    echo "apt-get could not install: $packages" >&2; exit 1; }
else
  echo "Please install these system packages (not root, or no apt): $packages" >&2
fi
