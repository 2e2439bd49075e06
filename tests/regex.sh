#!/bin/sh
# Regular expressions from the outside: --search with -E and -F, the
# grep-like outputs (--count, --files-with-matches, --max-count), the exit
# statuses (0 found, 1 none, 2 a bad pattern, said with its position), the
# search.regex setting; then, in tmux, a catastrophic pattern on a large
# article it writes: the reader keeps answering keys while it searches, a
# key stops the search, and q quits.
. "${TOP_SRCDIR:-.}/tests/lib.sh"
need_folio

D=$TMP/articles
mkdir "$D" "$TMP/home" || exit 1
printf 'Urgent news\nurgency rises\nno match here\nan URGENT urgent matter\n' >"$D/a.txt"
printf 'Чечня и ЧЕЧНЯ\nstraße\nline two\n' >"$D/b.txt"
printf 'nothing\n' >"$D/c.txt"
export HOME=$TMP/home XDG_CONFIG_HOME=$TMP/home/config XDG_STATE_HOME=$TMP/home/state

run() {
	"$FOLIO" "$@" >"$TMP/out" 2>"$TMP/err"
	echo $? >"$TMP/st"
}
out() { cat "$TMP/out"; }
st() { cat "$TMP/st"; }

run --search 'urgen.y' "$D"
check_eq "$(st)" 1 "without -E a dot is literal: urgen.y matches nothing"
run --search 'urgen.y' -E "$D"
check_eq "$(out)" "$D/a.txt:2:urgency rises" "-E: urgen.y is a regular expression"
check_eq "$(st)" 0 "-E: exit 0 on a match"
run --regex --search 'urgen.y' -F "$D"
check_eq "$(st)" 1 "-F after --regex: literal again"
run --search '^urgent|matter$' -E "$D"
check_eq "$(out)" "$D/a.txt:1:Urgent news
$D/a.txt:4:an URGENT urgent matter" "^ and \$ anchor each line; smart case ignores case"
run --search '^URGENT' -E "$D"
check_eq "$(st)" 1 "an uppercase letter makes case matter"
run --search '^urgent' -E -s "$D"
check_eq "$(st)" 1 "-s: case matters"
run --search '\p{Cyrillic}+' -E --count "$D"
check_eq "$(out)" "$D/b.txt:3" "\\p{Cyrillic} with --count counts the matches"
run --search 'urgent' -E --count "$D"
check_eq "$(out)" "$D/a.txt:3" "--count counts every match of a line"
run --search 'urgen' -E --files-with-matches "$D"
check_eq "$(out)" "$D/a.txt" "--files-with-matches: paths only, once each"
run --search 'e' --files-with-matches "$D"
check_eq "$(out)" "$D/a.txt
$D/b.txt" "--files-with-matches with a literal pattern"
run --search 'urgen' -E --max-count=1 "$D"
check_eq "$(out)" "$D/a.txt:1:Urgent news" "--max-count=1 stops after the first matching line"
run --search 'e' --max-count=2 "$D"
check_eq "$(out)" "$D/a.txt:1:Urgent news
$D/a.txt:2:urgency rises
$D/b.txt:2:straße
$D/b.txt:3:line two" "--max-count counts per article"
run --search 'urgent' --max-count=1 --count "$D"
check_eq "$(out)" "$D/a.txt:1" "--max-count with --count: the matches of those lines"
run --search 'urgent' --max-count=0 "$D"
check_eq "$(st):$(out)" "1:" "--max-count=0 finds nothing, as grep -m 0"
run --search 'x' --max-count=-1 "$D"
check_eq "$(st)" 2 "a bad --max-count is an error"
run --search 'urgen(cy' -E "$D"
check_eq "$(st)" 2 "a bad pattern exits 2"
check_eq "$(cat "$TMP/err")" "folio: regex: missing closing parenthesis at 9" \
	"its message says what is wrong and where"
check_eq "$(out)" "" "and nothing is printed"
run --search 'urgen(cy' "$D"
check_eq "$(st)" 1 "the same pattern as literal text is no error"
run --search 'x(' -E "$D/missing" "$D"
check_eq "$(st)" 2 "a bad pattern exits 2 before any article is read"
printf 'search = { regex = true; };\n' >"$TMP/regex.conf"
run -c "$TMP/regex.conf" --search 'urgen.y' "$D"
check_eq "$(out)" "$D/a.txt:2:urgency rises" "search.regex = true makes patterns regular expressions"
run -c "$TMP/regex.conf" -F --search 'urgen.y' "$D"
check_eq "$(st)" 1 "-F overrides search.regex"
run -c "$TMP/regex.conf" --dump-config
grep -q 'regex = true;' "$TMP/out"
check $? "--dump-config shows search.regex"
grep -q 'key = "C-r"; *action = "toggle-regex"' "$TMP/out"
check $? "--dump-config shows C-r bound to toggle-regex in the prompt"
# Bytes of an article never reach the terminal through a pattern's error.
run --search "$(printf 'a(\033[31m')" -E "$D"
terminal_safe "$TMP/err"
check $? "an error quoting nothing of the pattern stays safe"

# ---- in tmux: a catastrophic pattern stays answerable -----------------------
case "$TMP$FOLIO" in
*[!A-Za-z0-9_./+-]*)
	skip "a catastrophic pattern in tmux" "a path holds characters this test does not quote"
	done_testing
	;;
esac
if ! tmux_server regex; then
	skip "a catastrophic pattern in tmux" "tmux is not installed"
	done_testing
fi
# 4 MB of lines of a's ending in b: (a|aa)+$ backtracks on each until the
# match limit, minutes of work in all.
awk 'BEGIN { print "TOP OF THE ARTICLE"; l = sprintf("%40s", ""); gsub(/ /, "a", l);
	for (i = 0; i < 100000; i++) print l "b" }' >"$TMP/slow.txt"
if ! T new-session -d -s t -x 80 -y 24 \
	"TERM=$term HOME=$TMP/home LC_ALL=C.UTF-8 $FOLIO $TMP/slow.txt; echo folio-exited; sleep 60" \
	2>"$TMP/tmux.err"; then
	skip "a catastrophic pattern in tmux" "tmux cannot start a session here"
	done_testing
fi
shows() { T capture-pane -p -t t | grep -qF -- "$1"; }
wait_until 50 shows "TOP OF THE ARTICLE"
T send-keys -t t /
T send-keys -t t C-r
T send-keys -t t -l '(a|aa)+$'
wait_until 50 shows 'Regex /(a|aa)+$'
check $? "the prompt shows the catastrophic pattern as it is typed (regex mode)"
# The search runs now; a key is answered between its slices.
T send-keys -t t C-u
wait_until 50 sh -c "tmux -L $sock capture-pane -p -t t | tail -1 | grep -q '^Regex / *[0-9]'"
check $? "a key during the search is answered (the line is cleared)"
T send-keys -t t -l '(a|aa)+$'
pause
T send-keys -t t Escape
wait_until 50 sh -c "! tmux -L $sock capture-pane -p -t t | grep -q 'Regex /'"
check $? "Esc stops the search and closes the prompt"
T send-keys -t t q
wait_until 50 shows folio-exited
check $? "q quits at once, the search stopped"
done_testing
