#!/bin/sh
# titles.sh - the title cache, from the outside:
#   - a second --list reads no article: its bytes changed behind the same
#     size and time, it still lists the title it had (the cache's), and
#     made unreadable (chmod 000, when not root) it is still listed;
#   - a file changed (another time) is titled again, one added is listed,
#     one removed goes;
#   - --no-cache reads every file and leaves the cache alone;
#   - another title_skip sets the cache aside; a damaged cache is ignored
#     with one warning line, and the listing is the same.
#
# Needs $FOLIO and $TOP_SRCDIR (set by make check).  Prints TAP.

# shellcheck disable=SC1091 # lib.sh is found at run time
. "${TOP_SRCDIR:-.}/tests/lib.sh"

need_folio
C=$TMP/coll
mkdir -p "$C/sub" "$TMP/conf"
printf 'First title\n\nbody\n' >"$C/a.txt"
printf 'Second title\n\nbody\n' >"$C/b.txt"
printf '# Third title\n' >"$C/sub/c.md"
printf 'Sign up today\nFourth title\n' >"$C/sub/d.txt"
# An hour old: a file modified in the last two seconds is not kept.
touch -d '1 hour ago' "$C/a.txt" "$C/b.txt" "$C/sub/c.md" "$C/sub/d.txt"
printf 'title_skip = [ "nothing like it" ];\n' >"$TMP/conf/other.conf"

"$FOLIO" --list "$C" >"$TMP/first" 2>"$TMP/err"
check_eq "$?" 0 "a first --list"
check_eq "$(cut -f2 "$TMP/first" | tr '\n' '|')" \
	"First title|Second title|Third title|Fourth title|" "lists the titles read"
check_eq "$(cat "$TMP/err")" "" "with no warning"
check_eq "$(ls "$XDG_CACHE_HOME/folio" | grep -c '^titles-')" 1 \
	"and leaves one cache file in \$XDG_CACHE_HOME/folio"

# The bytes change, the size and the time stay: only a read would see it.
cp -p "$C/a.txt" "$TMP/a.ref"
printf 'Other title\n\nbody\n' >"$C/a.txt"
touch -r "$TMP/a.ref" "$C/a.txt"
"$FOLIO" --list "$C" >"$TMP/second" 2>"$TMP/err"
check_eq "$(cut -f2 "$TMP/second" | head -n 1)" "First title" \
	"a second --list reads no article: the title is the cache's"
check_eq "$(cat "$TMP/err")" "" "with no warning"
"$FOLIO" --no-cache --list "$C" >"$TMP/nocache" 2>"$TMP/err"
check_eq "$(cut -f2 "$TMP/nocache" | head -n 1)" "Other title" \
	"--no-cache reads the file"
if [ "$(id -u)" -ne 0 ]; then
	chmod 000 "$C/b.txt" "$C/sub/c.md"
	"$FOLIO" --list "$C" >"$TMP/third" 2>"$TMP/err"
	check_eq "$(cut -f2 "$TMP/third" | tr '\n' '|')" \
		"First title|Second title|Third title|Fourth title|" \
		"unreadable articles are listed from the cache"
	chmod 644 "$C/b.txt" "$C/sub/c.md"
else
	skip "unreadable articles are listed from the cache" "root reads any file"
fi

# Changed with another time, added, removed.
printf 'Changed title\n\nbody\n' >"$C/b.txt"
touch -d '30 minutes ago' "$C/b.txt"
printf 'Added title\n' >"$C/sub/e.txt"
touch -d '30 minutes ago' "$C/sub/e.txt"
rm "$C/sub/d.txt"
"$FOLIO" --list "$C" >"$TMP/fourth" 2>"$TMP/err"
check_eq "$(cut -f2 "$TMP/fourth" | tr '\n' '|')" \
	"First title|Changed title|Third title|Added title|" \
	"a file changed is titled again, one added listed, one removed gone"
cp -p "$C/b.txt" "$TMP/b.ref"
printf 'Hidden titles\n\nbody\n' >"$C/b.txt"
touch -r "$TMP/b.ref" "$C/b.txt"
"$FOLIO" --list "$C" >"$TMP/fifth" 2>"$TMP/err"
check_eq "$(cut -f2 "$TMP/fifth" | sed -n 2p)" "Changed title" \
	"and the cache was written again with its new title"

# The skip patterns make the titles: another set reads every file again.
"$FOLIO" -c "$TMP/conf/other.conf" --list "$C" >"$TMP/skip" 2>"$TMP/err"
check_eq "$(cut -f2 "$TMP/skip" | tr '\n' '|')" \
	"Other title|Hidden titles|Third title|Added title|" \
	"another title_skip sets the cache aside"
check_eq "$(cat "$TMP/err")" "" "silently"

# Damaged: one warning, the files read, the same listing.
f=$(ls "$XDG_CACHE_HOME/folio"/titles-*)
"$FOLIO" --list "$C" >/dev/null 2>&1
head -c 100 "$f" >"$TMP/cut" && cat "$TMP/cut" >"$f"
"$FOLIO" --list "$C" >"$TMP/damaged" 2>"$TMP/err"
check_eq "$?" 0 "a truncated cache: status 0"
check_eq "$(cut -f2 "$TMP/damaged" | tr '\n' '|')" \
	"Other title|Hidden titles|Third title|Added title|" "the titles read from the files"
check_eq "$(grep -c 'titles are read from the files' "$TMP/err")" 1 "one warning says so"
head -c 4096 /dev/urandom >"$f"
"$FOLIO" --list "$C" >"$TMP/garbage" 2>"$TMP/err"
check_eq "$(cut -f2 "$TMP/garbage" | tr '\n' '|')" \
	"Other title|Hidden titles|Third title|Added title|" "a garbage cache: the same"
check_eq "$(grep -c 'not a title cache' "$TMP/err")" 1 "with one warning"
"$FOLIO" --list "$C" >/dev/null 2>"$TMP/err"
check_eq "$(cat "$TMP/err")" "" "and the next run has a good cache again"

rm -rf "$XDG_CACHE_HOME"
"$FOLIO" --no-cache --list "$C" >/dev/null 2>&1
test ! -e "$XDG_CACHE_HOME"
check $? "--no-cache writes no cache"

done_testing
