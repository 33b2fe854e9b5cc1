#!/usr/bin/env bash
# Installs the Debian packages the test suite and exports need.
# As root (CI) it runs apt-get; otherwise it prints the exact command and fails.
set -euo pipefail
if [ "$#" -gt 0 ]; then
  wanted=("$@")
else
  wanted=(librecad chromium poppler-utils postgresql fonts-noto-cjk xvfb nodejs npm)
fi
missing=()
for pkg in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
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
