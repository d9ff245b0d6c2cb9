#!/bin/sh
# Install the browser-test packages (package-lock.json, exact versions) into
# tests/e2e/node_modules when they are missing.  Called by the browser tests;
# needs node and npm (sh tools/deps.sh test).  Install scripts stay off: none
# of the packages needs one (vnu-jar's would fetch a Java runtime; Debian's
# default-jre-headless is used instead).
set -eu
cd "$(dirname "$0")"
if [ -f node_modules/.package-lock.json ] &&
	[ -f node_modules/playwright-core/package.json ] &&
	[ -f node_modules/axe-core/axe.min.js ] &&
	[ -f node_modules/vnu-jar/build/dist/vnu.jar ]; then
	exit 0
fi
echo "setup.sh: npm ci in $(pwd)"
npm ci --no-audit --no-fund --ignore-scripts
