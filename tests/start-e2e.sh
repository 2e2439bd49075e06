#!/bin/sh
# start-e2e.sh - progressive start in a real terminal (tmux), on a
# generated collection of 20,000 small files:
#   - the first screen shows while the status says the collection is still
#     being scanned, and a key is answered then (j moves the selection);
#   - the list ends complete: the count reaches 20,000 and G goes to the
#     last article; the status no longer says it scans;
#   - a second start (the title cache filled) lands on the article where
#     the first one was left, at the same place;
#   - a search of the collection typed while it is still scanned (no
#     cache) finds the article scanned last;
#   - the terminal is restored after q.
# No timing is asserted: each check waits for the state it asserts.
#
# Needs $FOLIO and $TOP_SRCDIR (set by make check).  Prints TAP.

# shellcheck disable=SC1091 # lib.sh is found at run time
. "${TOP_SRCDIR:-.}/tests/lib.sh"

if ! command -v pgrep >/dev/null 2>&1; then
	echo "1..0 # SKIP pgrep is not installed"
	exit 0
fi
need_folio
case "$TMP$FOLIO$TOP_SRCDIR" in
*[!A-Za-z0-9_./+-]*)
	echo "1..0 # SKIP a path holds characters this test does not quote"
	exit 0
	;;
esac
if ! tmux_server start; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi

# 20,000 articles in 20 folders; the first one long enough to scroll.
C=$TMP/coll
awk -v root="$C" 'BEGIN {
	for (d = 0; d < 20; d++) {
		dir = sprintf("%s/d%02d", root, d)
		system("mkdir -p " dir)
		for (i = 0; i < 1000; i++) {
			n = d * 1000 + i
			f = sprintf("%s/a%05d.txt", dir, n)
			printf "Article number %d\n\nThe body of article %d.\n", n, n > f
			if (n == 0)
				for (l = 1; l <= 300; l++)
					printf "Body line %d\n", l > f
			close(f)
		}
	}
}'
[ "$(find "$C" -type f | wc -l)" -eq 20000 ] || {
	echo "Bail out! the collection could not be made"
	exit 1
}
# An hour old, so that the title cache keeps them.
find "$C" -type f -exec touch -d '1 hour ago' {} +

mkdir -p "$TMP/home"
if ! T new-session -d -s t -x 80 -y 24 \
	"TERM=$term HOME=$TMP/home XDG_CONFIG_HOME=$TMP/home/config XDG_STATE_HOME=$TMP/home/state XDG_CACHE_HOME=$TMP/home/cache ENV= PS1='\$ ' LC_ALL=C.UTF-8 exec sh -i" 2>"$TMP/tmux.err"; then
	echo "1..0 # SKIP tmux cannot start a session here: $(head -n 1 "$TMP/tmux.err")"
	exit 0
fi
shell_pid=$(T display -p -t t '#{pane_pid}')

# shellcheck disable=SC1091 # pane.sh is found at run time
. "$TOP_SRCDIR/tests/pane.sh"

# hides STRING: the pane does not show STRING.
hides() {
	! screen | grep -qF -- "$1"
}
folio_gone() {
	! pgrep -P "$shell_pid" -x folio >/dev/null
}
dump_screen() {
	screen | sed 's/^/# /'
}
# selected TITLE: the selected row of the list (marked ▸) is TITLE's.
selected() {
	screen | grep -q "^▸ *$1 "
}
# scanning_and_selected STRING: one capture shows the scan going on and
# STRING selected.
scanning_and_selected() {
	screen >"$TMP/both"
	grep -qF 'Scanning: ' "$TMP/both" && grep -q "^▸ *$1 " "$TMP/both"
}

type_cmd "stty -g >$TMP/before"
wait_file "$TMP/before"
modes >"$TMP/modes-before"

type_cmd "$FOLIO $C"
wait_until 300 shows "Article number 0" "Scanning: "
check $? "the first screen shows while the collection is scanned"
[ $? -eq 0 ] || dump_screen
T send-keys -t t j
wait_until 100 scanning_and_selected "Article number 1"
check $? "a key is answered while the status says it is still scanning"
[ $? -eq 0 ] || dump_screen
wait_until 600 shows "/20000 "
check $? "the list ends complete: 20,000 articles"
[ $? -eq 0 ] || dump_screen
wait_until 50 hides "Scanning: "
check $? "and the status no longer says it scans"
T send-keys -t t G
wait_until 50 selected "Article number 19999"
check $? "G goes to the last article"
[ $? -eq 0 ] || dump_screen

# Back to the first article, down its body, and out: the state keeps it.
T send-keys -t t g j
wait_until 50 selected "Article number 0"
T send-keys -t t Enter
T send-keys -t t 200 j
wait_until 50 shows "Body line 201"
check $? "the first article is read down to its line 200"
[ $? -eq 0 ] || dump_screen
T send-keys -t t q
wait_until 100 folio_gone
check $? "q ends folio"
ls "$TMP/home/cache/folio"/titles-* >/dev/null 2>&1
check $? "the title cache was written"

type_cmd "clear"
type_cmd "$FOLIO $C"
wait_until 300 shows "Body line 201" "Article number 0"
check $? "a second start opens the article where it was left"
[ $? -eq 0 ] || dump_screen
wait_until 600 shows "/20000 "
check $? "and lists the whole collection again"
T send-keys -t t q
wait_until 100 folio_gone
check $? "q ends folio"
# A search of the collection typed while it is still scanned sees all of
# it: the one article that holds the word is the last one scanned.
type_cmd "clear"
type_cmd "$FOLIO --no-cache $C"
wait_until 300 shows "Scanning: "
check $? "without the cache, it scans again"
T send-keys -t t / "number 19999"
wait_until 600 matches ' 1 article *$'
check $? "a search of the collection typed while scanning finds the last article"
[ $? -eq 0 ] || dump_screen
T send-keys -t t Escape Escape q
wait_until 100 folio_gone
check $? "q ends folio"
type_cmd "stty -g >$TMP/after"
wait_file "$TMP/after"
cmp -s "$TMP/before" "$TMP/after"
check $? "the terminal's stty settings are as before"
[ "$(modes)" = "$(cat "$TMP/modes-before")" ]
check $? "and its modes"

done_testing
