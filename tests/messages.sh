#!/bin/sh
# messages.sh - what folio says on stderr (and --check-config on stdout),
# and its exit status in the scripting modes.
#   - Every message quoting outside text quotes it as safe text: an article
#     that vanishes between the scan and the open, a bad option or width
#     (getopt's own messages included), a script's name and keys, a state
#     folder's name, a configuration's name.  No byte of it can act on a
#     terminal, and each message is one line.
#   - Configuration errors are bounded: a syntax error quotes a few dozen
#     characters around where libconfig stopped, not the whole line, and
#     after CFGFILE_MAX_MESSAGES problems one line counts the rest.
#   - Like grep and cat: --list, --dump, --search and --count exit 2 when a
#     PATH named on the command line cannot be read, or an article cannot
#     be opened, after doing everything else, whether or not anything
#     matched; files skipped in a folder scan are only warned about.
#
# Needs $FOLIO and $TOP_SRCDIR (set by make check).  Prints TAP.

# shellcheck disable=SC1091 # lib.sh is found at run time
. "${TOP_SRCDIR:-.}/tests/lib.sh"
need_folio
A=$TOP_SRCDIR/articles
ESC=$(printf '\033')
BEL=$(printf '\007')
# An OSC that would set the window title, as a file name or an argument.
evil="${ESC}]0;X${BEL}"
# How that shows: the control pictures for ESC and BEL.
shown="␛]0;X␇"

# one_safe_line FILE: FILE is one line of terminal-safe text.
one_safe_line() {
	terminal_safe "$1" && [ "$(wc -l < "$1")" -eq 1 ]
}

# ---- an article that vanishes between the scan and the open --------------
# A full pipe holds folio in the first article (its output is far bigger
# than a pipe holds) while the second is deleted: no timing involved.
D=$TMP/vanish
mkdir "$D"
awk 'BEGIN { for (i = 0; i < 40000; i++) print "word word word word word word word word" }' \
	> "$D/a.txt"
mkfifo "$TMP/pipe"

# held MODE...: runs folio MODE... on $D with its output into the pipe,
# reads one byte (so it has scanned and is writing a.txt), deletes the
# second article, drains the pipe; the status goes to $held_status.
held() {
	printf 'will vanish\n' > "$D/b-$evil.txt"
	"$FOLIO" "$@" "$D" > "$TMP/pipe" 2> "$TMP/err" &
	exec 3< "$TMP/pipe"
	dd bs=1 count=1 <&3 > /dev/null 2>&1
	rm -f "$D/b-$evil.txt"
	cat <&3 > "$TMP/out"
	exec 3<&-
	wait $!
	held_status=$?
}

for mode in --dump "--search word"; do
	# shellcheck disable=SC2086 # the mode is two words
	held $mode
	check_eq "$(cat "$TMP/err")" "folio: $D/b-$shown.txt: No such file or directory" \
		"$mode: a vanished article is named as safe text"
	one_safe_line "$TMP/err"
	check $? "$mode: the message is one terminal-safe line"
	check_eq "$held_status:$(grep -c word "$TMP/out")" 2:40000 \
		"$mode: the first article in full, then exit 2"
done

# ---- options and arguments ------------------------------------------------
# bad_arg WANT NAME ARG...: folio ARG... exits 2 with WANT as its first
# line on stderr, terminal-safe, and nothing on stdout.
bad_arg() {
	want=$1 name=$2
	shift 2
	"$FOLIO" "$@" > "$TMP/out" 2> "$TMP/err"
	st=$?
	check_eq "$st:$(wc -c < "$TMP/out" | tr -d ' '):$(head -n 1 "$TMP/err")" "2:0:$want" "$name"
	terminal_safe "$TMP/err"
	check $? "$name: stderr is terminal-safe"
}
bad_arg "folio: invalid width '␛[31mX' (a number from 1 to 100000)" \
	"--width with an escape sequence" --width="${ESC}[31mX" "$A"
bad_arg "folio: unrecognized option '--$shown'" "an unknown option with an OSC" "--$evil" "$A"
bad_arg "folio: unrecognized option '--bogus'" "an unknown option" --bogus=1 "$A"
bad_arg "folio: invalid option -- '␛'" "an unknown short option that is ESC" "-$ESC" "$A"
bad_arg "folio: invalid option -- 'x'" "an unknown short option in a cluster" -xl "$A"
bad_arg "folio: option '--c' is ambiguous" "an ambiguous option" --c "$A"
bad_arg "folio: option '--list' doesn't allow an argument" \
	"an argument to an option without one" "--list=$evil" "$A"
bad_arg "folio: option '--width' requires an argument" "a long option without its argument" \
	--width
bad_arg "folio: option requires an argument -- 'w'" "a short option without its argument" -w
grep -q '^Usage: folio' "$TMP/err"
check $? "a bad option still prints the usage on stderr"

