#!/bin/sh
# follow.sh - following and rescanning in a real terminal (tmux):
#   - F on a file: lines appended show as they are written, the status says
#     it follows; the file truncated under it is read again with a message
#     and its new end followed; a key stops following, and then a change
#     no longer moves the pane;
#   - a folder: files added and removed while folio runs show up through
#     the idle check (rescan_interval 1), the selection kept on the same
#     article (its neighbour when it went), and r rescans by hand;
#   - a compressed article read far down and written again: r decodes it
#     again and keeps the place, and written again in place with no key
#     pressed, the idle check decodes it again;
#   - F on standard input from a slow writer: its lines show as they come,
#     and following stops when the input ends;
#   - q leaves the terminal as it was.
# Every wait is for a state of the screen, with a timeout; the writers
# wait for files the test makes, never for a time.
#
# Needs $FOLIO and $TOP_SRCDIR (set by make check); skips without tmux.
# Prints TAP.

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
if ! tmux_server follow; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
mkdir -p "$TMP/home/config/folio" || exit 1
# The idle check every second, so that the test does not wait long for it.
echo 'rescan_interval = 1;' >"$TMP/home/config/folio/folio.conf"
if ! T new-session -d -s t -x 80 -y 24 \
	"TERM=$term HOME=$TMP/home XDG_CONFIG_HOME=$TMP/home/config ENV= PS1='\$ ' LC_ALL=C.UTF-8 exec sh -i" 2>"$TMP/tmux.err"; then
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

# selected STRING: the selected row of the list (marked ▸) holds STRING.
selected() {
	screen | grep -F '▸' | grep -qF -- "$1"
}

modes_same() {
	[ "$(modes)" = "$(cat "$TMP/modes-before")" ]
}

folio_running() {
	pgrep -P "$shell_pid" -x folio >/dev/null
}

folio_gone() {
	! folio_running
}

dump_screen() {
	screen | sed 's/^/# /'
}

# lines FILE FROM TO WORD: appends "WORD line N" for N from FROM to TO.
lines() {
	i=$2
	while [ "$i" -le "$3" ]; do
		echo "$4 line $i"
		i=$((i + 1))
	done >>"$1"
}

type_cmd "stty -g >$TMP/before"
wait_file "$TMP/before"
modes >"$TMP/modes-before"

# A file followed.
echo "A growing log" >"$TMP/log.txt"
lines "$TMP/log.txt" 1 60 first
type_cmd "$FOLIO $TMP/log.txt"
wait_until 100 shows "A growing log" "first line 10"
check $? "a file opens"
T send-keys -t t F
wait_until 50 shows "first line 60" "following (a key stops)"
check $? "F shows its end, and the status says it follows"
[ $? -eq 0 ] || dump_screen
lines "$TMP/log.txt" 1 3 appended
wait_until 50 shows "appended line 3"
check $? "lines appended to the file show"
[ $? -eq 0 ] || dump_screen
lines "$TMP/log.txt" 4 100 appended
wait_until 50 shows "appended line 100"
check $? "and more than a screen of them: the pane stays at the end"
hides "changed on disk"
check $? "quietly"
echo "Cut short" >"$TMP/log.txt"
echo "after the truncation" >>"$TMP/log.txt"
wait_until 50 shows "after the truncation" "shrank on disk"
check $? "the file truncated is read again, with a message"
[ $? -eq 0 ] || dump_screen
lines "$TMP/log.txt" 1 2 regrown
wait_until 50 shows "regrown line 2" "following"
check $? "and its new end is followed"
T send-keys -t t j
wait_until 50 shows "Stopped following"
check $? "a key stops following"
T send-keys -t t g
wait_until 50 shows "Cut short"
lines "$TMP/log.txt" 3 80 late
wait_until 50 shows "changed on disk; reloaded"
check $? "a change is still seen"
hides "late line 80"
check $? "but the pane stays where it was"
T send-keys -t t q
wait_until 50 folio_gone
check $? "q ends folio"

# A folder that changes under the reader.
mkdir "$TMP/news"
for n in one two three four; do
	printf 'Article %s\n\nThe body of %s.\n' "$n" "$n" >"$TMP/news/$n.txt"
