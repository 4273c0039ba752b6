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
# Issue 17: files on a case, their chain of custody and the submission package.
files_dir=$(mktemp -d /tmp/habeas-files-XXXXXX)
export HABEAS_DB="$files_dir/db.sqlite"
python3 - "$files_dir" <<'PY'
import struct, sys
d = sys.argv[1]
be16 = lambda v: struct.pack('>H', v)
seg = lambda m, b: b'\xff' + bytes([m]) + be16(len(b) + 2) + b
tiff = b'MM\x00\x2a\x00\x00\x00\x08' + be16(1) + b'\x88\x25\x00\x04\x00\x00\x00\x01\x00\x00\x00\x1a' + b'\x00' * 4
tiff += be16(1) + b'\x00\x01\x00\x02\x00\x00\x00\x02N\x00\x00\x00' + b'\x00' * 4 + b'GPS-SERIAL-4471'
jpeg = (b'\xff\xd8' + seg(0xe0, b'JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00') + seg(0xe1, b'Exif\x00\x00' + tiff)
        + seg(0xdb, b'\x00' + b'\x01' * 64) + seg(0xc0, b'\x08\x00\x01\x00\x01\x01\x01\x11\x00')
        + seg(0xda, b'\x01\x01\x00\x00\x3f\x00') + b'\x5a' * 100 + b'\xff\xd9')
