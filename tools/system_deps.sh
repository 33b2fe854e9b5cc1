#!/usr/bin/env bash
# Installs the Debian packages the test suite and exports need.
# A package counts as present when its Debian package is installed or the program it provides
# is already on PATH (e.g. Node.js from another source). As root (CI) the missing ones are
# installed with apt-get; otherwise the exact command is printed and the script fails.
set -euo pipefail
if [ "$#" -gt 0 ]; then
  wanted=("$@")
else
  wanted=(librecad chromium poppler-utils postgresql fonts-noto-cjk xvfb nodejs npm)
fi
provides() {
  case "$1" in
    librecad) echo librecad ;;
    chromium) echo chromium ;;
    poppler-utils) echo pdftoppm ;;
    xvfb) echo Xvfb ;;
    nodejs) echo node ;;
    npm) echo npm ;;
    *) echo "" ;;
  esac
}
missing=()
for pkg in "${wanted[@]}"; do
  if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    continue
  fi
  program=$(provides "$pkg")
  if [ -n "$program" ] && command -v "$program" >/dev/null 2>&1; then
    continue
  fi
  missing+=("$pkg")
done
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "spacedesign: these Debian packages are missing: ${missing[*]}" >&2
  echo "install them with:  sudo sh -c '$cmd'" >&2
  exit 1
fi
