#!/bin/sh
# reflow.sh - reading comfort from the outside, on hard-wrapped texts this
# script writes (an RFC-like memo with a table, list items and ASCII art,
# a mail with quoted lines and a signature, a list of long items):
#   - screens at 40, 80 and 120 columns against tests/reflow/NAME.screen:
#     prose joined below its wrap width and left as written above it,
#     tables, art and short lines as written, list items and quotes
#     hanging under their text, the minutes left in the status;
#   - chopped lines (w) scrolled sideways (. and ,), with the marker and
#     the column in the status;
#   - --dump with layout.reflow off, auto and on, and chop (of plain text,
#     and of a Markdown code block, its paragraphs still wrapped);
#   - positions: a search match inside a joined paragraph is lit, and a
#     mark set on a joined row at 40 columns finds the same words at 120.
#
# FOLIO_UPDATE_SCREENS=1 rewrites tests/reflow/*.screen from what folio
# prints; review every change by eye before committing it.
#
# Needs $FOLIO and $TOP_SRCDIR (set by make check).  Prints TAP.

# shellcheck disable=SC1091 # lib.sh is found at run time
. "${TOP_SRCDIR:-.}/tests/lib.sh"

need_folio
EXPECT=$TOP_SRCDIR/tests/reflow
TERM=xterm
export TERM
unset NO_COLOR
HOME=$TMP/home
XDG_CONFIG_HOME=$HOME/config
XDG_STATE_HOME=$HOME/state
mkdir -p "$XDG_CONFIG_HOME" "$XDG_STATE_HOME"
export HOME XDG_CONFIG_HOME XDG_STATE_HOME
T=$TMP/texts
mkdir -p "$T"

# ---- the texts ------------------------------------------------------------

cat >"$T/rfc.txt" <<'EOF'
Network Working Group                                       R. Example
Request for Comments: 9999                                 Reading Lab
Category: Informational                                  December 2026


              Reading Hard-Wrapped Text on Narrow Screens

Abstract

   A reader on a small screen meets text that was broken into lines by
   its writer long before, at the width of a terminal that nobody uses
   any more. Each of those lines is a little shorter than seventy-two
   columns, and each one ends where the writer's editor decided that
   the next word would not fit. On a pane of forty columns the reader
   sees every line wrapped once more: a full row, then a row of two
   words, then a full row again, all the way down the page.

1.  Message Types

   Joining the lines again is easy when the text is prose and hard
   when it is not. A table, a drawing made of characters, a block
   of program code or a list of names must keep the lines they have,
   since their meaning is in the way they line up; only the paragraphs
   whose lines run to the wrap width may be joined.

   +-------+------+--------------------------------------------------+
   | Type  | Code | Meaning                                          |
   +-------+------+--------------------------------------------------+
   | HELLO | 1    | the sender greets the receiver                   |
   | TEXT  | 2    | a paragraph of text follows                      |
   +-------+------+--------------------------------------------------+

   o  A message is sent again when no answer comes in time; the sender
      keeps a copy of it until the receiver says that it has arrived.

   o  A short item.

          +--------+   HELLO    +----------+
          | sender | ---------> | receiver |
          +--------+ <--------- +----------+
                        TEXT
EOF

cat >"$T/mail.txt" <<'EOF'
From: Ann Writer <ann@example.org>
To: list@example.org
Subject: Re: long lines on the phone

Ben Reader wrote:
> I tried the new version on my phone over the weekend and the
> long messages from the list were much easier to read than before,
> although the quoted parts still looked a little odd to me.
>
> Could you say which parts looked odd? The quoted lines should be
> joined under their marks, the same as the rest of the message,
> and the signature should be left as it was written.

The sender keeps a copy of every message until the receiver says that
it has arrived, and sends it again when no answer comes within the
time the two sides agreed on when they first met.

-- 
Ann Writer
Reading Lab, room 12
EOF

cat >"$T/list.txt" <<'EOF'
Things to take on a long walk in the hills:

  - a map of the whole area, folded so that the part you walk through today is on the outside
  - water, more than you think you will need, and something to eat at the top
  * 12) a numbered item that is long enough to wrap in a narrow pane, twice or more
    An indented paragraph that was never wrapped by its writer, so that it runs on and on past the edge of any pane.
EOF

# ---- screens ----------------------------------------------------------------