open(d + '/photo.jpg', 'wb').write(jpeg)
open(d + '/decision.pdf', 'wb').write(b'%PDF-1.4\nthe detention decision\n%%EOF\n')
PY
check "import, then attach a PDF and a JPEG" bash -c "'$habeas' import $fixtures/kz-massimov.yaml && '$habeas' attach kz-massimov $files_dir/decision.pdf --title 'Detention decision' --date 2022-01-08 && '$habeas' attach kz-massimov $files_dir/photo.jpg --title 'Photograph of injuries' --identifying"
check "the files carry their chain of custody" bash -c "'$habeas' files kz-massimov | grep -q 'as photo.jpg'"
check "a file that does not exist is not attached, exit 1" expect_exit 1 "$habeas" attach kz-massimov "$files_dir/none.pdf"
check "the package: annexes numbered, hashes listed, no GPS left" bash -c "'$habeas' package kz-massimov -o $files_dir/package.zip --as-of 2022-03-18 && cd $files_dir && mkdir unzipped && cd unzipped && python3 -c 'import zipfile; zipfile.ZipFile(\"../package.zip\").extractall()' && grep -q \"\$(sha256sum 'Annex 01 - Detention decision.pdf' | cut -c1-64)\" 'Annex list.txt' && grep -q \"\$(sha256sum 'Annex 02 - Photograph of injuries.jpg' | cut -c1-64)\" 'Annex list.txt' && ! grep -q 'Exif\\|GPS-SERIAL' 'Annex 02 - Photograph of injuries.jpg' && grep -q '(Annex 1)' <(python3 -c 'import zipfile; print(zipfile.ZipFile(\"Communication.docx\").read(\"word/document.xml\").decode())') && grep -q '(Annex 2)' <(python3 -c 'import zipfile; print(zipfile.ZipFile(\"Communication.docx\").read(\"word/document.xml\").decode())')"
check "verify-files passes on untouched files" "$habeas" verify-files
check "verify-files names a file with one byte changed, exit 1" bash -c "f=\$(find $files_dir/db.sqlite.files/sha256 -type f | head -1); printf 'X' | dd of=\"\$f\" bs=1 seek=3 conv=notrunc 2>/dev/null; set +e; '$habeas' verify-files > $files_dir/verify.out 2>&1; code=\$?; set -e; [ \$code = 1 ] && grep -q \"CHANGED  \$(basename \"\$f\")\" $files_dir/verify.out"
check "detach records who and why; the file leaves the list" bash -c "'$habeas' detach kz-massimov 2 --reason 'wrong person' && ! '$habeas' files kz-massimov | grep -q 'as photo.jpg' && '$habeas' files kz-massimov --all | grep -q 'wrong person'"
check "detaching it again is refused, exit 1" expect_exit 1 "$habeas" detach kz-massimov 2 --reason again
# Accounts: the first admin, a token shown once (only its hash kept), revocation, disabling.
check "users add --admin prints a generated password once" bash -c "'$habeas' users add --admin ana > $files_dir/add.out && grep -q 'Password (shown only now): ' $files_dir/add.out && ! '$habeas' users list | grep -q \"\$(sed -n 's/^Password (shown only now): //p' $files_dir/add.out)\""
check "a weak password from standard input is refused, exit 2" bash -c "echo short | { set +e; '$habeas' users add bo --password-stdin; [ \$? = 2 ]; }"
check "users add with a role and a team" bash -c "echo 'a long enough passphrase' | '$habeas' users add bo --role lawyer --team 'Kazakhstan team' --password-stdin && '$habeas' users list | grep -q \"^bo	lawyer	teams: Kazakhstan team\""
check "a token is printed once and kept as a hash" bash -c "t=\$('$habeas' users token add bo --scope read --quiet) && [ \${#t} = 71 ] && ! grep -q \"\$t\" $files_dir/db.sqlite* && '$habeas' users list | grep -q '^bo.*tokens: 1(read)'"
check "token revoke, then a second revoke exits 1" bash -c "'$habeas' users token revoke 1 && set +e && '$habeas' users token revoke 1; [ \$? = 1 ]"
check "disable" bash -c "'$habeas' users disable bo && '$habeas' users list | grep -q '^bo.*disabled'"
check "import --team gives the cases to the team" bash -c "'$habeas' import --team 'Kazakhstan team' $fixtures/kz-massimov.yaml | grep -q 'gave 1 case to the team Kazakhstan team' && '$habeas' audit list --action permission-change | grep -q 'given to the team Kazakhstan team'"
check "permission changes are in the audit trail, with who made them" bash -c "'$habeas' audit list --action permission-change | grep -q 'bo disabled' && '$habeas' audit list --action permission-change | grep -q 'user bo added as lawyer'"
check "serve beyond loopback without TLS or a proxy is refused, exit 2" bash -c "set +e; '$habeas' serve --host 0.0.0.0 --port 18931 > $files_dir/serve.out 2>&1; code=\$?; set -e; [ \$code = 2 ] && grep -q 'tls-certificate' $files_dir/serve.out"
check "a name that is not valid is refused, exit 1" expect_exit 1 "$habeas" users add "Bad Name"
# Issue 14: encryption at rest.
check "the database and its WAL hold no name and no id in clear" bash -c "ls $files_dir/db.sqlite* >/dev/null && ! grep -a -i -q -e massimov -e karim $files_dir/db.sqlite $files_dir/db.sqlite-wal 2>/dev/null"
check "the stored files are sealed: no clear byte of the PDF in the file store" bash -c "! grep -a -r -q 'the detention decision' $files_dir/db.sqlite.files/sha256"
check "the key file beside the database was made 0600" bash -c "[ \"\$(stat -c %a $files_dir/db.sqlite.key)\" = 600 ]"
check "a wrong master key is refused at start, naming fingerprints, exit 1" bash -c "set +e; HABEAS_MASTER_KEY=\$(head -c 32 /dev/urandom | base64) '$habeas' files kz-massimov > $files_dir/wrong.out 2>&1; code=\$?; set -e; [ \$code = 1 ] && grep -q 'fingerprint' $files_dir/wrong.out"
check "keys rotate: the new key opens every case, the old one no longer does" bash -c "'$habeas' keys rotate --new-key-file $files_dir/new.key && HABEAS_KEY_FILE=$files_dir/new.key '$habeas' files kz-massimov | grep -q 'Detention decision' && ! '$habeas' files kz-massimov >/dev/null 2>&1"
unset HABEAS_DB
rm -rf "$files_dir"
# Issue 14: the audit trail and backups. Backup → restore into an empty database → audit verify.
bk=$(mktemp -d /tmp/habeas-backup-XXXXXX)
export HABEAS_DB="$bk/db.sqlite"
export HABEAS_KEY_FILE="$bk/master.key"
"$habeas" keys init --key-file "$bk/master.key" >/dev/null
printf '%%PDF-1.4\nbackup smoke\n%%%%EOF\n' > "$bk/decision.pdf"
check "import and attach, then the audit trail verifies" bash -c "'$habeas' import $fixtures/kz-massimov.yaml && '$habeas' attach kz-massimov $bk/decision.pdf --title 'Decision' && '$habeas' audit verify && '$habeas' audit head > $bk/head"
check "an unencrypted backup only when asked, and still no name readable" bash -c "'$habeas' backup $bk/plain.backup --unencrypted | grep -q 'NOT encrypted' && ! grep -qa 'Massimov' $bk/plain.backup"
check "backup: encrypted, with its checksum, no name readable" bash -c "'$habeas' backup $bk/cases.backup && sha256sum -c --status <(sed 's|  .*|  $bk/cases.backup|' $bk/cases.backup.sha256) && ! grep -qa 'Massimov' $bk/cases.backup"
check "restore into an empty database, then audit verify with the kept head, and every file opens" bash -c "'$habeas' restore $bk/cases.backup --db $bk/restored.sqlite && '$habeas' audit verify --db $bk/restored.sqlite --head \$(cat $bk/head) && '$habeas' files kz-massimov --db $bk/restored.sqlite | grep -q Decision && '$habeas' verify-files --db $bk/restored.sqlite"
check "restore into a database that is not empty is refused, exit 1" expect_exit 1 "$habeas" restore "$bk/cases.backup" --db "$bk/restored.sqlite"
check "restore into a database opened with another master key is refused, exit 1" bash -c "'$habeas' keys init --key-file $bk/other.key >/dev/null; set +e; HABEAS_MASTER_KEY=\$(cat $bk/other.key) '$habeas' restore $bk/cases.backup --db $bk/other-key.sqlite 2> $bk/other.err; [ \$? = 1 ]"
check "a flipped byte in the backup is refused, exit 1" bash -c "cp $bk/cases.backup $bk/flipped.backup && cp $bk/cases.backup.sha256 $bk/flipped.backup.sha256 && printf 'X' | dd of=$bk/flipped.backup bs=1 seek=200 conv=notrunc 2>/dev/null; set +e; '$habeas' restore $bk/flipped.backup --db $bk/other.sqlite 2> $bk/flipped.err; [ \$? = 1 ] && grep -q 'checksum' $bk/flipped.err"
python3 - "$bk/db.sqlite" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("DROP TRIGGER case_audit_no_update")
c.execute("UPDATE case_audit SET detail = detail || 'x' WHERE seq = 1")
c.commit()
PY
check "one changed audit detail: audit verify names the entry, exit 1" bash -c "set +e; '$habeas' audit verify > $bk/verify.out 2>&1; [ \$? = 1 ] && grep -q 'entry 1: hash mismatch' $bk/verify.out"
unset HABEAS_DB HABEAS_KEY_FILE
rm -rf "$bk"
# Issue 15: a 1,000-row XLSX with typos and mixed date formats; every bad row reported by number
# and column, the good ones in; the same sheet again creates nothing; the group's petition as DOCX.
sheet=$(mktemp -d /tmp/habeas-sheet-XXXXXX)
export HABEAS_DB="$sheet/db.sqlite"
python3 - "$sheet" <<'PY'
import sys, zipfile
d = sys.argv[1]
esc = lambda s: s.replace('&', '&amp;').replace('<', '&lt;')
def cell(col, r, v):
    if isinstance(v, int):  # a date serial in the built-in date format 14
        return '<c r="%s%d" s="1"><v>%d</v></c>' % (col, r, v)
    return '<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (col, r, esc(v))
