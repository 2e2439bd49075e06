#!/bin/sh
# faults.sh - files that change under folio, in a real terminal (tmux).
#   - A 31 MB article (mapped, its lines counted between keys) truncated to
#     a smaller size while shown: "changed on disk; reloaded" shows, the top
#     line stays, the new line total is counted, and 70% j 30% G g go where
#     they should in what the file holds now; no NUL picture shows.
#   - The same file then truncated to nothing: the notice, an empty pane,
#     and 70% j 30% G g still answer.
#   - Then grown in place (appended to) and replaced by a rename with a
#     small file: each time the notice, and the new text.
#   - The folder shown deleted: j j Enter shows, in the article pane, why
#     the article cannot be opened, and it still says so after more keys.
# Every check waits (bounded) for the screen it looks for.
#
# Needs $FOLIO and $TOP_SRCDIR (set by make check); skips without tmux.
# Prints TAP.

# shellcheck disable=SC1091 # lib.sh is found at run time
. "${TOP_SRCDIR:-.}/tests/lib.sh"

need_folio
case "$TMP$FOLIO" in
*[!A-Za-z0-9_./+-]*)
	echo "1..0 # SKIP a path holds characters this test does not quote"
	exit 0
	;;
esac

if ! tmux_server faults; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
mkdir "$TMP/home" || exit 1

# ---- helpers --------------------------------------------------------------

# run NAME ARGS: folio in a new 80x24 session NAME, with a home of its own.
run() {
	s=$1
	shift
	T new-session -d -s "$s" -x 80 -y 24 \
		"exec env TERM=$term LC_ALL=C.UTF-8 HOME=$TMP/home XDG_CONFIG_HOME=$TMP/home/config XDG_STATE_HOME=$TMP/home/state $FOLIO $*" \
		2>"$TMP/tmux.err"
}

screen() {
	T capture-pane -p -t "$s"
}

# wait_screen COMMAND...: until COMMAND succeeds on a fresh capture of the
# screen, in $TMP/screen (10 s: a loaded machine, a sanitizer build).
wait_screen() {
	i=0
	while [ $i -lt 100 ]; do
		screen >"$TMP/screen" 2>/dev/null && "$@" && return 0
		pause
		i=$((i + 1))
	done
	return 1
}

# The tests on $TMP/screen that wait_screen runs.
shows() {
	grep -qF -- "$1" "$TMP/screen"
}
top_is() {
	[ "$(sed -n 1p "$TMP/screen")" = "$1" ]
}
row_is() {
	[ "$(sed -n "${1}p" "$TMP/screen")" = "$2" ]
}
prompt_starts() {
	case $(sed -n 24p "$TMP/screen") in
	"$1"*) return 0 ;;
	esac
	return 1
}
# pane_empty: rows 1-22 hold nothing, and the prompt line starts with $1.
pane_empty_then() {
	[ -z "$(sed -n '1,22p' "$TMP/screen" | tr -d ' \n')" ] && prompt_starts "$1"
}
# pane_says TEXT: the article pane (right of the separator), its rows
# joined and spaces dropped, holds TEXT with its spaces dropped.
pane_says() {
	sed -n '1,22s/^[^│]*│//p' "$TMP/screen" | tr -d ' \n' | grep -qF -- "$(printf '%s' "$1" | tr -d ' ')"
}

# no_nul: no U+2400 (the picture of a NUL byte) anywhere on the screen.
no_nul() {
	! grep -qF '␀' "$TMP/screen"
}

dump() {
	sed -n '1,24s/^/# /p' "$TMP/screen"
}

# line_at PCT FILE: the number of the line of FILE holding the byte PCT
# percent into it (as folio computes it), which for seq output is its text.
line_at() {
	size=$(wc -c <"$2" | tr -d ' ')
	awk -v size="$size" -v pct="$1" 'BEGIN { off = int(size * pct / 100) }
		{ n = length($0) + 1; if (pos + n > off) { print NR; exit } pos += n }' "$2"
}

