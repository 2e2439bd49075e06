#!/bin/sh
# documents.sh - the readers from the outside, on the documents of
# tests/documents (a Markdown guide with front matter, a saved page in
# ISO-8859-1 with navigation, script and footer, a manual page saved with
# overstrike and colour, plain notes with URLs):
#   - --list gives their metadata titles, --info their formats;
#   - --dump gives each rendered as tests/dumps/NAME.dump holds it (with
#     its references), --dump --raw the source, --format another reader;
#   - --outline and --links list headings and links;
#   - --search looks at the text shown, not at markup or hidden parts;
#   - the settings of documents.* change what is shown;
#   - a document over the render limit is plain text, with a notice.
# The screens of the same documents are in tests/screens/doc-*.keys.
#
# FOLIO_UPDATE_SCREENS=1 rewrites tests/dumps from what folio prints;
# review every change by eye before committing it.
#
# Needs $FOLIO and $TOP_SRCDIR (set by make check).  Prints TAP.

# shellcheck disable=SC1091 # lib.sh is found at run time
. "${TOP_SRCDIR:-.}/tests/lib.sh"

need_folio
D=$TOP_SRCDIR/tests/documents
DUMPS=$TOP_SRCDIR/tests/dumps
HOME=$TMP/home
XDG_CONFIG_HOME=$HOME/config
mkdir -p "$XDG_CONFIG_HOME"
export HOME XDG_CONFIG_HOME
cd "$D" || exit 1

# ---- titles and formats -----------------------------------------------------

"$FOLIO" --list . >"$TMP/list" 2>"$TMP/err"
check_eq "$?" 0 "--list: status 0"
cat >"$TMP/want" <<'EOF'
./guide.md	A Guide to the Kitchen Garden
./ls.1.txt	ls - list directory contents
./notes.txt	Field Notes
./page.html	Night Trains Return to Europe
EOF
diff -u "$TMP/want" "$TMP/list" >"$TMP/diff"
check $? "--list: the front matter's title, the manual page's NAME line, the underlined headline, the page's title less its site name"
sed 's/^/# /' "$TMP/diff"

"$FOLIO" --info . | sed -n 's/^format: //p' | tr '\n' ' ' >"$TMP/formats"
check_eq "$(cat "$TMP/formats")" "markdown terminal text html " "--info: each file's format"

# ---- --dump -----------------------------------------------------------------

for f in guide.md page.html ls.1.txt notes.txt; do
	"$FOLIO" --dump --width=60 "$f" >"$TMP/$f.dump" 2>"$TMP/err"
	check_eq "$?" 0 "--dump $f: status 0"
	if [ -n "${FOLIO_UPDATE_SCREENS:-}" ] && ! cmp -s "$TMP/$f.dump" "$DUMPS/$f.dump"; then
		cp "$TMP/$f.dump" "$DUMPS/$f.dump"
		echo "# wrote tests/dumps/$f.dump; review it"
	fi
	diff -u "$DUMPS/$f.dump" "$TMP/$f.dump" >"$TMP/diff" 2>&1
	check $? "--dump $f: as tests/dumps/$f.dump"
	sed -n '1,40s/^/# /p' "$TMP/diff"
	terminal_safe "$TMP/$f.dump"
	check $? "--dump $f: no control byte"
done

# Nothing of the markup or of the hidden parts is shown.
r=0
grep -q -e '^#' -e '\*\*' -e '](' -e '^---' -e '```' "$TMP/guide.md.dump" && r=1
check $r "--dump guide.md: no '#', '**', '](', '---' or fence"
r=0
grep -q -e '<' -e 'tracking' -e 'color' -e 'Home' -e 'Subscribe' -e 'Most read' \
	-e 'javascript' "$TMP/page.html.dump" && r=1
check $r "--dump page.html: no tag, script, style, navigation, aside, footer or javascript: link"
r=1
grep -q 'with a café$' "$TMP/page.html.dump" && r=0
check $r "--dump page.html: ISO-8859-1 as its meta says, converted to UTF-8"

"$FOLIO" --dump --raw --width=200 guide.md >"$TMP/raw"
cmp -s "$TMP/raw" guide.md
check $? "--dump --raw guide.md: the source, byte for byte"
"$FOLIO" --dump --raw --width=200 ls.1.txt >"$TMP/raw"
r=1
grep -q 'N␈NA␈AM␈ME␈E' "$TMP/raw" && grep -q '␛\[1;31m' "$TMP/raw" && r=0
check $r "--dump --raw ls.1.txt: overstrike and escapes as control pictures"
"$FOLIO" --dump --format=text guide.md >"$TMP/text"
r=1
grep -q '^# Planting$' "$TMP/text" && grep -q '^title: "A Guide' "$TMP/text" && r=0
check $r "--format=text: the Markdown as plain text"
"$FOLIO" --dump --format=markdown notes.txt >"$TMP/md"
r=1
grep -q '^Field Notes$' "$TMP/md" && ! grep -q '^====' "$TMP/md" && r=0
check $r "--format=markdown: a text file read as Markdown (a setext heading)"
"$FOLIO" --dump --format=nroff notes.txt >"$TMP/out" 2>"$TMP/err"
check_eq "$?" 2 "--format with an unknown name: status 2"
r=1
grep -q 'nroff' "$TMP/err" && grep -q 'markdown' "$TMP/err" && r=0
check $r "and a message naming it and the formats there are"

