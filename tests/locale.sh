#!/bin/sh
# In a locale that is not UTF-8 the reader draws ASCII only: placeholders
# for other characters, ASCII for the selection marker, ellipsis and
# separator, and the columns still line up.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

printf ':screen\n' > "$TMP/keys"
LC_ALL=C LINES=8 COLUMNS=70 TERM=xterm "$FOLIO" --script "$TMP/keys" \
	"$TOP_SRCDIR/articles" "$FIXTURES/cjk.txt" > "$TMP/screen" 2> "$TMP/err"
check $? "the reader runs in the C locale"
LC_ALL=C grep -q "$(printf '[\200-\377]')" "$TMP/screen"
check_eq $? 1 "every byte drawn is ASCII"
grep -q '^> Newspaper staff who uncovered the ?mass detention?' "$TMP/screen"
check $? "the selection is '>' and a curly quote is '?'"
grep -q '^  ????????????????????$' "$TMP/screen"
check $? "a CJK title is one '?' per column, so widths line up"
grep -q '~$' "$TMP/screen"
check $? "a cut title ends in '~'"

printf 'Enter\n:screen\n' > "$TMP/keys2"
LC_ALL=C LINES=8 COLUMNS=100 TERM=xterm "$FOLIO" --script "$TMP/keys2" \
	"$TOP_SRCDIR/articles" > "$TMP/screen2" 2>/dev/null
grep -q '|' "$TMP/screen2" && ! LC_ALL=C grep -q "$(printf '[\200-\377]')" "$TMP/screen2"
check $? "the panes are split by an ASCII '|'"

LC_ALL=C "$FOLIO" --dump --width 30 "$FIXTURES/cjk.txt" > "$TMP/dump"
check_eq "$(LC_ALL=C.UTF-8 wc -L < "$TMP/dump")" 30 \
	"--dump in the C locale still lays out by display width"

done_testing