# lines FILE: the lines folio counts, an unended last one included.
lines() {
	n=$(wc -l <"$1" | tr -d ' ')
	[ -s "$1" ] && [ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" != '\n' ] && n=$((n + 1))
	echo "$n"
}

# keys_land PCT FILE NAME: 70% j 30% G g on FILE, each checked once the
# screen shows where it lands.
keys_land() {
	want=$(line_at 70 "$1")
	T send-keys -t "$s" 7 0 %
	wait_screen top_is "$want"
	check $? "$2: 70% shows line $want at the top"
	T send-keys -t "$s" j
	wait_screen top_is $((want + 1))
	check $? "$2: j moves down one line"
	want=$(line_at 30 "$1")
	T send-keys -t "$s" 3 0 %
	wait_screen top_is "$want"
	check $? "$2: 30% shows line $want at the top"
	want=$(tail -n 1 "$1")
	T send-keys -t "$s" G
	wait_screen row_is 22 "$want"
	check $? "$2: G shows the last line ($want) at the bottom"
	T send-keys -t "$s" g
	wait_screen top_is 1
	check $? "$2: g goes back to the first line"
	wait_screen no_nul
	r=$?
	check $r "$2: no NUL picture anywhere"
	[ $r -eq 0 ] || dump
}

# ---- a huge mapped article truncated, emptied, grown, replaced -------------

big=$TMP/big.txt
seq 1 4000000 >"$big"
if run big "$big"; then
	wait_screen shows "/4000000 "
	check $? "big: 31 MB of lines, counted between keys"
	want=$(line_at 10 "$big")
	T send-keys -t "$s" 1 0 %
	wait_screen top_is "$want"
	check $? "big: 10% shows line $want at the top"

	truncate -s 20000000 "$big"
	wait_screen shows "The article changed on disk; reloaded"
	r=$?
	check $r "smaller: truncated to 20 MB while shown, the notice shows without a key"
	[ $r -eq 0 ] || dump
	wait_screen top_is "$want"
	check $? "smaller: the same line stays at the top"
	n=$(lines "$big")
	wait_screen shows "$want/$n "
	check $? "smaller: the lines are counted again: $want/$n"
	keys_land "$big" smaller

	T send-keys -t "$s" 5 0 %
	wait_screen top_is "$(line_at 50 "$big")"
	truncate -s 0 "$big"
	wait_screen shows "The article changed on disk; reloaded"
	r=$?
	check $r "empty: truncated to nothing while shown, the notice shows"
	[ $r -eq 0 ] || dump
	wait_screen pane_empty_then "The article changed"
	check $? "empty: the pane is empty"
	# n with no search says so: once it shows, every key before it was
	# handled.
	T send-keys -t "$s" 7 0 % j 3 0 % G g n
	wait_screen pane_empty_then "No previous search"
	r=$?
	shows "1/1  100%" || r=1
	check $r "empty: 70% j 30% G g answer; still line 1/1 of an empty pane"
	[ $r -eq 0 ] || dump
	wait_screen no_nul
	check $? "empty: no NUL picture anywhere"

	seq 1 300000 >"$TMP/more.txt"
	dd if="$TMP/more.txt" of="$big" bs=4M conv=notrunc oflag=append 2>/dev/null
	wait_screen shows "/300000 "
	r=$?
	shows "The article changed on disk; reloaded" || r=1
	check $r "grown: appended to while shown, the notice and its new lines show"
	[ $r -eq 0 ] || dump
	wait_screen top_is 1
	check $? "grown: from its first line"
	keys_land "$big" grown

	printf 'Replaced title\n\nA small file now.\n' >"$TMP/small.txt"
	mv "$TMP/small.txt" "$big"
	wait_screen shows "The article changed on disk; reloaded"
	r=$?
	top_is "Replaced title" || r=1
	shows " 1/1  Replaced title" || r=1
	check $r "renamed over: the new file shows, with its title"
	[ $r -eq 0 ] || dump

	T send-keys -t "$s" q
	i=0
	while [ $i -lt 30 ] && T has-session -t "$s" 2>/dev/null; do
		pause
		i=$((i + 1))
	done
	r=0
	T has-session -t "$s" 2>/dev/null && r=1
	check $r "big: q quits"
else
	check 1 "big: folio runs in tmux ($(head -n 1 "$TMP/tmux.err"))"
fi
rm -f "$big" "$TMP/more.txt"

# ---- the folder shown deleted ----------------------------------------------

gone=$TMP/gone
mkdir "$gone"
for i in 1 2 3; do
	printf 'Article %s\n\nIts body.\n' $i >"$gone/a$i.txt"
done
if run gone "$gone"; then
	wait_screen shows " 1/3  Article 1"
	check $? "gone: three articles, the first shown"
	rm -rf "$gone"
	T send-keys -t "$s" j
	wait_screen pane_says "$gone/a2.txt: No such file or directory"
	r=$?
	check $r "gone: j to an article deleted, its pane says why"
	[ $r -eq 0 ] || dump
	T send-keys -t "$s" j Enter j k G g Space n
	wait_screen prompt_starts "No previous search"
	r=$?
	pane_says "$gone/a3.txt: No such file or directory" || r=1
	shows " 3/3  Article 3" || r=1
	check $r "gone: j Enter and more keys later, the pane still says why"
	[ $r -eq 0 ] || dump
	T send-keys -t "$s" Tab k
	wait_screen shows " 2/3  Article 2"
	r=$?
	pane_says "$gone/a2.txt: No such file or directory" || r=1
	check $r "gone: each article says why in its own pane"
	[ $r -eq 0 ] || dump
	T send-keys -t "$s" q
else
	check 1 "gone: folio runs in tmux ($(head -n 1 "$TMP/tmux.err"))"
fi

done_testing