# screen NAME SIZE FILE KEYS...: runs folio --script with KEYS (one script
# line each) at SIZE on FILE and compares with tests/reflow/NAME.screen.
screen() {
	name=$1 size=$2 file=$3
	shift 3
	printf '%s\n' "$@" >"$TMP/$name.keys"
	COLUMNS=${size%x*} LINES=${size#*x} "$FOLIO" --script "$TMP/$name.keys" "$file" \
		>"$TMP/$name.out" 2>"$TMP/$name.err"
	check_eq "$?" 0 "$name: exits with status 0"
	terminal_safe "$TMP/$name.out"
	check $? "$name: the screen holds no control character"
	if [ -n "${FOLIO_UPDATE_SCREENS:-}" ] && ! cmp -s "$TMP/$name.out" "$EXPECT/$name.screen"; then
		cp "$TMP/$name.out" "$EXPECT/$name.screen"
		echo "# $name: wrote $name.screen; review it"
	fi
	diff -u "$EXPECT/$name.screen" "$TMP/$name.out" >"$TMP/$name.diff"
	r=$?
	check $r "$name: screens as expected"
	[ $r -eq 0 ] || sed -n '1,60s/^/# /p' "$TMP/$name.diff"
}

for size in 40x24 80x24 120x30; do
	screen "rfc-${size%x*}" "$size" "$T/rfc.txt" ':screen' 'Space' ':screen'
	screen "mail-${size%x*}" "$size" "$T/mail.txt" ':screen'
done
screen list-40 40x16 "$T/list.txt" ':screen'

# The table, chopped and scrolled sideways: w, then . and , and a count.
screen chop-40 40x24 "$T/rfc.txt" 'w' 'Space' ':screen' '.' ':screen' '.' '.' ':screen' \
	',' ':screen' '1 0 ,' ':screen' 'w' ':screen'

# ---- what the screens say -----------------------------------------------------

# The joined abstract shows full rows at 40 columns: no row of it is short
# while the next one's first word would have fitted.
awk 'NR > 1 && prev ~ /^   [a-z]/ && $0 ~ /^   [A-Za-z]/ {
		split($0, w, " ")
		if (length(prev) + 1 + length(w[1]) <= 40) bad = bad "\n# " prev
	}
	{ prev = $0 }
	END { if (bad != "") { print bad; exit 1 } }' "$TMP/rfc-40.out" >"$TMP/comb"
check $? "rfc at 40 columns: no comb in the joined paragraphs"
grep -q 'min *$' "$TMP/rfc-40.out"
check $? "the status shows the minutes left"
grep -q '^   | Type  | Code | Meaning     ' "$TMP/chop-40.out"
check $? "chopped, the table's rows are not wrapped"
grep -q 'col 21+' "$TMP/chop-40.out"
check $? "scrolled, the status says the column"

# ---- --dump and the settings ----------------------------------------------------

dump() {
	printf 'layout: { reflow = "%s"; chop = %s; };\n' "$1" "$2" >"$TMP/r.conf"
	"$FOLIO" -c "$TMP/r.conf" --dump --width "$3" "$4"
}
off=$(dump off false 40 "$T/rfc.txt" | wc -l)
auto=$(dump auto false 40 "$T/rfc.txt" | wc -l)
[ "$auto" -lt "$off" ]
check $? "--dump at 40: joined, the memo takes fewer lines ($auto, not $off)"
dump auto false 120 "$T/rfc.txt" >"$TMP/wide"
cmp -s "$T/rfc.txt" "$TMP/wide"
check $? "--dump at 120 with reflow auto: the memo as written"
dump on false 120 "$T/rfc.txt" >"$TMP/on"
grep -q '^   A reader on a small screen meets text that was broken into lines by its writer long before, at the width of a$' \
	"$TMP/on"
check $? "--dump at 120 with reflow on: its paragraphs joined"
dump auto true 40 "$T/rfc.txt" >"$TMP/chop"
grep -q '^   | HELLO | 1    | the sender greets the receiver                   |$' "$TMP/chop"
check $? "--dump with chop: a chopped line whole"
# A Markdown document: its code block is chopped, its paragraph still wraps.
{
	echo "# Chopped code"
	echo
	echo "A paragraph of prose that is long enough to wrap at forty columns, as prose does."
	echo
	echo '```'
	echo 'for (i = 0; i < n; i++) total += weights[i] * values[i]; /* the long line */'
	echo '```'
} >"$TMP/code.md"
dump auto true 40 "$TMP/code.md" >"$TMP/code-chop"
grep -qF 'for (i = 0; i < n; i++) total += weights[i] * values[i]; /* the long line */' "$TMP/code-chop"
check $? "--dump with chop: a document's code line whole"
grep -q '^to wrap at forty columns, as prose does\.$' "$TMP/code-chop"
check $? "--dump with chop: a document's paragraph still wraps"
dump auto false 40 "$TMP/code.md" >"$TMP/code-wrap"
grep -q '^weights\[i\]' "$TMP/code-wrap" && ! grep -qF 'total += weights' "$TMP/code-wrap"
check $? "--dump without chop: the code line wraps"
printf 'layout: { reflow = "sometimes"; };\n' >"$TMP/bad.conf"
"$FOLIO" -c "$TMP/bad.conf" --check-config >/dev/null 2>"$TMP/bad.err"
check_eq "$?" 2 "a bad layout.reflow is an error"
grep -q 'reflow' "$TMP/bad.err"
check $? "which names the setting"

# ---- positions ---------------------------------------------------------------

# A mark set on a joined row at 40 columns, then a resize to 120: the mark
# goes to the words it was set on.  A search match inside a joined
# paragraph is lit where it shows.
printf '%s\n' '/' ':type seventy' 'Enter' 'm a' ':screen' 'g' ':resize 120x30' "' a" ':screen' \
	>"$TMP/mark.keys"
COLUMNS=40 LINES=20 "$FOLIO" --script "$TMP/mark.keys" "$T/rfc.txt" >"$TMP/mark.out" 2>&1
check_eq "$?" 0 "a mark in a joined paragraph: exits with status 0"
at40=$(sed -n 1p "$TMP/mark.out" | awk '{ print $1, $2, $3 }')
at120=$(awk 'f { print; exit } $0 == "--" { f = 1 }' "$TMP/mark.out")
case $at120 in
*"$at40"*) r=0 ;;
*) r=1 ;;
esac
check $r "a mark set at 40 columns on a joined row ($at40) shows its words at 120"
[ $r -eq 0 ] || echo "# at 120: $at120"
grep -q 'seventy' "$TMP/mark.out"
check $? "the search found its match in the joined paragraph"

done_testing
