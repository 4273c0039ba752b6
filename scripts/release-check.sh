#!/usr/bin/env bash
# CI's check of what a user downloads (issue 18): builds the release archive and the Debian
# package, then
#  1. copies the archive's folder alone into an empty directory and runs it there with a PATH
#     that has no Swift toolchain: `habeas serve --demo` answers /healthz, `habeas draft petition`
#     drafts a bundled example, `habeas doctor` passes;
#  2. installs the .deb, runs the systemd unit's command line as the `habeas` user (CI has no
#     running systemd) and checks that it answers and that `habeas doctor` passes for that user;
#     `systemd-analyze verify` checks the unit where it is available;
#  3. removes the package (the data stays), then purges it (the data goes).
# Usage: scripts/release-check.sh   (as root, on Debian)
set -euo pipefail
cd "$(dirname "$0")/.."
passed=0; failed=0
pass() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
wait_healthy() { for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return 0; sleep 0.2; done; return 1; }
# sign_in_demo LOG PORT JAR: follows the one-time link `serve --demo` prints, as a browser would
# (its page gives the CSRF cookie, the form posts it back); the session cookie lands in JAR.
sign_in_demo() {
    local link="" page csrf
    for _ in $(seq 1 50); do link=$(grep -o '/sign-in/link/[0-9a-f]*' "$1" | head -n 1 || true); [ -n "$link" ] && break; sleep 0.1; done
    [ -n "$link" ] || return 1
    page=$(curl -fs -c "$3" "http://127.0.0.1:$2$link") || return 1
    csrf=$(grep -o 'name="_csrf" value="[0-9a-f]*"' <<<"$page" | head -n 1 | sed 's/.*value="//; s/"$//')
    curl -s -o /dev/null -b "$3" -c "$3" --data "_csrf=$csrf" "http://127.0.0.1:$2$link"
}

archive=$(scripts/release.sh | tail -n 1)
deb=$(scripts/package-deb.sh | tail -n 1)
(cd dist && sha256sum -c "$(basename "$archive").sha256" >/dev/null) && pass "archive checksum" || fail "archive checksum"

# 1. The archive, moved: no toolchain on the PATH, a working directory of its own.
away=$(mktemp -d)
tar -C "$away" -xzf "$archive"
folder=$(find "$away" -mindepth 1 -maxdepth 1 -type d)
(cd "$folder" && sha256sum -c SHA256SUMS >/dev/null) && pass "SHA256SUMS of the folder" || fail "SHA256SUMS of the folder"
clean_path=/usr/local/bin:/usr/bin:/bin
if env PATH="$clean_path" sh -c 'command -v swift' >/dev/null 2>&1; then fail "a swift on the clean PATH"; fi
port=$((20000 + RANDOM % 20000))
# exec: $! is then the server itself, not a subshell whose kill would leave the server running.
(cd "$folder" && exec env -i PATH="$clean_path" HOME="$away" ./habeas serve --demo --port "$port" >"$away/serve.log" 2>&1) &
server=$!
if wait_healthy "$port"; then pass "moved binary serves the demo"; else fail "moved binary did not answer"; cat "$away/serve.log"; fi
# Read the whole page before matching: under pipefail, `curl | grep -q` fails when grep stops reading early.
sign_in_demo "$away/serve.log" "$port" "$away/cookies" && pass "signed in with the demo link" || fail "demo sign-in link"
case_page=$(curl -fs -b "$away/cookies" "http://127.0.0.1:$port/cases/kz-massimov" || true)
grep -q "Massimov" <<<"$case_page" && pass "demo case page" || fail "demo case page"
kill "$server"; wait "$server" 2>/dev/null || true
(cd "$folder" && env -i PATH="$clean_path" HOME="$away" ./habeas draft petition examples/kz-massimov.yaml --format docx -o "$away/petition.docx") \
    && [ -s "$away/petition.docx" ] && pass "moved binary drafts the Massimov petition" || fail "draft petition"
version_line=$(cd "$folder" && env -i PATH="$clean_path" HOME="$away" ./habeas --version || true)
grep -q "habeas " <<<"$version_line" && pass "--version" || fail "--version"
(cd "$folder" && env -i PATH="$clean_path" HOME="$away" ./habeas doctor --db "$away/doctor.sqlite" >"$away/doctor.log") \
    && pass "doctor in the moved folder" || { fail "doctor in the moved folder"; cat "$away/doctor.log"; }
rm -rf "$away"

# 2. The Debian package, run as its unit would run it.
apt-get install -y -qq "./$deb" >/dev/null
getent passwd habeas >/dev/null && pass "habeas user" || fail "habeas user"
[ "$(stat -c %a /var/lib/habeas)" = 700 ] && [ "$(stat -c %U /var/lib/habeas)" = habeas ] && pass "data directory 0700, owned by habeas" || fail "data directory"
if command -v systemd-analyze >/dev/null 2>&1; then
    systemd-analyze verify /lib/systemd/system/habeas.service && pass "systemd-analyze verify" || fail "systemd-analyze verify"
fi
exec_start=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/habeas.service)
set -a; . /etc/habeas/habeas.conf; set +a
HABEAS_PORT=$((20000 + RANDOM % 20000))
command_line=$(eval echo "$exec_start")
[ "$(stat -c %a /etc/habeas/master.key)" = 600 ] && [ "$(stat -c %U /etc/habeas/master.key)" = habeas ] && pass "master key 0600, owned by habeas" || fail "master key"
(cd /var/lib/habeas && runuser -u habeas -- env HABEAS_DB="$HABEAS_DB" HABEAS_KEY_FILE="$HABEAS_KEY_FILE" $command_line >/tmp/habeas-unit.log 2>&1) &
unit=$!
if wait_healthy "$HABEAS_PORT"; then pass "the unit's command line answers /healthz"; else fail "the unit's command line"; cat /tmp/habeas-unit.log; fi
kill "$unit" 2>/dev/null || true; pkill -u habeas -f "habeas serve" 2>/dev/null || true; wait "$unit" 2>/dev/null || true
(cd /var/lib/habeas && runuser -u habeas -- env HABEAS_DB="$HABEAS_DB" HABEAS_KEY_FILE="$HABEAS_KEY_FILE" habeas doctor) && pass "habeas doctor as the habeas user" || fail "habeas doctor as the habeas user"

# 3. Remove keeps the data; purge deletes it.
apt-get remove -y -qq habeas >/dev/null
[ -f /var/lib/habeas/habeas.sqlite ] && [ -f /etc/habeas/master.key ] && pass "remove keeps the data and its key" || fail "remove lost the data or its key"
apt-get purge -y -qq habeas >/dev/null
[ ! -e /var/lib/habeas ] && pass "purge deletes the data" || fail "purge left the data"
echo "release check: $passed passed, $failed failed"
[ "$failed" = 0 ]
