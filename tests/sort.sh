#!/bin/sh
# sort.sh - the order of the list and what it hides, from the outside:
#   - --list --sort=KEY prints the articles in each order, within each
#     folder (name, title, date, size, unread), and an unknown KEY is an
#     error (exit 2) that names the keys;
#   - --list --unread prints only the unread articles, as the state says;
#   - the list_sort setting sets the default order of --list and the list;
#   - S in the reader keeps the order chosen for that collection in the
#     state: --list and the next start follow it, another collection does
#     not, and --sort wins over it;
#   - a state file of an older folio is imported with everything in it,
#     kept as state.imported, and the order saved after it is kept.
#
# Needs $FOLIO and $TOP_SRCDIR (set by make check).  Prints TAP.

# shellcheck disable=SC1091 # lib.sh is found at run time
. "${TOP_SRCDIR:-.}/tests/lib.sh"

need_folio
C=$TMP/coll
mkdir -p "$C/news" "$TMP/other" "$TMP/home"
printf 'Zebra crossings\n\nThe longest article of all, it goes on and on.\n' >"$C/a-zebra.txt"
printf 'apple orchards\n\nshort\n' >"$C/b-apple.txt"
printf 'Mango season\n\nmedium length\n' >"$C/c-mango.txt"
printf 'Évian water\n\nspring\n' >"$C/news/10-evian.txt"
printf 'Bridges of the river\n\na river, twice over\n' >"$C/news/9-bridges.txt"
touch -d '2026-01-03 00:00:00' "$C/a-zebra.txt"
touch -d '2026-01-05 00:00:00' "$C/b-apple.txt"
touch -d '2026-01-01 00:00:00' "$C/c-mango.txt"
touch -d '2026-01-02 00:00:00' "$C/news/10-evian.txt"
touch -d '2026-01-04 00:00:00' "$C/news/9-bridges.txt"
printf 'One\n' >"$TMP/other/1.txt"
printf 'Two, longer\n' >"$TMP/other/2.txt"

# names: the file names --list prints, one line.
names() {
	sed 's/\t.*//; s|.*/||' | tr '\n' ' ' | sed 's/ $//'
}

check_eq "$("$FOLIO" --list "$C" | names)" \
	"a-zebra.txt b-apple.txt c-mango.txt 9-bridges.txt 10-evian.txt" \
	"--list: the natural order by default"
check_eq "$("$FOLIO" --list --sort=name "$C" | names)" \
	"a-zebra.txt b-apple.txt c-mango.txt 9-bridges.txt 10-evian.txt" \
	"--sort=name: the same"
check_eq "$("$FOLIO" --list --sort=title "$C" | names)" \
	"b-apple.txt c-mango.txt a-zebra.txt 9-bridges.txt 10-evian.txt" \
	"--sort=title: ignoring case, É after B, within each folder"
check_eq "$("$FOLIO" --list --sort=date "$C" | names)" \
	"b-apple.txt a-zebra.txt c-mango.txt 9-bridges.txt 10-evian.txt" \
	"--sort=date: newest first, within each folder"
check_eq "$("$FOLIO" --list --sort=size "$C" | names)" \
	"a-zebra.txt c-mango.txt b-apple.txt 9-bridges.txt 10-evian.txt" \
	"--sort=size: largest first, within each folder"
check_eq "$("$FOLIO" --list --sort=unread "$C" | names)" \
	"a-zebra.txt b-apple.txt c-mango.txt 9-bridges.txt 10-evian.txt" \
	"--sort=unread with nothing read: the natural order"
"$FOLIO" --list --sort=zzz "$C" >"$TMP/out" 2>"$TMP/err"
check_eq "$?:$(cat "$TMP/err"):$(wc -c <"$TMP/out")" \
	"2:folio: unknown sort 'zzz' (name, title, date, size or unread):0" \
	"an unknown sort key is an error that names the keys, nothing printed"
"$FOLIO" --list --sort="$(printf 'x\033]0;owned\007')" "$C" 2>"$TMP/err" >/dev/null
! grep -q "$(printf '\033')" "$TMP/err"
check $? "and quotes a hostile key as safe text"

# Read two articles in the reader (R), then --unread and --sort=unread.
cat >"$TMP/read.keys" <<'KEYS'
R j R j j j R
KEYS
"$FOLIO" --script "$TMP/read.keys" "$C" >/dev/null 2>&1
check_eq "$("$FOLIO" --list --unread "$C" | names)" "c-mango.txt 10-evian.txt" \
	"--unread lists only the unread articles, in the list's order"
check_eq "$("$FOLIO" --list --sort=unread "$C" | names)" \
	"c-mango.txt a-zebra.txt b-apple.txt 10-evian.txt 9-bridges.txt" \
	"--sort=unread: the unread first, within each folder"
check_eq "$("$FOLIO" --list --unread --sort=size "$C" | names)" "c-mango.txt 10-evian.txt" \
	"--unread with another order"

