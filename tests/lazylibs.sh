#!/bin/sh
# lazylibs.sh - the readers' libraries (libxml2, libarchive, md4c, libyaml)
# are loaded the first time a document needs them, never for plain text:
#   - folio's ELF header does not name them (unless linked: then skipped);
#   - the dynamic loader's trace shows none of them for plain text, and
#     each for the kind of file that needs it;
#   - a library that cannot be loaded leaves its documents readable as
#     plain text (or skipped), with one message saying why.
#
# Needs $FOLIO and $TOP_SRCDIR (set by make check).  Prints TAP.

# shellcheck disable=SC1091 # lib.sh is found at run time
. "${TOP_SRCDIR:-.}/tests/lib.sh"

need_folio
D=$TOP_SRCDIR/tests/documents
HOME=$TMP/home
XDG_CONFIG_HOME=$HOME/config
mkdir -p "$XDG_CONFIG_HOME" "$TMP/docs" "$TMP/fake"
export HOME XDG_CONFIG_HOME
cp "$D/notes.txt" "$D/guide.md" "$D/page.html" "$TMP/docs/"
gzip -c "$D/notes.txt" >"$TMP/docs/notes.txt.gz"

if ! command -v readelf >/dev/null 2>&1; then
	skip "loading on first use" "no readelf to read folio's header"
	done_testing
fi
readelf -d "$FOLIO" >"$TMP/needed" 2>&1
lazy=
for lib in libxml2 libarchive libmd4c libyaml; do
	grep -q "Shared library: .$lib" "$TMP/needed" || lazy="$lazy $lib"
done
if [ -z "$lazy" ]; then
	skip "loading on first use" "this folio is linked with its readers' libraries"
	done_testing
fi

# loaded ARGS...: the lazy libraries the loader opened for folio ARGS.
loaded() {
	LD_DEBUG=libs "$FOLIO" "$@" 2>&1 >/dev/null |
		sed -n 's/.*calling init: .*\/\(lib[a-z0-9]*\)[.-].*/\1/p' |
		while read -r l; do
			case " $lazy " in *" $l "*) echo "$l" ;; esac
		done | sort -u | tr '\n' ' '
}

check_eq "$(loaded --list "$TOP_SRCDIR/tests/fixtures")" "" \
	"listing plain text loads none of:$lazy"
check_eq "$(loaded --dump "$TMP/docs/notes.txt")" "" "showing plain text loads none"
case " $lazy " in *" libxml2 "*)
	check_eq "$(loaded --dump "$TMP/docs/page.html")" "libxml2 " "a page loads libxml2 alone" ;;
esac
case " $lazy " in *" libmd4c "*)
	check_eq "$(loaded --dump "$TMP/docs/guide.md")" "libmd4c libyaml " \
		"Markdown with front matter loads md4c and libyaml" ;;
esac
case " $lazy " in *" libarchive "*)
	# (libarchive itself needs libxml2, for one of its formats)
	got=$(loaded --dump "$TMP/docs/notes.txt.gz")
	case "$got" in *libarchive*) ok=0 ;; *) ok=1 ;; esac
	check $ok "a compressed file loads libarchive (got: $got)" ;;
esac

# A library that is there but cannot be loaded: a file of the same name
# earlier in the loader's path.
for lib in libxml2.so.2 libarchive.so.13 libmd4c.so.0 libyaml-0.so.2; do
	echo 'not a library' >"$TMP/fake/$lib"
done
broken() {
	LD_LIBRARY_PATH=$TMP/fake "$FOLIO" "$@"
}
"$FOLIO" --dump --raw "$TMP/docs/page.html" >"$TMP/raw"
broken --dump "$TMP/docs/page.html" >"$TMP/out" 2>"$TMP/err"
check_eq "$?" 0 "without libxml2 a page still shows: status 0"
cmp -s "$TMP/out" "$TMP/raw"
check $? "without libxml2 a page shows as its source text"
grep -q "page.html: html cannot be rendered (.*libxml2.*): shown as plain text" "$TMP/err"
check $? "without libxml2 one message says why"
check_eq "$(wc -l <"$TMP/err" | tr -d ' ')" 1 "and only one"

broken --dump "$TMP/docs/guide.md" >"$TMP/out" 2>"$TMP/err"
check_eq "$?" 0 "without md4c Markdown still shows: status 0"
grep -q "guide.md: markdown cannot be rendered (.*libmd4c.*): shown as plain text" "$TMP/err"
check $? "without md4c one message says why"

broken --list "$TMP/docs" >"$TMP/out" 2>"$TMP/err"
check_eq "$?" 0 "without them a folder still lists: status 0"
grep -q "notes.txt.gz: skipped: cannot be read without libarchive (.*libarchive.*)" "$TMP/err"
check $? "without libarchive a compressed file is skipped, saying why"
check_eq "$(cut -f1 "$TMP/out" | sed 's,.*/,,' | tr '\n' ' ')" "guide.md notes.txt page.html " \
	"and the others are listed"
grep -q "	Field Notes\$" "$TMP/out"
check $? "plain text keeps its title"

done_testing
