#!/usr/bin/env bash
# Sets up everything a fresh machine lacks, then runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Browser tests drive Debian's Chromium through playwright-core (no browser download); the spreadsheet tests
# open exported workbooks in LibreOffice.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-dejavu-core)
command -v soffice >/dev/null || missing+=(libreoffice-calc-nogui)
# The papers' tests open DOCX files in LibreOffice Writer and read PDFs with poppler's pdftotext.
dpkg-query -W -f='${Status}' libreoffice-writer-nogui 2>/dev/null | grep -q 'install ok installed' || missing+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
	as_root apt-get update -qq
	DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Tests of the PostgreSQL and Redis modes use the machine's own services on loopback.
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
	as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
fi
if ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
	as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no
fi

node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Node >= 20.19 is required, found "+process.version); process.exit(1) }'

# Exactly what package-lock.json records (it lists the optional packages of every platform, so `npm ci` works on
# any machine).
npm ci --no-audit --no-fund
npm test