# ---- scripts, configuration and state: outside names --------------------
printf ':screen\n' > "$TMP/keys"
TERM=xterm "$FOLIO" --script "$TMP/no-$evil" "$A" > /dev/null 2> "$TMP/err"
check_eq "$?:$(cat "$TMP/err")" "2:folio: $TMP/no-$shown: No such file or directory" \
	"a missing --script file is named as safe text"
printf 'j %s\n' "k$evil" > "$TMP/bad.keys"
TERM=xterm "$FOLIO" --script "$TMP/bad.keys" "$A" > /dev/null 2> "$TMP/err"
check_eq "$?:$(cat "$TMP/err")" "2:folio: $TMP/bad.keys:1: unknown key name 'k$shown'" \
	"an unknown key name in a script is quoted as safe text"
printf ':%s\n' "$evil" > "$TMP/bad.keys"
TERM=xterm "$FOLIO" --script "$TMP/bad.keys" "$A" > /dev/null 2> "$TMP/err"
check_eq "$?:$(cat "$TMP/err")" "2:folio: $TMP/bad.keys:1: unknown script command :$shown" \
	"an unknown script command is quoted as safe text"

"$FOLIO" -c "$TMP/c-$evil.conf" --list "$A" > /dev/null 2> "$TMP/err"
check_eq "$?:$(cat "$TMP/err")" "2:folio: $TMP/c-$shown.conf: No such file or directory" \
	"a missing configuration is named as safe text"
printf 'mouse = yes;\n' > "$TMP/c-$evil.conf"
"$FOLIO" --check-config "$TMP/c-$evil.conf" > /dev/null 2> "$TMP/err"
check_eq "$?:$(cat "$TMP/err")" "2:$TMP/c-$shown.conf:1: syntax error: 'mouse = yes;'" \
	"a configuration's problems name it as safe text"
printf 'mouse = true;\n' > "$TMP/c-$evil.conf"
"$FOLIO" --check-config "$TMP/c-$evil.conf" > "$TMP/out"
check_eq "$?:$(cat "$TMP/out")" "0:$TMP/c-$shown.conf: OK" "--check-config names a good file as safe text"

# A save at the end that waits for the database held elsewhere (by a
# python3 writer here), in a state folder whose name holds an OSC: the
# message after the reader ends.
S=$TMP/state-$evil
mkdir -p "$S/folio"
printf 'Enter\nj\n' > "$TMP/open.keys"
XDG_STATE_HOME=$S TERM=xterm LINES=10 COLUMNS=80 "$FOLIO" --script "$TMP/open.keys" "$A" \
	> /dev/null 2>&1
printf 'Enter\nj\nj\n' > "$TMP/open.keys"
if [ -f "$S/folio/state.db" ] && command -v python3 > /dev/null 2>&1 &&
	python3 -c 'import sqlite3' 2> /dev/null; then
	python3 -c '
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
print("held", flush=True)
time.sleep(30)
' "$S/folio/state.db" > "$TMP/held" &
	holder=$!
	n=0
	until [ -s "$TMP/held" ] || [ $n -ge 100 ]; do sleep 0.1; n=$((n + 1)); done
	XDG_STATE_HOME=$S TERM=xterm LINES=10 COLUMNS=80 "$FOLIO" --script "$TMP/open.keys" "$A" \
		> /dev/null 2> "$TMP/err"
	kill "$holder" 2> /dev/null
	wait "$holder" 2> /dev/null
	grep -qF "folio: reading state not saved: $TMP/state-$shown/folio/state.db: another folio held it" \
		"$TMP/err"
	check $? "a failed save at the end names the state folder as safe text"
	[ $? -eq 0 ] || sed 's/^/# /' "$TMP/err" | cat -v
	one_safe_line "$TMP/err"
	check $? "in one terminal-safe line"
else
	skip "a failed save at the end names the state folder as safe text" "no python3 sqlite3"
	skip "in one terminal-safe line" "no python3 sqlite3"
fi

# --list and --search quote file names and lines as safe text (stdout).
mkdir "$TMP/names"
printf 'Title %s here\nline %s with word\n' "$evil" "$evil" > "$TMP/names/n-$evil.txt"
for mode in --list "--search word" "--count --search word"; do
	# shellcheck disable=SC2086 # the mode is several words
	"$FOLIO" $mode "$TMP/names" > "$TMP/out" 2> "$TMP/err"
	r=1
	terminal_safe "$TMP/out" && grep -qF "n-$shown.txt" "$TMP/out" && [ ! -s "$TMP/err" ] && r=0
	check $r "$mode: names and text on stdout are safe text"
done

# ---- configuration errors are bounded ---------------------------------------
# A deeply nested value on one 800 KB line: libconfig gives up on it.
awk 'BEGIN { s = "mouse = "; for (i = 0; i < 400000; i++) s = s "("; printf "%s\n", s }' \
	> "$TMP/deep.conf"
