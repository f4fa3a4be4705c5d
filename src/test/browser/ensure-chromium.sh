#!/usr/bin/env bash
# The console's browser tests drive headless Chromium and its driver (Debian's packages, no download at test time).
# Run by the build before the tests: installs them when they are missing and this machine can.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
	exit 0
fi
if command -v apt-get > /dev/null; then
	as_root=""
	if [ "$(id -u)" != 0 ]; then
		if sudo -n true 2> /dev/null; then as_root="sudo -n"; else as_root="no"; fi
	fi
	if [ "$as_root" != "no" ]; then
		echo "Installing chromium and chromium-driver for the console's browser tests"
		$as_root apt-get update -qq
		$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
		exit 0
	fi
fi
echo "The console's browser tests need Chromium and its driver at /usr/bin/chromium and /usr/bin/chromedriver:" >&2
echo "  sudo apt-get install chromium chromium-driver   (Debian, Ubuntu)" >&2
exit 1
