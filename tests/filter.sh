#!/bin/sh
# The filter from the outside: --filter with --dump prints only the
# matching lines (a document's matching paragraphs and list items) as the
# pane lays them out, with -E, -F, -s and smart case, grep's exit statuses
# (0 a match, 1 none, 2 a bad pattern said with its position), nothing
# from an article acting on a terminal; then & in the reader over a large
# article the test writes: the first screen of matches, G to the last,
# and an empty & showing every line again where the filter was.
. "${TOP_SRCDIR:-.}/tests/lib.sh"
need_folio

D=$TMP/articles
mkdir "$D" "$TMP/home" || exit 1
printf 'apple pie\nbanana split\nan apple a day keeps the doctor away, so they say\ncherry\nApple tree\n' >"$D/a.txt"
printf 'nothing to see\n' >"$D/b.txt"
printf '# Pets\n\nA paragraph about cats\nthat goes on over lines.\n\n- a dog item\n- a cat item\n\nNothing here.\n' >"$D/c.md"
printf 'an apple \033[31mred\033[0m \033]0;title\007 here\n' >"$D/d.txt"
export HOME=$TMP/home XDG_CONFIG_HOME=$TMP/home/config XDG_STATE_HOME=$TMP/home/state

run() {
	"$FOLIO" "$@" >"$TMP/out" 2>"$TMP/err"
	echo $? >"$TMP/st"
}
out() { cat "$TMP/out"; }
st() { cat "$TMP/st"; }

run --filter=apple -w 20 "$D/a.txt"
check_eq "$(out)" "apple pie
an apple a day keeps
the doctor away, so
they say
Apple tree" "--filter: the matching lines with all their rows; smart case"
check_eq "$(st)" 0 "--filter: exit 0 on a match"
run --filter=apple -s "$D/a.txt"
check_eq "$(out)" "apple pie
an apple a day keeps the doctor away, so they say" "-s: case matters"
run --filter=zebra "$D/a.txt"
check_eq "$(st):$(out)" "1:" "no match: nothing printed, exit 1"
run -E --filter='^(banana|cherry)$|^b' "$D/a.txt"
check_eq "$(out)" "banana split
cherry" "-E: a regular expression, anchored per line"
run -E --filter='^b' -F "$D/a.txt"
check_eq "$(st)" 1 "-F after -E: literal again"
run -E --filter='app(le' "$D/a.txt"
check_eq "$(st)" 2 "a bad regular expression: exit 2"
grep -q 'regex: missing closing parenthesis at 7' "$TMP/err"
check $? "and it says why and where"
run --filter=cat -w 40 "$D/c.md"
if grep -q 'shown as plain text' "$TMP/err"; then
	skip "--filter on Markdown" "md4c cannot be loaded"
else
	check_eq "$(out)" "A paragraph about cats that goes on over
lines.
• a cat item" "--filter on Markdown: the whole paragraph and the list item that match"
fi
run --filter=apple -w 80 "$D/a.txt" "$D/b.txt" "$D/d.txt"
check_eq "$(sed -n 4p "$TMP/out"):$(wc -l <"$TMP/out" | tr -d ' ')" ":5" \
	"several articles: an empty line between those that match, none for the others"
terminal_safe "$TMP/out"
check $? "--filter: no byte of an article acts on a terminal"
"$FOLIO" --help | grep -q -- '--filter=PATTERN'
check $? "--help tells of --filter"
"$FOLIO" --dump-config | grep -q 'key = "&"; *action = "filter"'
check $? "--dump-config binds & to filter"

