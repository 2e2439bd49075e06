#!/bin/sh
# screen.sh - tier 2: drive the real folio with scripted keys (--script) and
# compare text dumps of its screen with the expected screens kept beside
# the scripts, then check what no fixed screen can show: the text at the
# top of the article survives resizes, hostile articles and file names put
# no control character on the screen, and every size from 1x1 up works
# without a crash or a sanitizer report.
#
# tests/screens/NAME.keys is a script for folio --script: its first line a
# comment saying what it checks, then "# size COLSxROWS", "# args PATH..."
# (relative to $TOP_SRCDIR) and, for a screen that shows a known bug,
# "# todo bug: WHAT" (its check is then a TAP TODO and NAME.screen holds the
# correct screen, written by hand).  NAME.screen is the expected output.
#
# FOLIO_UPDATE_SCREENS=1 rewrites the expected screens from what folio
# prints, except the "# todo" ones; review every change by eye (git diff)
# before committing it: an expected screen must show correct behaviour.
#
# Needs $FOLIO and $TOP_SRCDIR (set by make check).  Prints TAP.

# shellcheck disable=SC1091 # lib.sh is found at run time
. "${TOP_SRCDIR:-.}/tests/lib.sh"

need_folio
SCREENS=$TOP_SRCDIR/tests/screens
TERM=xterm
export TERM
unset NO_COLOR

# diag FILE: FILE as TAP diagnostics, at most 60 lines.
diag() {
	sed -n '1,60s/^/# /p' "$1"
}

