#!/usr/bin/env bash
# Browser tests: headless Chromium (Debian packages) driven by Selenium (PyPI) against a server
# the test starts. Installs what is missing, builds the CLI, runs Tests/browser/test_web.py.
# Screenshots: $SCREENSHOTS_DIR (default ./screenshots, git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1 || [ ! -x /usr/bin/chromedriver ]; then
    echo "Installing chromium and chromium-driver…"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi
if ! python3 -c "import selenium" >/dev/null 2>&1; then
    echo "Installing selenium…"
    python3 -m pip install -q selenium || python3 -m pip install -q --break-system-packages selenium
fi

swift build --product habeas
export SCREENSHOTS_DIR="${SCREENSHOTS_DIR:-$PWD/screenshots}"
# selenium-manager must never download a driver: the path is given explicitly.
export SE_OFFLINE=true
exec python3 Tests/browser/test_web.py
