#!/bin/sh
# The search index (index.h) from the outside: on a generated collection
# in many scripts (Latin with accents, Cyrillic, Greek, CJK, emoji,
# combining marks in NFC and NFD, Turkish i, German ß), in plain text,
# Markdown and HTML, --search gives what a full scan (--no-index) gives
# for many patterns and options, when it builds the index and when it
# uses it; also after files are added, edited (same size, new mtime),
# deleted and renamed; with a damaged index (garbage, truncated), a cache
# folder that cannot be written, and after a build killed with SIGKILL.
. "${TOP_SRCDIR:-.}/tests/lib.sh"
need_folio

D=$TMP/articles
mkdir -p "$D/a" "$D/b" "$TMP/home" || exit 1
export HOME=$TMP/home XDG_CONFIG_HOME=$TMP/home/config

# Words with the traps of folding; NFD forms written with their marks.
WORDS='café cafe\314\201 CAFÉ Straße STRASSE strasse ẞig İstanbul ıstanbul istanbul
Чечня ЧЕЧНЯ чечня Ελλάδα ΕΛΛΑΔΑ σοφός ΣΟΦΟΣ ᾳδω αιδω 中文 北京 车臣 😀 👍🏽 naïve
nai\314\210ve Ångström \342\204\253ngstr\303\266m ﬃx ffix ǰob j\314\214ob o\314\243\314\201k
ọ\314\201k soft\302\255hyphen softhyphen kremlin Kremlin the and of news report ñandú'

# gen DIR N SEED: N articles in DIR, lines of random words.
gen() {
	mkdir -p "$1"
	printf '%b\n' "$WORDS" | tr ' ' '\n' | grep -v '^$' >"$TMP/words"
	awk -v n="$2" -v seed="$3" -v dir="$1" '
		{ w[nw++] = $0 }
		END {
			srand(seed)
			for (f = 0; f < n; f++) {
				ext = f % 5 == 3 ? "md" : f % 5 == 4 ? "html" : "txt"
				file = dir "/art" f "." ext
				if (ext == "html")
					printf "<html><body><p>" > file
				if (ext == "md")
					printf "# Head %d\n\n" , f > file
				lines = 2 + int(rand() * 6)
				for (l = 0; l < lines; l++) {
					line = ""
					k = 3 + int(rand() * 9)
					for (i = 0; i < k; i++) {
						x = w[int(rand() * nw)]
						if (ext == "md" && rand() < 0.2)
							x = "**" x "**"
						line = line (i ? " " : "") x
					}
					print line > file
				}
				if (ext == "html")
					print "caf&eacute; &amp; Stra&szlig;e</p></body></html>" > file
				close(file)
			}
		}' "$TMP/words"
}

gen "$D/a" 40 1
gen "$D/b" 40 2

# Patterns: words and their other forms, phrases over spaces, a line
# break, markup, entities, too short, regular expressions.
printf '%b\n' 'café' 'CAFE' 'cafe\314\201' 'STRASSE' 'straße' 'ẞIG' 'İstanbul' \
    'ıstanbul' 'ЧЕЧНЯ' 'ΕΛΛΆΔΑ' 'σοφοσ' 'ᾳδω' 'ΑΙΔΩ' '中文' '北京 ' '😀' '👍🏽' 'naive' \
    'angstrom' 'ﬃx' 'ǰob' 'ọ\314\201k' 'softhyphen' 'soft\302\255hyphen' 'Kremlin' \
    'news report' 'report\nthe' 'Head 3' '**café' 'caf&eacute;' 'and' 'of' 'xyzzyq' 'nandu' \
    >"$TMP/patterns"
# These with case respected and with accents ignored too.
printf '%b\n' 'café' 'cafe\314\201' 'straße' 'İstanbul' 'ЧЕЧНЯ' 'ᾳδω' 'naive' 'ǰob' \
    >"$TMP/options"
printf '%s\n' 'kreml.n' '^the' 'café$' 'str(a|o)sse' 'Kremlin' 'чечн' 'repo?rt' '中文' \
    >"$TMP/regexes"

# Accents ignored, the loosest matching of all.
mkdir -p "$TMP/cfg"
printf 'search = { accent_insensitive = true; };\n' >"$TMP/cfg/loose.conf"