rows = [["Name", "Date of birth", "Profile", "Arrest date"]]
for i in range(1000):
    r = i + 2
    name = "Surname%d Given%d" % (i, i)
    born = [32937 + i, "05.03.19%02d" % (60 + i % 40), "5 Mar 19%02d" % (60 + i % 40), "19%02d-03-05" % (60 + i % 40)][i % 4]
    arrested = ["05.01.2022", "5 Jan 2022", 44567, "January 7, 2022"][i % 4]
    profile = ["journalist", "protestor", "", "lawyer"][i % 4]
    if r % 50 == 7: profile = "jornalist"
    if r % 50 == 23: arrested = "31.02.2022"
    if r % 50 == 41: name = ""
    rows.append([name, born, profile, arrested])
sheet = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
for r, row in enumerate(rows, 1):
    sheet += '<row r="%d">' % r + ''.join(cell("ABCD"[c], r, v) for c, v in enumerate(row)) + '</row>'
sheet += '</sheetData></worksheet>'
z = zipfile.ZipFile(d + '/list.xlsx', 'w', zipfile.ZIP_DEFLATED)
z.writestr('xl/workbook.xml', '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="List" sheetId="1" r:id="rId1"/></sheets></workbook>')
z.writestr('xl/_rels/workbook.xml.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
z.writestr('xl/styles.xml', '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>')
z.writestr('xl/worksheets/sheet1.xml', sheet)
z.close()
PY
check "a 1,000-row XLSX: 60 bad rows reported by number and column, exit 1; 940 cases in" bash -c "set +e; '$habeas' import-table $sheet/list.xlsx --state KZ --group almaty-2022-01 --group-name 'Almaty, January 2022' > $sheet/out 2> $sheet/err; [ \$? = 1 ] && grep -q '^created 940, updated 0, unchanged 0, rejected 60 rows' $sheet/out && [ \$(grep -c '^rejected: row [0-9]*, column' $sheet/err) = 60 ] && grep -q 'rejected: row 7, column C \"Profile\"' $sheet/err && grep -q 'rejected: row 23, column D \"Arrest date\"' $sheet/err && grep -q 'rejected: row 41, column A \"Name\"' $sheet/err"
check "the same XLSX again: nothing created, nothing updated, no duplicate" bash -c "set +e; '$habeas' import-table $sheet/list.xlsx --state KZ --group almaty-2022-01 > $sheet/out2 2>/dev/null; [ \$? = 1 ] && grep -q '^created 0, updated 0, unchanged 940, rejected 60 rows, likely duplicates 0' $sheet/out2"
check "the group petition as DOCX: the annex across landscape pages, in parts of 100 rows" bash -c "'$habeas' draft group-petition almaty-2022-01 -o $sheet/g.docx --as-of 2022-03-01 && python3 -c 'import zipfile,sys; x=zipfile.ZipFile(sys.argv[1]).read(\"word/document.xml\").decode(); sys.exit(0 if \"w:orient=\\\"landscape\\\"\" in x and x.count(\"<w:tbl>\") == 10 and \"Surname999 Given999\" in x else 1)' $sheet/g.docx"
unset HABEAS_DB
rm -rf "$sheet"
echo "cli smoke: $passed passed, $failed failed"
[ "$failed" = 0 ]
