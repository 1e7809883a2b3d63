#!/usr/bin/env bash
# Installs the Debian packages AlbertQA builds and runs with, if any is missing.
set -euo pipefail

packages=(libopenblas-dev libsentencepiece-dev libsqlite3-dev libarchive-dev libncursesw5-dev poppler-utils pkg-config tmux sqlite3 procps)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