# ---- & in the reader, over a large article ------------------------------
# 30 MB of lines, with "needle" on two near the start and on the last
# ten but one, more than a screen of them.
big=$TMP/big.txt
awk 'BEGIN {
	for (i = 1; i <= 480000; i++) {
		if (i == 3 || i == 5 || (i >= 479990 && i < 480000))
			printf "needle %d\n", i
		else
			printf "hay hay hay hay hay hay hay hay hay hay hay hay hay hay hay %d\n", i
	}
}' >"$big"
cat >"$TMP/keys" <<'KEYS'
j j
&
:type needle
Enter
:screen
G
:screen
&
Enter
:screen
KEYS
(COLUMNS=60 LINES=8 exec "$FOLIO" --script "$TMP/keys" "$big") >"$TMP/screens" 2>"$TMP/err"
check $? "& over a 30 MB article: folio ends well"
first=$(awk '/^--$/ { n++; next } n == 0' "$TMP/screens")
last=$(awk '/^--$/ { n++; next } n == 1' "$TMP/screens")
off=$(awk '/^--$/ { n++; next } n == 2' "$TMP/screens")
check_eq "$(echo "$first" | sed -n 1,3p)" "needle 3
needle 5
needle 479990" "the first screen shows the matching lines only, the first at the top"
echo "$first" | grep -q '&needle  12 lines'
check $? "the status says the filter is on, with its count"
check_eq "$(echo "$last" | sed -n 1,6p | tr '\n' ' ')" \
	"needle 479994 needle 479995 needle 479996 needle 479997 needle 479998 needle 479999 " \
	"G under the filter shows the last screen of matches"
check_eq "$(echo "$off" | sed -n 1p)" "needle 479994" \
	"an empty & shows every line again, the top line staying at the top"
check_eq "$(echo "$off" | sed -n 2,3p | tr '\n' ' ')" "needle 479995 needle 479996 " \
	"and the lines below it follow"
echo "$off" | grep -q '&needle'
check $((!$?)) "the status no longer tells of a filter"
check_eq "$(grep -v '^folio: .*: skipped: ' "$TMP/err")" "" "nothing on stderr"

# ---- in tmux: a slow filter stays answerable ------------------------------
case "$TMP$FOLIO" in
*[!A-Za-z0-9_./+-]*)
	skip "a slow filter in tmux" "a path holds characters this test does not quote"
	done_testing
	;;
esac
if ! tmux_server filter; then
	skip "a slow filter in tmux" "tmux is not installed"
	done_testing
fi
# 4 MB of lines of a's ending in b: (a|aa)+$ backtracks on each until the
# match limit, minutes of work in all, and matches none of them.
awk 'BEGIN { print "TOP OF THE ARTICLE"; l = sprintf("%40s", ""); gsub(/ /, "a", l);
	for (i = 0; i < 100000; i++) print l "b" }' >"$TMP/slow.txt"
if ! T new-session -d -s t -x 80 -y 24 \
	"TERM=$term HOME=$TMP/home LC_ALL=C.UTF-8 $FOLIO $TMP/slow.txt; echo folio-exited; sleep 60" \
	2>"$TMP/tmux.err"; then
	skip "a slow filter in tmux" "tmux cannot start a session here"
	done_testing
fi
shows() { T capture-pane -p -t t | grep -qF -- "$1"; }
wait_until 50 shows "TOP OF THE ARTICLE"
T send-keys -t t '&'
T send-keys -t t C-r
T send-keys -t t -l '(a|aa)+$'
wait_until 50 shows 'Regex &(a|aa)+$'
check $? "& C-r: the prompt says Regex & and shows the pattern"
T send-keys -t t Enter
wait_until 50 shows '&(a|aa)+$  0+ lines'
check $? "the status says the filter is on and still looking"
T send-keys -t t G
wait_until 50 shows '(a key stops)'
check $? "G waits for the filter's end, saying how far it is"
T send-keys -t t j
wait_until 50 shows 'Stopped waiting for the filter'
check $? "a key stops the wait"
T send-keys -t t '&'
T send-keys -t t Enter
wait_until 50 sh -c "! tmux -L $sock capture-pane -p -t t | grep -q '&(a|aa)'"
check $? "an empty & turns the slow filter off at once"
wait_until 50 shows "TOP OF THE ARTICLE"
check $? "and the article shows again"
T send-keys -t t q
wait_until 50 shows folio-exited
check $? "q quits at once"
done_testing