# ---- outline and links ------------------------------------------------------

"$FOLIO" --outline . >"$TMP/outline"
cat >"$TMP/want" <<'EOF'
./guide.md	1	1	Planting
./guide.md	2	5	Tools
./guide.md	2	19	Harvest
./ls.1.txt	1	3	NAME
./ls.1.txt	1	6	SYNOPSIS
./ls.1.txt	1	9	DESCRIPTION
./notes.txt	1	1	Field Notes
./notes.txt	1	7	1. Weather
./notes.txt	1	11	2. Birds
./page.html	1	1	Night Trains Return to Europe
./page.html	2	5	Routes
EOF
diff -u "$TMP/want" "$TMP/outline" >"$TMP/diff"
check $? "--outline: level, line and text of the headings of each format"
sed 's/^/# /' "$TMP/diff"
# The line is one of the text shown, before it is wrapped: line 19 of a
# dump too wide to wrap is the heading.
check_eq "$("$FOLIO" --dump --width=500 guide.md | sed -n 19p)" "Harvest" \
	"--outline: its line is a line of the text shown"

"$FOLIO" --links . >"$TMP/links"
cat >"$TMP/want" <<'EOF'
./guide.md	1	https://example.org/almanac	the almanac
./guide.md	2	https://example.com/seeds	https://example.com/seeds
./notes.txt	1	https://example.net/log/2026/station-notes.html	https://example.net/log/2026/station-notes.html
./notes.txt	2	www.example.org/mirror	www.example.org/mirror
./notes.txt	3	mailto:keeper@example.com	mailto:keeper@example.com
./page.html	1	https://example.org/routes	the routes
EOF
diff -u "$TMP/want" "$TMP/links" >"$TMP/diff"
check $? "--links: numbered links of Markdown and HTML, URLs of plain text"
sed 's/^/# /' "$TMP/diff"

# ---- search -----------------------------------------------------------------

out=$("$FOLIO" --search=almanac guide.md)
check_eq "$out" "guide.md:3:Seeds want warm soil and steady water: see the almanac[1] or https://example.com/seeds[2] before the first frost." \
	"--search: the line as shown (one paragraph, its links numbered), numbered as --outline numbers them"
"$FOLIO" --search='](https' guide.md >/dev/null
check_eq "$?" 1 "--search: markup is not searched"
"$FOLIO" --raw --search='](https' guide.md >/dev/null
check_eq "$?" 0 "--search --raw: the source is"
"$FOLIO" --search=tracking page.html >/dev/null
check_eq "$?" 1 "--search: a page's script is not searched"
check_eq "$("$FOLIO" --count --search=name ls.1.txt)" "ls.1.txt:1" \
	"--search: through overstrike (NAME)"
"$FOLIO" --raw --search=NAME ls.1.txt >/dev/null
check_eq "$?" 1 "and not in the raw bytes, where backspaces split it"

# ---- settings ---------------------------------------------------------------

cat >"$TMP/plain.conf" <<'EOF'
documents = { styles = false; link_numbers = false; show_source = [ "markdown" ]; };
EOF
"$FOLIO" --config="$TMP/plain.conf" --dump --width=200 ls.1.txt >"$TMP/out"
r=1
grep -q 'N␈NA␈A' "$TMP/out" && r=0
check $r "documents.styles = false: overstrike shows as control pictures"
"$FOLIO" --config="$TMP/plain.conf" --dump --width=200 page.html >"$TMP/out"
r=1
grep -q 'Read the routes and this\.' "$TMP/out" && r=0
check $r "documents.link_numbers = false: no [N] after a link"
"$FOLIO" --config="$TMP/plain.conf" --dump guide.md >"$TMP/out"
r=1
grep -q '^# Planting$' "$TMP/out" && r=0
check $r "documents.show_source: Markdown shows its source"

# Over the render limit (in MiB): plain text, and a notice.
awk 'BEGIN {
	print "# Big"
	for (i = 0; i < 13000; i++)
		printf "Paragraph %d of a *document* over one mebibyte, which goes over the limit set for it.\n\n", i
}' >"$TMP/big.md"
echo 'documents = { max_render = 1; };' >"$TMP/limit.conf"
"$FOLIO" --config="$TMP/limit.conf" --dump "$TMP/big.md" >"$TMP/out" 2>"$TMP/err"
check_eq "$?" 0 "over documents.max_render: status 0"
check_eq "$(sed -n 1p "$TMP/out")" "# Big" "over documents.max_render: shown as plain text"
r=1
grep -q 'over the render limit (1.0 MiB): shown as plain text' "$TMP/err" && r=0
check $r "and a notice says why"
"$FOLIO" --dump "$TMP/big.md" 2>"$TMP/err" | sed -n 1p >"$TMP/out"
check_eq "$(cat "$TMP/out")" "Big" "under the default limit: rendered"

done_testing