# run SIZE KEYS OUT ERR PATH...: runs folio --script KEYS at SIZE (COLSxROWS)
# in $TOP_SRCDIR with a fresh home, so no configuration or saved state of
# the user or of an earlier run changes the screen.  Returns its status.
runs=0
run() {
	size=$1 keys=$2 out=$3 err=$4
	shift 4
	runs=$((runs + 1))
	home=$TMP/home.$runs
	mkdir "$home"
	(
		cd "$TOP_SRCDIR" &&
			HOME=$home XDG_CONFIG_HOME=$home/config XDG_STATE_HOME=$home/state \
				XDG_DATA_HOME=$home/data COLUMNS=${size%x*} LINES=${size#*x} \
				exec "$FOLIO" --script "$keys" "$@"
	) >"$out" 2>"$err"
	st=$?
	rm -rf "$home"
	return $st
}

# clean_stderr FILE: nothing on stderr but folio's notes on skipped files
# (the fixtures hold a binary one): no sanitizer report, no crash.
clean_stderr() {
	! grep -v '^folio: .*: skipped: ' "$1" | grep -q .
}

# meta NAME FILE: the value of the "# NAME value" line of a script.
meta() {
	sed -n "s/^# $1 //p" "$2" | sed -n 1p
}

# ---- expected screens ---------------------------------------------------

for keys in "$SCREENS"/*.keys; do
	name=$(basename "$keys" .keys)
	expected=$SCREENS/$name.screen
	size=$(meta size "$keys")
	args=$(meta args "$keys")
	todo=$(meta todo "$keys")
	got=$TMP/$name.out
	err=$TMP/$name.err

	case $size in
	[1-9]*x[1-9]*) ;;
	*)
		check 1 "$name: the script says its size (# size COLSxROWS)"
		continue
		;;
	esac
	set -f
	# shellcheck disable=SC2086 # args is a list of paths without blanks
	set -- $args
	set +f
	run "$size" "$keys" "$got" "$err" "$@"
	st=$?
	check_eq "$st" 0 "$name: exits with status 0"
	clean_stderr "$err"
	r=$?
	check $r "$name: nothing on stderr but skipped files"
	[ $r -eq 0 ] || diag "$err"
	terminal_safe "$got"
	check $? "$name: the screen holds no control character"

	if [ -n "${FOLIO_UPDATE_SCREENS:-}" ]; then
		if [ -n "$todo" ]; then
			echo "# $name: kept $name.screen, written by hand (todo)"
		elif ! cmp -s "$got" "$expected"; then
			cp "$got" "$expected"
			echo "# $name: wrote $name.screen; review it"
		fi
	fi
	if [ ! -f "$expected" ]; then
		check 1 "$name: screens as expected (no $name.screen)"
		continue
	fi
	diff -u "$expected" "$got" >"$TMP/$name.diff"
	r=$?
	if [ -n "$todo" ]; then
		check_todo $r "$name: screens as expected" "$todo"
	else
		check $r "$name: screens as expected"
	fi
	[ $r -eq 0 ] || diag "$TMP/$name.diff"
done

# ---- help ---------------------------------------------------------------

# block OUT N: the Nth screen of OUT.
block() {
	awk -v n="$2" '$0 == "--" { i++; next } i == n - 1' "$1"
}

# The help is generated from the action table: every action of src/action.h
# but "none" has a row with its line of help and its name, and quit and help
# show their keys.  At 200x120 every row fits on one line and the whole help
# on one screen.
printf ':screen\nh\n:screen\nx\n:screen\n' >"$TMP/help.keys"
run 200x120 "$TMP/help.keys" "$TMP/help.out" "$TMP/help.err" articles
check_eq "$?" 0 "help: exits with status 0"
block "$TMP/help.out" 2 >"$TMP/help.txt"
check_eq "$(sed -n 1p "$TMP/help.txt")" "folio keys" "help: the first row says what it is"
r=1
sed -n '119,120p' "$TMP/help.txt" | grep -q '^ Help' && r=0
check $r "help: the status line says Help"
sed -n 's/^[[:space:]]*X([A-Z_]*, *"\([^"]*\)", *"\([^"]*\)").*/\1	\2/p' \
	"$TOP_SRCDIR/src/action.h" | grep -v '^none	' >"$TMP/actions"
missing=
n_actions=0
while IFS='	' read -r name help; do
	n_actions=$((n_actions + 1))
	awk -v entry="  $help [$name]" '
		index($0, entry) { found = 1 }
		END { exit !found }' "$TMP/help.txt" || missing="$missing $name"
done <"$TMP/actions"
[ "$n_actions" -gt 20 ] || missing="$missing (only $n_actions actions read from src/action.h)"
check_eq "${missing# }" "" "help: a row for each action of src/action.h, with its help line"
[ -z "$missing" ] || diag "$TMP/help.txt"
r=1
grep -q '^q Q C-c  *quit folio \[quit\]$' "$TMP/help.txt" &&
	grep -q '^h F1  *show this help.* \[help\]$' "$TMP/help.txt" && r=0
check $r "help: the keys of quit and help are shown"
block "$TMP/help.out" 1 >"$TMP/help.before"
block "$TMP/help.out" 3 >"$TMP/help.after"
cmp -s "$TMP/help.before" "$TMP/help.after"
check $? "help: closing it gives back the screen as it was"
# Scrolling, at 80x10: j moves one line, G shows the end.
printf 'h\n:screen\nj\n:screen\nG\n:screen\n' >"$TMP/help.keys"
run 80x10 "$TMP/help.keys" "$TMP/help.out" "$TMP/help.err" articles
check_eq "$(block "$TMP/help.out" 2 | sed -n 1p)" "$(block "$TMP/help.out" 1 | sed -n 2p)" \
	"help: j scrolls it one line"
r=1
block "$TMP/help.out" 3 | sed -n '9,10p' | grep -q ' 100%$' && r=0
check $r "help: G shows its end (100% at the bottom)"

# ---- the text at the top survives resizes -------------------------------

# top_rows OUT: the first row of each screen of OUT, one per line, from
# after the separator when there is one (the article pane).
top_rows() {
	awk 'BEGIN { first = 1 }
		first { print; first = 0 }
		$0 == "--" { first = 1 }' "$1" | sed 's/^.*│ //'
}

# In the middle of a wrapped paragraph: the top line starts with "story"
# at 80 columns and must start there again after the round trip; between,
# the top row holds the same words.
cat >"$TMP/anchor.keys" <<'EOF'
j Enter 1 1 j
:screen
:resize 40x12
:screen
:resize 120x40
:screen
:resize 80x24
:screen
:resize 5x2
:screen
:resize 80x24
:screen
EOF
run 80x24 "$TMP/anchor.keys" "$TMP/anchor.out" "$TMP/anchor.err" articles
check_eq "$?" 0 "resize mid-paragraph: exits with status 0"
top_rows "$TMP/anchor.out" >"$TMP/anchor.top"
first=$(sed -n 1p "$TMP/anchor.top")
check_eq "$first" "   story have had to go into hiding" \
	"resize mid-paragraph: the top line at 80x24 is a wrapped one"
r=0
for i in 2 3; do
	case $(sed -n "${i}p" "$TMP/anchor.top") in
	*"story have had"*) ;;
	*) r=1 ;;
	esac
done
check $r "resize mid-paragraph: at 40x12 and 120x40 the top row holds that text"
[ $r -eq 0 ] || diag "$TMP/anchor.top"
got4=$(sed -n 4p "$TMP/anchor.top")
if [ "$got4" = "$first" ]; then r=0; else r=1; fi
check $r "resize mid-paragraph: back at 80x24 the same line is at the top"
[ $r -eq 0 ] || printf '#   got: %s\n#  want: %s\n' "$got4" "$first"
too=$(sed -n 5p "$TMP/anchor.top")
check_eq "$too" "Termi" "resize mid-paragraph: at 5x2 the too-small notice shows"
check_eq "$(sed -n 6p "$TMP/anchor.top")" "$(sed -n 4p "$TMP/anchor.top")" \
	"resize mid-paragraph: growing from 5x2 restores the view"

# ---- hostile articles and file names ------------------------------------

# Every fixture and a folder whose names and titles carry escapes, walked
# article by article at several sizes, with the help screen and the list
# on top: no byte may reach the screen as a control.
evil=$TMP/evil
mkdir "$evil" "$evil/$(printf 'dir\033[31mred\302\233m')" || exit 1
: >"$evil/$(printf 'esc\033]0;pwned\007name.txt')"
printf 'Title \033]2;owned\007 with \302\2332J C1 and \342\200\256bidi\n\nbody\n' \
	>"$evil/$(printf 'dir\033[31mred\302\233m')/a.txt"
