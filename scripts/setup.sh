#!/usr/bin/env bash
# Installs the Debian packages LeadBridge builds against, when they are missing. Safe to run every time.
set -euo pipefail
packages=(libsqlite3-dev libxml2-dev libcurl4-openssl-dev pkg-config)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "setup: swift 6.x is not on PATH; install the Swift toolchain first" >&2; exit 1; }
