#!/usr/bin/env bash
# End-to-end checks of the built binary on the repository's own fixtures: exit codes and the
# headline figures a user sees. Usage: scripts/cli-smoke.sh PATH/TO/habeas
set -euo pipefail
habeas=${1:-.build/debug/habeas}
fixtures=Tests/HabeasTestSupport/Fixtures
passed=0; failed=0
check() {  # check NAME COMMAND... ; passes when the command succeeds
    local name=$1; shift
    if "$@" >/tmp/habeas-smoke.out 2>&1; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name"; cat /tmp/habeas-smoke.out; fi
}
expect_exit() { local code=$1; shift; set +e; "$@" >/dev/null 2>&1; local got=$?; set -e; [ "$got" = "$code" ]; }

check "validate fixtures" "$habeas" validate $fixtures/*.yaml
check "invalid file exits 1" expect_exit 1 "$habeas" validate <(printf 'format: habeas-case/1\nid: x1\n')
check "usage error exits 2" expect_exit 2 "$habeas" validate --no-such-flag
check "72 days incommunicado" bash -c "'$habeas' timeline $fixtures/kz-massimov.yaml --as-of 2022-03-18 --json | grep -q '\"daysIncommunicado\": 72'"
check "I and III indicated" bash -c "'$habeas' assess $fixtures/kz-massimov.yaml --as-of 2022-03-18 --json | tr -d ' \n' | grep -q '\"category\":\"III\",\"finding\":\"indicated\"'"
check "round trip" bash -c "'$habeas' convert $fixtures/fx-immigration.yaml --to json > /tmp/habeas-rt.json && '$habeas' convert /tmp/habeas-rt.json --to yaml > /tmp/habeas-rt.yaml && '$habeas' validate /tmp/habeas-rt.yaml"
check "a bad file among good ones: the good ones are assessed, exit 1" bash -c "printf 'format: habeas-case/1\nid: x1\n' > /tmp/habeas-bad.yaml; set +e; '$habeas' assess $fixtures/kz-massimov.yaml /tmp/habeas-bad.yaml --json --as-of 2022-03-18 > /tmp/habeas-mixed.json 2>/dev/null; [ \$? = 1 ] && grep -q '\"case\": \"kz-massimov\"' /tmp/habeas-mixed.json"
check "rules table" bash -c "'$habeas' rules | grep -q 'I.derived.judge-48h'"
check "bench runs" "$habeas" bench --cases 50 --repeat 1
# Issue 10: a file's control characters never reach the terminal raw; a YAML bomb stays small.
printf 'format: habeas-case/1\nid: esc-case\ntitle: "Evil\\e[2J\\u202E title"\nstate: KZ\nperson: {name: "N\\e]0;pwned\\a"}\ndeprivation: {kind: pre-trial, ongoing: true}\ntimeline:\n  - {date: 2022-01-05, type: arrest, details: "x\\e[31m"}\n' > /tmp/habeas-esc.yaml
check "control characters are shown escaped" bash -c "'$habeas' timeline /tmp/habeas-esc.yaml --as-of 2022-03-18 > /tmp/habeas-esc.out 2>&1; ! grep -q \$'\\e' /tmp/habeas-esc.out && ! grep -q \$'\\u202E' /tmp/habeas-esc.out && grep -q 'u{1B}' /tmp/habeas-esc.out"
check "control characters in validation messages are escaped" bash -c "sed 's/state: KZ/state: \"K\\\\e[2J\"/' /tmp/habeas-esc.yaml > /tmp/habeas-esc2.yaml; '$habeas' validate /tmp/habeas-esc2.yaml > /tmp/habeas-esc2.out 2>&1; ! grep -q \$'\\e' /tmp/habeas-esc2.out && grep -q 'u{1B}' /tmp/habeas-esc2.out"
{ printf 'format: habeas-case/1\nid: bomb\nstate: KZ\nperson: {name: X}\ndeprivation: {kind: pre-trial, ongoing: true}\ntimeline: []\nextensions:\n  a0: &a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol,lol]\n'
  for i in 1 2 3 4 5 6 7 8 9; do p=$((i-1)); printf '  a%d: &a%d [*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d]\n' $i $i $p $p $p $p $p $p $p $p $p $p; done; } > /tmp/habeas-bomb.yaml
check "a YAML alias bomb is refused within 1 GB of address space" bash -c "ulimit -v 1048576; '$habeas' validate /tmp/habeas-bomb.yaml 2>&1 | grep -q 'aliases'"
echo "cli smoke: $passed passed, $failed failed"
[ "$failed" = 0 ]