# search N PATTERN OPTION...: the pattern's --count with the index in
# $TMP/with, and a full scan's in $TMP/without, made once per N (a
# number for this pattern and these options) while $TMP/base is kept.
search() {
	n=$1
	shift
	"$FOLIO" --search "$@" --count "$D" >"$TMP/with" 2>>"$TMP/notes"
	[ -f "$TMP/base/$n" ] || "$FOLIO" --search "$@" --count --no-index "$D" >"$TMP/base/$n" 2>/dev/null
	cp "$TMP/base/$n" "$TMP/without"
}

# compare WHAT [PATTERNS]: every pattern, with and without the index, the
# same, with smart case; some with case respected and accents ignored (the
# loosest) too; regular expressions.  (The folding itself is checked on
# thousands of cases by test-index.)  The full scans are made again after
# rm -rf $TMP/base.
compare() {
	bad=0
	k=0
	mkdir -p "$TMP/base"
	while IFS= read -r p; do
		k=$((k + 1))
		search $k "$p" -F
		cmp -s "$TMP/with" "$TMP/without" || { bad=$((bad + 1)); echo "# differs: '$p'"; }
	done <"${2:-$TMP/patterns}"
	[ -n "$2" ] || while IFS= read -r p; do
		for o in -s "-c$TMP/cfg/loose.conf"; do
			k=$((k + 1))
			search $k "$p" $o
			cmp -s "$TMP/with" "$TMP/without" || { bad=$((bad + 1)); echo "# differs: '$p' $o"; }
		done
	done <"$TMP/options"
	[ -n "$2" ] || while IFS= read -r p; do
		k=$((k + 1))
		search $k "$p" -E
		cmp -s "$TMP/with" "$TMP/without" || { bad=$((bad + 1)); echo "# differs: -E '$p'"; }
	done <"$TMP/regexes"
	check_eq "$bad" 0 "$1: with the index, what a full scan finds"
}

: >"$TMP/notes"
compare "first search (the index is built)"
db=$(ls "$XDG_CACHE_HOME"/folio/index-*.db 2>/dev/null | head -n 1)
check "$([ -s "$db" ]; echo $?)" "the index is a database in \$XDG_CACHE_HOME/folio"
compare "second search (the index answers)"
check_eq "$(cat "$TMP/notes")" "" "no notice while all is well"

# The index answers: a file changed behind an identity it kept (same
# size and mtime) is not read for a word its indexed text lacks.
f=$D/a/art0.txt
cp -p "$f" "$TMP/keep"
n=$(wc -c <"$f")
{ printf 'xyzzyq'; head -c $((n - 6)) "$TMP/keep" | tail -c $((n - 7)); printf '\n'; } >"$f"
touch -r "$TMP/keep" "$f"
"$FOLIO" --search xyzzyq --files-with-matches "$D" >"$TMP/with"
"$FOLIO" --search xyzzyq --files-with-matches --no-index "$D" >"$TMP/without"
check_eq "$(cat "$TMP/with")|$(cat "$TMP/without")" "|$f" \
    "the index rules out an article (one changed behind its identity is missed; --no-index reads it)"
# The list's collection search uses the index too: the same screens as
# without one (a cache folder that cannot be written), except for the
# file changed behind its identity, which the index rules out.
mkdir -p "$TMP/ro"
: >"$TMP/ro/folio"
tui() {
	printf '/\n:type %s\n:screen\nEsc\n/\n:type %s\n:screen\nEsc\n/\n:type xyzzyq\n:screen\n' \
	    'café' 'ЧЕЧНЯ' >"$TMP/tui.keys"
	(cd "$D" && COLUMNS=80 LINES=8 "$FOLIO" --script "$TMP/tui.keys" "$D") >"$TMP/$1" 2>/dev/null
}
tui tui1
tui tui2
XDG_CACHE_HOME=$TMP/ro tui tui3
sed '/xyzzyq/,$d' "$TMP/tui2" >"$TMP/tui2.head"
sed '/xyzzyq/,$d' "$TMP/tui3" >"$TMP/tui3.head"
check "$(cmp -s "$TMP/tui1" "$TMP/tui2" && cmp -s "$TMP/tui2.head" "$TMP/tui3.head"; echo $?)" \
    "list search: the same screens with the index as without"
