#!/usr/bin/env bash
# Browser tests: headless Chromium (Debian packages) driven by Selenium (PyPI) against a server
# the test starts, with an axe-core accessibility audit (axe-selenium-python, PyPI). Installs what
# is missing, builds the CLI, runs Tests/browser/test_web.py.
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
# axe-core for the accessibility audit comes from PyPI, bundled in this wheel (only its
# axe.min.js is used, so its pytest dependency is not needed: --no-deps).
AXE_PY="axe-selenium-python==2.1.6"
if ! python3 -c "import importlib.util as u, os, sys; s = u.find_spec('axe_selenium_python'); sys.exit(0 if s and os.path.exists(os.path.join(list(s.submodule_search_locations)[0], 'node_modules', 'axe-core', 'axe.min.js')) else 1)" >/dev/null 2>&1; then
    echo "Installing $AXE_PY…"
    python3 -m pip install -q --no-deps "$AXE_PY" || python3 -m pip install -q --no-deps --break-system-packages "$AXE_PY"
fi

swift build --product habeas
export SCREENSHOTS_DIR="${SCREENSHOTS_DIR:-$PWD/screenshots}"
# selenium-manager must never download a driver: the path is given explicitly.
export SE_OFFLINE=true
exec python3 Tests/browser/test_web.py