# shellcheck disable=SC2016 # $r is text, a DCS request
printf '\033P1$r\033\\\n\n\033_apc\033\\ \033^pm\033\\ \033[?1049l\033c\n' >"$evil/dcs-title.txt"
walk=$TMP/walk.keys
{
	echo ':screen'
	i=0
	while [ $i -lt 14 ]; do
		printf ']\n:screen\nG\n:screen\n'
		i=$((i + 1))
	done
	printf 'Tab\n:screen\nG\n:screen\nh\n:screen\nG\n:screen\n'
} >"$walk"
for size in 80x24 40x12 20x5 12x4; do
	run "$size" "$walk" "$TMP/walk.out" "$TMP/walk.err" tests/fixtures "$evil"
	st=$?
	clean_stderr "$TMP/walk.err" || st=1
	check_eq "$st" 0 "hostile walk at $size: exits 0, nothing on stderr"
	terminal_safe "$TMP/walk.out"
	check $? "hostile walk at $size: no control character on any screen"
done
# The names and titles show, made visible: the list of the evil folder.
printf ':screen\n' >"$TMP/evil.keys"
run 80x8 "$TMP/evil.keys" "$TMP/evil.out" "$TMP/evil.err" "$evil"
r=1
grep -q 'esc␛]0;pwned␇name.txt' "$TMP/evil.out" && r=0
check $r "an empty article's file name shows with its escape made visible"
[ $r -eq 0 ] || diag "$TMP/evil.out"

# ---- every size ---------------------------------------------------------

# dims OUT ROWS COLS: each screen of OUT has ROWS rows, none wider than
# COLS columns (wc -L counts display columns where it can).
dims() {
	awk -v r="$2" '$0 == "--" { if (n != r) bad = 1; n = 0; s++; next }
		{ n++ }
		END { exit (bad || s == 0 || n != 0) }' "$1" || return 1
	[ -z "$wc_cols" ] || [ "$(grep -v '^--$' "$1" | wc -L)" -le "$3" ]
}
wc_cols=
[ "$(printf '\344\270\255\n' | wc -L 2>/dev/null)" = 2 ] && wc_cols=yes

sweep_keys='j Enter Space G
:screen
Tab 3 j ] h Space Esc
:screen
z > < l 2 [ C-l
:screen
'
# Start at each size of a grid, then resize through every column count
# from 1 to 40 at each row count from 1 to 12: every size is drawn, and
# each start is a fresh one.
bad=
printf '%s' "$sweep_keys" >"$TMP/sweep.keys"
for rows in 1 2 3 5 12; do
	for cols in 1 2 5 8 13 21 40; do
		run "${cols}x$rows" "$TMP/sweep.keys" "$TMP/s.out" "$TMP/s.err" articles tests/fixtures
		st=$?
		if [ $st -ne 0 ] || ! clean_stderr "$TMP/s.err" || ! dims "$TMP/s.out" "$rows" "$cols"; then
			bad="$bad ${cols}x$rows"
		fi
	done
done
check_eq "${bad# }" "" "fresh starts at sizes from 1x1 to 40x12: status 0, clean stderr, screens of the right size"
bad=
rows=1
while [ $rows -le 12 ]; do
	cols=1
	: >"$TMP/resize.keys"
	while [ $cols -le 40 ]; do
		printf ':resize %dx%d\n%s' "$cols" "$rows" "$sweep_keys" >>"$TMP/resize.keys"
		cols=$((cols + 1))
	done
	run "40x$rows" "$TMP/resize.keys" "$TMP/s.out" "$TMP/s.err" articles tests/fixtures
	st=$?
	if [ $st -ne 0 ] || ! clean_stderr "$TMP/s.err" || ! dims "$TMP/s.out" "$rows" 40; then
		bad="$bad rows=$rows"
	fi
	rows=$((rows + 1))
done
check_eq "${bad# }" "" "resizes through every size from 1x1 to 40x12: status 0, clean stderr, screens of the right size"
bad=
for size in 79x24 80x24 81x24 132x43 300x100 1x300 300x1 1000x3; do
	run "$size" "$TMP/sweep.keys" "$TMP/s.out" "$TMP/s.err" articles tests/fixtures
	st=$?
	if [ $st -ne 0 ] || ! clean_stderr "$TMP/s.err" || ! dims "$TMP/s.out" "${size#*x}" "${size%x*}"; then
		bad="$bad $size"
	fi
done
check_eq "${bad# }" "" "large and lopsided sizes: status 0, clean stderr, screens of the right size"

# ---- q --------------------------------------------------------------------

printf 'j\nq\n:screen\n' >"$TMP/q.keys"
run 80x24 "$TMP/q.keys" "$TMP/q.out" "$TMP/q.err" articles
st=$?
check_eq "$st:$(wc -c <"$TMP/q.out" | tr -d ' ')" "0:0" "q quits at once with status 0, drawing nothing more"

done_testing