done
type_cmd "clear"
type_cmd "$FOLIO $TMP/news"
wait_until 100 shows "Article four" "Article one"
check $? "a folder opens"
T send-keys -t t j j
wait_until 50 selected "Article three"
check $? "the third article is selected"
printf 'Article added\n\nNew.\n' >"$TMP/news/added.txt"
wait_until 100 shows "Article added" "1 new, 0 gone"
check $? "a file added shows up by itself"
[ $? -eq 0 ] || dump_screen
selected "Article three"
check $? "the selection stays on the same article"
rm "$TMP/news/three.txt"
wait_until 100 hides "Article three"
check $? "a file removed goes by itself"
wait_until 20 selected "Article two"
check $? "the selection goes to its neighbour"
[ $? -eq 0 ] || dump_screen
printf 'Article five\n' >"$TMP/news/five.txt"
T send-keys -t t r
wait_until 50 shows "Rescanned: 5 articles" "Article five"
check $? "r rescans by hand"
T send-keys -t t q
wait_until 50 folio_gone
check $? "q ends folio"

# A compressed article, read far down, written again (in capitals, so that
# each byte stays where it was): r decodes it again and keeps the place.
if command -v gzip >/dev/null 2>&1; then
	mkdir "$TMP/packed"
	{
		echo "Packed first"
		i=1
		while [ $i -le 3000 ]; do
			echo "line $i of the packed article"
			i=$((i + 1))
		done
	} | gzip >"$TMP/packed/p.txt.gz"
	type_cmd "clear"
	type_cmd "$FOLIO $TMP/packed/p.txt.gz"
	wait_until 100 shows "Packed first"
	check $? "a compressed article opens"
	T send-keys -t t 2500G
	wait_until 50 shows "line 2499 of the packed article"
	check $? "and goes far down it"
	{
		echo "Packed again"
		i=1
		while [ $i -le 3000 ]; do
			echo "LINE $i OF THE PACKED ARTICLE"
			i=$((i + 1))
		done
	} | gzip >"$TMP/packed/p.txt.gz.new"
	mv "$TMP/packed/p.txt.gz.new" "$TMP/packed/p.txt.gz"
	T send-keys -t t r
	wait_until 50 shows "LINE 2499 OF THE PACKED ARTICLE"
	check $? "r decodes it again and stays where the reader was (the same byte)"
	[ $? -eq 0 ] || dump_screen
	# Written again in place, with no key pressed: the idle check sees it.
	{
		echo "Packed later"
		i=1
		while [ $i -le 3000 ]; do
			echo "LAST $i OF THE PACKED ARTICLE"
			i=$((i + 1))
		done
	} | gzip >"$TMP/packed/p.txt.gz"
	wait_until 50 shows "LAST 2499 OF THE PACKED ARTICLE" "changed on disk; reloaded"
	ok=$?
	check $ok "written again in place, it is decoded again by itself, at the same place, and says so"
	[ $ok -eq 0 ] || dump_screen
	T send-keys -t t q
	wait_until 50 folio_gone
	check $? "q ends folio"
else
	skip "a compressed article reloaded by r" "gzip is not installed"
fi

# Standard input from a slow writer, followed.
cat >"$TMP/writer" <<EOF2
#!/bin/sh
echo "Slow pipe title"
i=1
while [ \$i -le 50 ]; do echo "early line \$i"; i=\$((i + 1)); done
while [ ! -e "$TMP/go1" ]; do sleep 0.1 2>/dev/null || sleep 1; done
i=1
while [ \$i -le 50 ]; do echo "middle line \$i"; i=\$((i + 1)); done
while [ ! -e "$TMP/go2" ]; do sleep 0.1 2>/dev/null || sleep 1; done
echo "the last line"
EOF2
chmod +x "$TMP/writer"
type_cmd "clear"
type_cmd "$TMP/writer | $FOLIO"
wait_until 100 shows "Slow pipe title" "reading"
check $? "standard input shows before it ends"
T send-keys -t t F
wait_until 50 shows "early line 50" "following, reading"
check $? "F follows it, and says so"
[ $? -eq 0 ] || dump_screen
: >"$TMP/go1"
wait_until 100 shows "middle line 50"
check $? "what the writer sends next shows at once"
[ $? -eq 0 ] || dump_screen
: >"$TMP/go2"
wait_until 100 shows "the last line" "The input ended; stopped following"
check $? "and at the end of the input, following stops"
[ $? -eq 0 ] || dump_screen
T send-keys -t t q
wait_until 50 folio_gone
check $? "q ends folio"

type_cmd "stty -g >$TMP/after"
wait_file "$TMP/after"
cmp -s "$TMP/before" "$TMP/after"
check $? "the terminal's stty settings are as before"
wait_until 20 modes_same
check_eq "$(modes)" "$(cat "$TMP/modes-before")" "the terminal modes are as before"

done_testing
