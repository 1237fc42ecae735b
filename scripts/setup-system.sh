#!/usr/bin/env bash
# Install the system packages that the build and the tests need, on Debian 12 or Ubuntu.
#
# As root: installs whatever is missing (one `apt-get update`, one `apt-get install`).
# As anyone else: prints the exact command to run and fails only if something is missing.
# Installs nothing when everything is there, so it is safe to run again.
set -euo pipefail

packages=(
  chromium            # /usr/bin/chromium, driven by the Playwright tests (never `playwright install`)
  fonts-noto-cjk      # Han glyphs for the PDFs (Typst reads the font folders itself) and
                      # for the pages the browser tests render
  poppler-utils       # pdftotext / pdffonts / pdfinfo: the PDF tests read the output with them
)

# `make` creates .venv with python3.11; Debian's python3.11 needs its venv package for that.
if command -v python3.11 >/dev/null && ! python3.11 -c 'import ensurepip, venv' 2>/dev/null; then
  packages+=(python3.11-venv)
fi

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q ' installed$'
}

if ! command -v dpkg-query >/dev/null; then
  echo "setup-system: not a Debian-based system; install the equivalents of:" >&2
  echo "  ${packages[*]}" >&2
  echo "  and make sure /usr/bin/chromium runs." >&2
  exit 0
fi

missing=()
for pkg in "${packages[@]}"; do
  # GitHub's Ubuntu runners ship a Chromium at /usr/bin/chromium, and Ubuntu's own chromium
  # package is only a wrapper around a snap: an executable /usr/bin/chromium is enough.
  if [[ $pkg == chromium && -x /usr/bin/chromium ]]; then
    continue
  fi
  if [[ $pkg == chromium ]] && grep -qx 'ID=ubuntu' /etc/os-release 2>/dev/null; then
    echo "setup-system: /usr/bin/chromium is missing, and Ubuntu has no chromium deb (only a" >&2
    echo "  snap): link a Chromium or Google Chrome binary there, e.g." >&2
    echo "  sudo ln -s \"\$(command -v google-chrome)\" /usr/bin/chromium" >&2
    exit 1
  fi
  installed "$pkg" || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  echo "setup-system: all system packages are installed"
  exit 0
fi

command_line="apt-get update && apt-get install -y ${missing[*]}"
if ((EUID != 0)); then
  echo "setup-system: missing system packages: ${missing[*]}" >&2
  echo "  run: sudo sh -c '$command_line'" >&2
  exit 1
fi

echo "setup-system: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y "${missing[@]}"
