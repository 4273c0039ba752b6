#!/usr/bin/env bash
# End-to-end checks of the built binary on the repository's own fixtures: exit codes and the
# headline figures a user sees. Usage: scripts/cli-smoke.sh PATH/TO/habeas
set -euo pipefail
habeas=${1:-.build/debug/habeas}
fixtures=Tests/HabeasCoreTests/Fixtures
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
echo "cli smoke: $passed passed, $failed failed"
[ "$failed" = 0 ]
