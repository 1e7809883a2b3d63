#!/usr/bin/env bash
# Installs the Debian packages AlbertQA builds and runs with, if any is missing.
# --cross adds the AArch64 cross compiler and qemu-user for Scripts/test-kernels-arm.sh (CI).
set -euo pipefail

# poppler-utils, antiword, catdoc, unrtf, tesseract-ocr(+eng), libemail-outlook-message-perl:
# the converters AlbertQA runs (bounded) for PDF, .doc/.ppt/.xls, .rtf, scans and .msg
# (msgconvert also needs libemail-address-perl, which Debian 12's package does not declare).
packages=(libsentencepiece-dev libsqlite3-dev libarchive-dev libncursesw5-dev poppler-utils pkg-config tmux sqlite3 procps
          antiword catdoc unrtf tesseract-ocr tesseract-ocr-eng libemail-outlook-message-perl
          libemail-address-perl)
if [ "${1:-}" = "--cross" ]; then packages+=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user); fi
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