"$FOLIO" --check-config "$TMP/deep.conf" > /dev/null 2> "$TMP/err"
check_eq "$?:$(wc -l < "$TMP/err" | tr -d ' ')" 2:1 "an 800 KB line with an error: one message"
[ "$(wc -c < "$TMP/err")" -lt $((${#TMP} + 150)) ]
check $? "which quotes only a bounded excerpt of it"
check_eq "$(sed 's/(((*/(/' "$TMP/err")" "$TMP/deep.conf:1: memory exhausted: '…(…'" \
	"with an ellipsis on each side"
# An error far along a long line: the excerpt is around it.
awk 'BEGIN { s = "paths = ["; for (i = 0; i < 2000; i++) s = s "\"/p/" i "\", ";
	printf "%s\"/end\" ]; mouse = yes; layout = { center = false; };\n", s }' > "$TMP/long.conf"
"$FOLIO" --check-config "$TMP/long.conf" > /dev/null 2> "$TMP/err"
check_eq "$(cat "$TMP/err")" \
	"$TMP/long.conf:1: syntax error: '…8\", \"/p/1999\", \"/end\" ]; mouse = yes; layout = { center = fa…'" \
	"a syntax error far along a line quotes the text around it"
# 18,000 bad bindings.
awk 'BEGIN { printf "keys = (\n"; for (i = 0; i < 18000; i++)
	printf "\t{ key = \"zz%d\"; action = \"quit\"; }%s\n", i, i < 17999 ? "," : "";
	printf ");\n" }' > "$TMP/many.conf"
"$FOLIO" --check-config "$TMP/many.conf" > /dev/null 2> "$TMP/err"
check_eq "$?:$(wc -l < "$TMP/err" | tr -d ' ')" 2:21 "18,000 bad bindings: 20 messages and a count"
check_eq "$(sed -n 1p "$TMP/err")" "$TMP/many.conf:2: keys[0].key: unknown key name 'zz0'" \
	"the first problem comes first"
check_eq "$(sed -n 21p "$TMP/err")" "$TMP/many.conf: ... and 17980 more errors" \
	"the last line counts the rest"
# A 100,000-character string value.
awk 'BEGIN { s = ""; for (i = 0; i < 10000; i++) s = s "abcdefghij"; printf "state = { mark_read = \"%s\"; };\n", s }' \
	> "$TMP/value.conf"
"$FOLIO" --check-config "$TMP/value.conf" > /dev/null 2> "$TMP/err"
check_eq "$(cat "$TMP/err")" \
	"$TMP/value.conf:1: state.mark_read: unknown value 'abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij…' (one of: open, end, never)" \
	"a huge string value is quoted up to 60 characters"

# ---- exit status -------------------------------------------------------------
# status_is WANT NAME ARG...: folio ARG... exits WANT.
status_is() {
	want=$1 name=$2
	shift 2
	"$FOLIO" "$@" > "$TMP/out" 2> "$TMP/err"
	check_eq "$?" "$want" "$name"
}
status_is 2 "--search with no match and a missing PATH exits 2" --search zzzqqq "$A" /nonexistent
grep -q '/nonexistent' "$TMP/err"
check $? "and says which PATH"
status_is 2 "--search with matches and a missing PATH exits 2" --search Kadyrov "$A" /nonexistent
check_eq "$(grep -c Kadyrov "$TMP/out")" "$(cat "$A"/*.txt | grep -c Kadyrov)" \
	"after printing every match"
status_is 2 "--count with no match and a missing PATH exits 2" --count --search zzzqqq "$A" \
	/nonexistent
status_is 2 "--search of a missing PATH alone exits 2" --search zzzqqq /nonexistent
status_is 2 "--list with a missing PATH exits 2" --list "$A" /nonexistent
check_eq "$(wc -l < "$TMP/out" | tr -d ' ')" 5 "after listing the others"
status_is 2 "--dump with a missing PATH exits 2" --dump "$A/02-five-critical-updates.txt" \
	/nonexistent
check_eq "$(head -n 1 "$TMP/out")" "$(head -n 1 "$A/02-five-critical-updates.txt")" \
	"after dumping the others"
status_is 1 "--search with no match exits 1" --search zzzqqq "$A"
status_is 0 "--search with a match exits 0" --search Kadyrov "$A"
# What a folder scan skips is warned about but is no error.
mkdir "$TMP/skips"
cp "$A/01-novaya-gazeta-staff-threatened.txt" "$TMP/skips/"
mkfifo "$TMP/skips/fifo.txt"
status_is 0 "a FIFO skipped in a folder leaves the status alone" --search Kadyrov "$TMP/skips"
grep -qF "fifo.txt: skipped: FIFO" "$TMP/err"
check $? "with a warning"
status_is 1 "and so does it with no match" --search zzzqqq "$TMP/skips"

done_testing
