#!/bin/sh
# hostile.sh - folio --list on folders built to hurt.  A FIFO, a symlink
# loop, a link to /dev/zero, binary files and escape sequences in titles or
# file names must never block folio, crash it, or reach the terminal.
#
# Needs $FOLIO, the folio binary.  Prints TAP.
#
# The helpers below are called through check, which shellcheck cannot see:
# shellcheck disable=SC2317

if [ -z "${FOLIO:-}" ] || [ ! -x "$FOLIO" ]; then
	echo "Bail out! FOLIO must name the folio binary"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/folio-hostile.XXXXXX") || {
	echo "Bail out! mktemp failed"
	exit 1
}
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

n=0
status_all=0

# check DESCRIPTION COMMAND...: one TAP line, ok when COMMAND succeeds.
check() {
	desc=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		status_all=1
	fi
}

skip() {
	n=$((n + 1))
	echo "ok $n - # SKIP $1"
}

# Milliseconds since the epoch, or whole seconds in ms where date has no %N.
now_ms() {
	t=$(date +%s%N)
	case $t in
	*[!0-9]*) echo $(($(date +%s) * 1000)) ;;
	*) echo $((t / 1000000)) ;;
	esac
}

# listed OUT PATH: PATH is the path field of a line of OUT.
listed() {
	P=$2 awk -F '\t' '$1 == ENVIRON["P"] { found = 1 } END { exit !found }' "$1"
}

# unlisted OUT PATH: neither PATH nor anything under it is listed.
unlisted() {
	! P=$2 awk -F '\t' '$1 == ENVIRON["P"] || index($1, ENVIRON["P"] "/") == 1 {
		found = 1 } END { exit !found }' "$1"
}

# warned_once ERR PATH: exactly one warning line names PATH.
warned_once() {
	[ "$(grep -c -F -e "$2:" "$1")" -eq 1 ]
}

lines_are() {
	[ "$(wc -l < "$1")" -eq "$2" ]
}

has_esc() {
	LC_ALL=C grep -q "$(printf '\033')" "$1"
}

# Any C0 control other than tab and newline, NUL included, or DEL.
has_c0() {
	[ "$(tr -d '\000' < "$1" | wc -c)" -ne "$(wc -c < "$1")" ] ||
		LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$1"
}

# A C1 control encoded in UTF-8 (U+0080..U+009F).
has_c1() {
	LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$1"
}

lacks() {
	! "$@"
}

clean() {
	! has_esc "$1" && ! has_c0 "$1" && ! has_c1 "$1"
}

valid_utf8() {
	iconv -f UTF-8 -t UTF-8 "$1" > /dev/null 2>&1
}

line_of() {
	P=$2 awk -F '\t' '$1 == ENVIRON["P"]' "$1"
}

title_kept() {
	case $(line_of "$1" "$2") in
	*Title*here*) return 0 ;;
	*) return 1 ;;
	esac
}

# ---- a folder of hostile things ----------------------------------------
dir=$tmp/hostile
mkdir "$dir" || exit 1
printf 'A normal article\n\nIt has a body.\n' > "$dir/normal.txt"
: > "$dir/empty.txt"
printf 'Title \033]0;pwned\007 here\n\nbody\n' > "$dir/escape.txt"
printf 'C1 \302\233 and raw \233[31m red\n\nbody\n' > "$dir/c1.txt"
printf 'binary\000file\n' > "$dir/binary.dat"
mkfifo "$dir/fifo"
ln -s /dev/zero "$dir/zero"
ln -s . "$dir/loop"
ln -s self "$dir/self"
ln -s nowhere "$dir/dangling"

start=$(now_ms)
timeout 5 "$FOLIO" --list "$dir" > "$tmp/out" 2> "$tmp/err"
status=$?
end=$(now_ms)
elapsed=$((end - start))

check "--list on a hostile folder exits 0 (got $status)" [ "$status" -eq 0 ]
check "--list on a hostile folder takes under a second (${elapsed} ms)" \
	[ "$elapsed" -lt 1000 ]
check "lists the normal article" listed "$tmp/out" "$dir/normal.txt"
check "lists the empty file" listed "$tmp/out" "$dir/empty.txt"
check "lists the file with escapes in its title" listed "$tmp/out" "$dir/escape.txt"
check "lists the file with C1 controls in its title" listed "$tmp/out" "$dir/c1.txt"
check "lists nothing else" lines_are "$tmp/out" 4
check "the escaped title keeps its text" title_kept "$tmp/out" "$dir/escape.txt"
for name in fifo zero binary.dat loop self dangling; do
	check "does not list $name" unlisted "$tmp/out" "$dir/$name"
	check "one warning for $name" warned_once "$tmp/err" "$dir/$name"
done
check "one warning line per skipped item" lines_are "$tmp/err" 6
check "stdout has no ESC byte" lacks has_esc "$tmp/out"
check "stdout has no other C0 control or DEL" lacks has_c0 "$tmp/out"
check "stdout has no C1 control" lacks has_c1 "$tmp/out"
if command -v iconv > /dev/null 2>&1; then
	check "stdout is valid UTF-8" valid_utf8 "$tmp/out"
else
	skip "iconv not found"
fi
check "stderr has no control bytes" clean "$tmp/err"

# ---- hostile file names --------------------------------------------------
names=$tmp/names
mkdir "$names" || exit 1
red=$(printf 'red\033[31m\302\233.txt')
printf 'Red article\n' > "$names/$red"
mkfifo "$names/$(printf 'fifo\033]0;pwned\007')"

timeout 5 "$FOLIO" --list "$names" > "$tmp/out2" 2> "$tmp/err2"
status=$?
check "--list with hostile file names exits 0 (got $status)" [ "$status" -eq 0 ]
check "the file with an escape in its name is listed once" lines_are "$tmp/out2" 1
check "the listing shows no control bytes from the name" clean "$tmp/out2"
check "the FIFO with an escape in its name gets one warning" lines_are "$tmp/err2" 1
check "the warning shows no control bytes from the name" clean "$tmp/err2"

echo "1..$n"
exit $status_all
