#!/bin/sh
# input-e2e.sh - standard input in a real terminal (tmux): `writer | folio`
# with a writer that stops half way until the test lets it go on, so that
#   - the first screen shows before the input ends, keys coming from the
#     terminal while the article comes from the pipe, and the status says
#     it is still reading;
#   - G waits for the end, saying so, and a key stops the wait;
#   - G again, once the writer ends, shows the end; "reading" goes;
#   - q leaves the terminal as it was (stty -g, alternate screen, cursor);
#   - a 5 MB .gz file shows its first screen and G reaches its last line.
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
if ! tmux_server input; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
mkdir "$TMP/home" || exit 1
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

# folio_running: a folio started by the pane's shell is running.
folio_running() {
	pgrep -P "$shell_pid" -x folio >/dev/null
}

folio_gone() {
	! folio_running
}

dump_screen() {
	screen | sed 's/^/# /'
}

# The writer: a title and 100 lines, then it waits for $TMP/go before the
# last lines.  Waiting for a file is no timing: the test decides when.
cat >"$TMP/writer" <<EOF
#!/bin/sh
echo "Slow writer title"
i=1
while [ \$i -le 100 ]; do echo "early line \$i"; i=\$((i + 1)); done
while [ ! -e "$TMP/go" ]; do sleep 0.1 2>/dev/null || sleep 1; done
i=1
while [ \$i -le 100 ]; do echo "late line \$i"; i=\$((i + 1)); done
echo "the very last line"
EOF
chmod +x "$TMP/writer"

type_cmd "stty -g >$TMP/before"
wait_file "$TMP/before"
modes >"$TMP/modes-before"
type_cmd "$TMP/writer | $FOLIO"
wait_until 100 shows "Slow writer title" "early line 3" "reading"
check $? "the first screen shows before the input ends, and the status says reading"
[ $? -eq 0 ] || dump_screen
[ ! -e "$TMP/go" ] && hides "late line"
check $? "while the writer still waits"

T send-keys -t t G
wait_until 50 shows "to the end (a key stops)"
check $? "G on a growing article waits for the end, and says so"
T send-keys -t t j
wait_until 50 shows "Stopped waiting for the end"
check $? "a key stops the wait"
folio_running
check $? "and folio goes on"

T send-keys -t t G
wait_until 50 shows "to the end (a key stops)"
: >"$TMP/go"
wait_until 100 shows "the very last line"
check $? "once the input ends, the waiting G shows its last line"
[ $? -eq 0 ] || dump_screen
wait_until 50 hides "reading"
check $? "and the status no longer says reading"

T send-keys -t t q
wait_until 50 folio_gone
check $? "q ends folio"
type_cmd "stty -g >$TMP/after"
wait_file "$TMP/after"
cmp -s "$TMP/before" "$TMP/after"
check $? "the terminal's stty settings are as before"
wait_until 20 modes_are "$TMP/modes-before"
check_eq "$(modes)" "$(cat "$TMP/modes-before")" "the terminal modes are as before"

# A compressed file grows as it is decoded: its first screen, then G.
if command -v gzip >/dev/null 2>&1; then
	seq 1 600000 | sed 's/^/gz row /' | gzip -1 >"$TMP/rows.txt.gz"
	type_cmd "clear"
	type_cmd "$FOLIO $TMP/rows.txt.gz"
	wait_until 100 shows "gz row 1" "gz row 5"
	check $? "a .gz file shows its first screen"
	T send-keys -t t G
	wait_until 200 shows "gz row 600000"
	check $? "G shows its last line once it is decoded"
	[ $? -eq 0 ] || dump_screen
	T send-keys -t t q
	wait_until 50 folio_gone
	check $? "and q ends it"
else
	skip "a .gz file in the terminal" "gzip is not installed"
fi

done_testing
