#!/bin/sh
# The scripting modes: --list, --dump, --search, --help, --version, errors.
. "${TOP_SRCDIR:-.}/tests/lib.sh"
A=$TOP_SRCDIR/articles

"$FOLIO" --list "$A" > "$TMP/list" 2> "$TMP/err"
check $? "--list exits 0"
check_eq "$(wc -l < "$TMP/list")" 5 "--list shows the five sample articles"
check_eq "$(cut -f2 "$TMP/list" | head -1)" \
	"Newspaper staff who uncovered the ‘mass detention’ of gay men in Chechnya threatened" \
	"the first title is the first line of the first article"
check_eq "$(cut -f1 "$TMP/list" | sed 's|.*/||' | tr '\n' ' ')" \
	"01-novaya-gazeta-staff-threatened.txt 02-five-critical-updates.txt 03-demonstrations-in-london.txt 04-targeting-continues.txt 05-cnn-interviews.txt " \
	"--list is in natural order"
# Titles are headlines: the third article opens with a sign-up form.
cut -f2 "$TMP/list" > "$TMP/titles"
printf '%s\n' \
	"Newspaper staff who uncovered the ‘mass detention’ of gay men in Chechnya threatened" \
	"5 Critical Updates on Chechnya’s Anti-Gay Purge" \
	"Demonstrations In London As Russia Refuses To Act Over Chechnya's Anti-Gay Purge" \
	"Chechnya’s Targeting Of Gay Men Is Continuing, Activists Say" \
	"CNN Interviews Gay Men Tortured In Chechnya" > "$TMP/want"
cmp -s "$TMP/titles" "$TMP/want"
check $? "--list gives the headline of each sample article, not its clutter"

"$FOLIO" --dump --width 40 "$A/01-novaya-gazeta-staff-threatened.txt" > "$TMP/dump"
check $? "--dump exits 0"
check_eq "$(wc -L < "$TMP/dump")" 40 \
	"--dump --width 40 fills but never exceeds 40 columns"
check_eq "$(tr -d ' \n' < "$TMP/dump" | md5sum)" \
	"$(tr -d ' \n' < "$A/01-novaya-gazeta-staff-threatened.txt" | md5sum)" \
	"--dump adds nothing but spaces and line breaks"
check_eq "$("$FOLIO" --dump "$A/02-five-critical-updates.txt" | wc -L)" 80 \
	"--dump to a pipe uses 80 columns"

"$FOLIO" --dump --width 30 "$FIXTURES/controls.txt" "$FIXTURES/invalid.txt" "$FIXTURES/nul.txt" \
	"$FIXTURES/crlf.txt" "$FIXTURES/rtl.txt" > "$TMP/hostile"
check $? "--dump of hostile fixtures exits 0"
terminal_safe "$TMP/hostile"
check $? "--dump output holds no byte that acts on a terminal"
grep -q '␛\]0;pwned' "$TMP/hostile"
check $? "escape sequences are shown as text"
"$FOLIO" --list "$FIXTURES" > "$TMP/hlist" 2>/dev/null
terminal_safe "$TMP/hlist"
check $? "--list output is terminal-safe"

"$FOLIO" --search Kadyrov "$A" > "$TMP/s"
check $? "--search exits 0 when it matches"
check_eq "$(head -1 "$TMP/s" | cut -d: -f2)" 3 "--search prints path:line:text"
grep -c Kadyrov "$A"/*.txt | awk -F: '$2 > 0 { n += $2 } END { print n }' > "$TMP/want"
check_eq "$(wc -l < "$TMP/s")" "$(cat "$TMP/want")" "--search finds the lines grep finds"
"$FOLIO" --search 'chechnya' "$A" > "$TMP/s2"
check_eq "$(wc -l < "$TMP/s2")" "$(grep -ci chechnya "$A"/*.txt | awk -F: '{ n += $2 } END { print n }')" \
	"a lowercase pattern ignores case"
"$FOLIO" --search 'CHECHNYA' "$A" > /dev/null
check_eq $? 1 "an uppercase pattern respects case: no match exits 1"
"$FOLIO" -i --search 'CHECHNYA' "$A" > /dev/null
check_eq $? 0 "-i ignores case"
"$FOLIO" --search 'zzqqxx' "$A" > /dev/null
check_eq $? 1 "no match exits 1"
"$FOLIO" --count --search 'gay' "$A" > "$TMP/c"
check_eq "$(awk -F: '{ n += $2 } END { print n }' "$TMP/c")" \
	"$(cat "$A"/*.txt | grep -oi 'gay' | wc -l)" "--count counts every match"
"$FOLIO" --search 'pwned' "$FIXTURES/controls.txt" > "$TMP/s3"
terminal_safe "$TMP/s3"
check $? "--search output is terminal-safe"
printf 'Stra\303\237e\n' > "$TMP/de.txt"
"$FOLIO" --search strasse "$TMP/de.txt" > /dev/null
check $? "full case folding: strasse finds Straße"

"$FOLIO" --search x /nonexistent > /dev/null 2> "$TMP/e"
check_eq $? 2 "a missing path exits 2"
grep -q 'nonexistent' "$TMP/e"
check $? "and says which"

"$FOLIO" --help > "$TMP/h"
check $? "--help exits 0"
grep -q '^Usage: folio' "$TMP/h"
check $? "--help prints usage"
"$FOLIO" --version | grep -q '^folio [0-9]'
check $? "--version prints the version"
"$FOLIO" --bogus > /dev/null 2> "$TMP/e"
check_eq $? 2 "an unknown option exits 2"
grep -q 'Usage' "$TMP/e"
check $? "and prints usage on stderr"
"$FOLIO" --dump --width 0 "$A" > /dev/null 2>&1
check_eq $? 2 "a bad width exits 2"

done_testing