# The setting.
printf 'list_sort = "size";\n' >"$TMP/home/size.conf"
check_eq "$("$FOLIO" -c "$TMP/home/size.conf" --list "$C" | names)" \
	"a-zebra.txt c-mango.txt b-apple.txt 9-bridges.txt 10-evian.txt" \
	"list_sort sets the order of --list"
printf 'list_sort = "random";\n' >"$TMP/home/bad.conf"
"$FOLIO" -c "$TMP/home/bad.conf" --list "$C" >/dev/null 2>"$TMP/err"
check_eq "$?" 2 "a list_sort that is no order is a configuration error"
grep -q "bad.conf:1: list_sort" "$TMP/err"
check $? "reported with its file and line"

# S in the reader: the order is kept for the collection.
printf 'S\n' >"$TMP/sort.keys"
"$FOLIO" --script "$TMP/sort.keys" "$C" >/dev/null 2>&1
check_eq "$("$FOLIO" --list "$C" | names)" \
	"b-apple.txt c-mango.txt a-zebra.txt 9-bridges.txt 10-evian.txt" \
	"after S (by title) --list follows the order kept for the collection"
check_eq "$("$FOLIO" --list "$C/" | names)" \
	"b-apple.txt c-mango.txt a-zebra.txt 9-bridges.txt 10-evian.txt" \
	"the same folder named another way is the same collection"
check_eq "$("$FOLIO" --list --sort=size "$C" | names)" \
	"a-zebra.txt c-mango.txt b-apple.txt 9-bridges.txt 10-evian.txt" \
	"--sort wins over it"
check_eq "$("$FOLIO" -c "$TMP/home/size.conf" --list "$C" | names)" \
	"b-apple.txt c-mango.txt a-zebra.txt 9-bridges.txt 10-evian.txt" \
	"and it wins over list_sort"
check_eq "$("$FOLIO" -c "$TMP/home/size.conf" --list "$TMP/other" | names)" "2.txt 1.txt" \
	"another collection keeps its own (here the setting's)"
check_eq "$("$FOLIO" --list "$C" "$TMP/other" | names)" \
	"a-zebra.txt b-apple.txt c-mango.txt 9-bridges.txt 10-evian.txt 1.txt 2.txt" \
	"as do several paths together"
cat >"$TMP/screen.keys" <<'KEYS'
:screen
KEYS
COLUMNS=80 LINES=9 "$FOLIO" --script "$TMP/screen.keys" "$C" >"$TMP/screen" 2>&1
check_eq "$(sed -n 1,3p "$TMP/screen" | sed 's/ *│.*//')" \
	"$(printf '▸ apple orchards\n  Mango season\n  Zebra crossings')" \
	"the next start opens in that order, on its first article"
printf 'S S S S\n' >"$TMP/back.keys"
"$FOLIO" --script "$TMP/back.keys" "$C" >/dev/null 2>&1
check_eq "$("$FOLIO" --list "$C" | names)" \
	"a-zebra.txt b-apple.txt c-mango.txt 9-bridges.txt 10-evian.txt" \
	"S round to the natural order is kept too"

# An older folio's state file (no order in it) is imported as it is.
mkdir -p "$TMP/old/folio"
body=$(printf 'folio-state 1\na\t%s\t0000000000000000\t100\t1\t0\t-\nh\tneedle\n' \
	"$(cd "$C" && pwd -P)/b-apple.txt")
sum=$(printf '%s\n' "$body" | python3 -c '
import sys
h = 0xcbf29ce484222325
for b in sys.stdin.buffer.read():
    h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
print("%016x" % h)' 2>/dev/null)
if [ -n "$sum" ]; then
	printf '%s\nend\t%s\n' "$body" "$sum" >"$TMP/old/folio/state"
	XDG_STATE_HOME=$TMP/old "$FOLIO" --list --unread "$C" >"$TMP/out" 2>"$TMP/err"
	check_eq "$(names <"$TMP/out")" "a-zebra.txt c-mango.txt 9-bridges.txt 10-evian.txt" \
		"an older state file is imported: its read article is known"
	grep -q "state.imported" "$TMP/err"
	check $? "with one notice naming the copy kept"
	[ -f "$TMP/old/folio/state.imported" ] && [ -f "$TMP/old/folio/state.db" ] &&
		[ ! -e "$TMP/old/folio/state" ]
	check $? "the old file is kept as state.imported beside state.db"
	XDG_STATE_HOME=$TMP/old "$FOLIO" --script "$TMP/sort.keys" "$C" >/dev/null 2>&1
	check_eq "$(XDG_STATE_HOME=$TMP/old "$FOLIO" --list "$C" 2>&1 | names)" \
		"b-apple.txt c-mango.txt a-zebra.txt 9-bridges.txt 10-evian.txt" \
		"the imported state keeps the order saved after it"
	ls "$TMP/old/folio" | grep -q bad
	check $((!$?)) "and nothing was found bad"
else
	skip "an older state file is imported" "no python3"
	skip "with one notice naming the copy kept" "no python3"
	skip "the old file is kept as state.imported beside state.db" "no python3"
	skip "the imported state keeps the order saved after it" "no python3"
	skip "and nothing was found bad" "no python3"
fi

done_testing