check "$(grep -q 'xyzzyq' "$TMP/tui2" && ! cmp -s "$TMP/tui2" "$TMP/tui3"; echo $?)" \
    "list search: the index rules out the article changed behind its identity"

cp -p "$TMP/keep" "$D/a/art0.txt"
touch -d '2030-01-02 03:04:05' "$D/a/art0.txt"

# Adds, an edit of the same size with a new mtime, deletes, renames.
gen "$TMP/new" 6 3
mv "$TMP"/new/* "$D/b/"
f=$D/b/art1.txt
sed 's/the/THE/g; s/café/cafe/g' "$f" >"$TMP/ed" && cat "$TMP/ed" >"$f"
touch -d '2031-01-01' "$f"
rm "$D/a/art2.txt" "$D/b/art8.md"
mv "$D/a/art5.txt" "$D/a/renamed5.txt"
mv "$D/b/art9.html" "$D/a/moved9.html"
rm -rf "$TMP/base"
compare "after adds, an edit, deletes and renames"
head -n 8 "$TMP/patterns" >"$TMP/few"

# A damaged index: garbage, then cut short.
: >"$TMP/notes"
head -c 100000 /dev/urandom >"$db"
rm -f "$db-wal" "$db-shm"
"$FOLIO" --search café --count "$D" >"$TMP/with" 2>"$TMP/err"
"$FOLIO" --search café --count --no-index "$D" >"$TMP/without"
check "$(cmp -s "$TMP/with" "$TMP/without"; echo $?)" "a garbage index: right results"
check "$(grep -q 'damaged' "$TMP/err"; echo $?)" "a garbage index: a notice ($(cat "$TMP/err"))"
rm -rf "$TMP/base"
compare "after a garbage index" "$TMP/few"
size=$(wc -c <"$db")
"$FOLIO" --search café "$D" >/dev/null 2>&1
head -c $((size / 3)) "$db" >"$TMP/cut" && cat "$TMP/cut" >"$db"
rm -f "$db-wal" "$db-shm"
compare "after a truncated index" "$TMP/few"

# A cache folder that cannot be written: a notice once, right results.
"$FOLIO" --search café --count --no-index "$D" >"$TMP/without"
XDG_CACHE_HOME=$TMP/ro "$FOLIO" --search café --count "$D" >"$TMP/with" 2>"$TMP/err"
check "$(cmp -s "$TMP/with" "$TMP/without"; echo $?)" "an unwritable cache folder: right results"
check_eq "$(grep -c 'index' "$TMP/err")" 1 "an unwritable cache folder: one notice"
if [ "$(id -u)" != 0 ]; then
	mkdir -p "$TMP/ro2" && chmod 555 "$TMP/ro2"
	XDG_CACHE_HOME=$TMP/ro2 "$FOLIO" --search café --count "$D" >"$TMP/with" 2>"$TMP/err"
	check "$(cmp -s "$TMP/with" "$TMP/without"; echo $?)" "a read-only cache folder: right results"
	chmod 755 "$TMP/ro2"
else
	skip "a read-only cache folder" "root writes anywhere"
fi

# SIGKILL during a build, at a few moments: the next search is right.
gen "$D/big" 800 4
bad=0
for t in 0.05 0.2 0.5 1; do
	"$FOLIO" --reindex "$D" >/dev/null 2>&1 &
	pid=$!
	sleep "$t" 2>/dev/null || sleep 1
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	for p in café ΣΟΦΟΣ 车臣 strasse; do
		"$FOLIO" --search "$p" --count "$D" >"$TMP/with" 2>/dev/null
		"$FOLIO" --search "$p" --count --no-index "$D" >"$TMP/without" 2>/dev/null
		cmp -s "$TMP/with" "$TMP/without" || bad=$((bad + 1))
	done
done
check_eq "$bad" 0 "after a build killed with SIGKILL: right results"

"$FOLIO" --reindex "$D" 2>"$TMP/err"
check_eq "$?:$(cat "$TMP/err")" "0:" "--reindex alone makes the index and exits 0"

done_testing
