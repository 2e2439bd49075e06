#!/bin/sh
# hyperlinks.sh - links as terminal hyperlinks (OSC 8), in a real terminal:
# folio runs in a tmux pane whose raw output is recorded (pipe-pane), and
# tests/osc8check reads it back.  Checks that
#   - with hyperlinks = on, the links of a Markdown document and the URLs of
#     plain text are written as OSC 8 links that balance (each opened one
#     closed before the next, the output ending outside any), each with an
#     id, one URI per id, printable ASCII only, no control byte inside;
#   - a link wrapped over two rows is written with one id on both;
#   - scrolling (one line at a time, a page, a resize) writes the links that
#     come into view, and still balances; so does scrolling chopped lines
#     sideways (layout.chop), each link with its whole target;
#   - hostile URLs (escapes, BEL, C1, bidi controls, non-ASCII, quotes)
#     reach the terminal percent-encoded, never as the bytes they hold;
#   - hyperlinks = off writes none; auto writes none under a terminal that
#     is not known to have them (tmux 3.3), and writes them under one that
#     is (TERM_PROGRAM=WezTerm).
# Needs $FOLIO, $OSC8CHECK and $TOP_SRCDIR (set by make check); skips
# without tmux.  Prints TAP.

# shellcheck disable=SC1091 # lib.sh is found at run time
. "${TOP_SRCDIR:-.}/tests/lib.sh"

need_folio
OSC8CHECK=${OSC8CHECK:-tests/osc8check}
case "$TMP$FOLIO$OSC8CHECK" in
*[!A-Za-z0-9_./+-]*)
	echo "1..0 # SKIP a path holds characters this test does not quote"
	exit 0
	;;
esac
if [ ! -x "$OSC8CHECK" ]; then
	echo "Bail out! OSC8CHECK must name the osc8check program"
	exit 1
fi
if ! tmux_server hyperlinks; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi

# A Markdown document with many links: one whose text wraps at 60
# columns, and some only reached by scrolling.
{
	echo "# Links"
	echo
	echo "See [the first site](https://example.com/first) and [a link whose text is long enough to wrap over the end of the row](https://example.org/wrapped?a=1&b=2) here."
	i=1
	while [ $i -le 40 ]; do
		echo
		echo "Paragraph $i points at [site $i](https://example.com/page/$i) and at <https://example.net/auto/$i>."
		i=$((i + 1))
	done
	echo
	echo "Last [the end](https://example.com/the-end)."
} >"$TMP/links.md"

# Plain text with hostile URLs.
printf 'Hostile URLs\n\nesc http://a.example/x\033]8;;http://evil/\033\\y end\nbel http://b.example/p\007q end\nc1 http://c.example/\302\233m end\nbidi http://d.example/\342\200\256txt end\nutf8 https://e.example/caf\303\251/\344\270\255 end\nquote http://f.example/"onclick"\047x end\nplain www.example.com/plain end\n' >"$TMP/hostile.txt"

printf 'hyperlinks = "on";\n' >"$TMP/on.conf"
printf 'hyperlinks = "off";\n' >"$TMP/off.conf"
printf 'hyperlinks = "auto";\n' >"$TMP/auto.conf"

# run NAME ENV CONF FILE KEYS...: runs folio on FILE in a 60x15 pane with
# configuration CONF and the environment assignments ENV, recording its
# raw output in $TMP/NAME.raw, types KEYS (a word each: "resize" resizes
# to 50x12), quits, and waits for it to end.
run() {
	name=$1 envs=$2 conf=$3 file=$4
	shift 4
	rm -f "$TMP/go"
	: >"$TMP/$name.raw"
	T kill-session -t t >/dev/null 2>&1
	T new-session -d -s t -x 60 -y 15 "while [ ! -e $TMP/go ]; do sleep 0.1; done; \
env -u TMUX -u TERM_PROGRAM -u TERM_PROGRAM_VERSION -u VTE_VERSION TERM=xterm-256color \
LC_ALL=C.UTF-8 HOME=$TMP $envs $FOLIO -c $conf $file; echo \$? >$TMP/$name.status; sleep 30" ||
		return 1
	T pipe-pane -t t -o "cat >>$TMP/$name.raw"
	: >"$TMP/go"
	wait_until 50 shows "$(head -n 1 "$file" | sed 's/^# //')" || return 1
	for k in "$@"; do
		if [ "$k" = resize ]; then
			T resize-window -t t -x 50 -y 12
		else
			T send-keys -t t "$k"
		fi
		pause
	done
	T send-keys -t t q
	wait_file "$TMP/$name.status"
	T pipe-pane -t t
}

shows() {
	T capture-pane -p -t t >"$TMP/capture"
	grep -qF -- "$1" "$TMP/capture"
}

# ---- on: a document ------------------------------------------------------

if run doc "" "$TMP/on.conf" "$TMP/links.md" j j j j j j j j j j Space Space resize g; then
	"$OSC8CHECK" "$TMP/doc.raw" >"$TMP/doc.check"
	check $? "on: the links written balance, each with one id and one printable URI"
	sed -n 's/^error: /# /p' "$TMP/doc.check"
	n=$(sed -n 's/^links //p' "$TMP/doc.check")
	[ "${n:-0}" -gt 3 ]
	check $? "on: links were written ($n)"
	grep -q ' https://example.com/first$' "$TMP/doc.check"
	check $? "on: a document's link is written with its target"
	wrapped=$(awk '$4 == "https://example.org/wrapped?a=1&b=2" { print $3 }' "$TMP/doc.check")
	[ "${wrapped:-0}" -ge 2 ]
	check $? "on: a link wrapped over two rows is written under one id on both ($wrapped)"
	grep -q ' https://example.com/page/8$' "$TMP/doc.check"
	check $? "on: a link scrolled into view is written"
	grep -q ' https://example.net/auto/8$' "$TMP/doc.check"
	check $? "on: an autolink is written"
	check_eq "$(cat "$TMP/doc.status")" 0 "on: folio exits 0"
else
	skip "on: a document" "folio did not show its first screen"
fi

# ---- on: hostile URLs ------------------------------------------------------

if run hostile "" "$TMP/on.conf" "$TMP/hostile.txt" j G g; then
	"$OSC8CHECK" "$TMP/hostile.raw" >"$TMP/hostile.check"
	check $? "hostile: the links written balance and hold printable ASCII only"
	sed -n 's/^error: /# /p' "$TMP/hostile.check"
	n=$(grep -c '^id ' "$TMP/hostile.check")
	check_eq "$n" 8 "hostile: the eight URLs are links (an escape ends one)"
	grep -q ' http://a.example/x$' "$TMP/hostile.check"
	check $? "hostile: a URL ends at the escape in it"
	grep -q ' http://c.example/$' "$TMP/hostile.check" &&
		grep -q ' http://d.example/$' "$TMP/hostile.check"
	check $? "hostile: a URL ends at a C1 or bidi control in it"
	grep -q ' https://e.example/caf%C3%A9/%E4%B8%AD$' "$TMP/hostile.check"
	check $? "hostile: non-ASCII is percent-encoded"
	grep -q ' http://www.example.com/plain$' "$TMP/hostile.check"
	check $? "hostile: a www. URL is a link to http://www."
	# Outside the OSC 8 sequences, which osc8check read, no other OSC.
	LC_ALL=C sed 's/\x1b\]8;[ -~]*\x1b\\//g' "$TMP/hostile.raw" | LC_ALL=C grep -q "$(printf '\033]')"
	check $((!$?)) "hostile: no OSC but OSC 8 is written"
else
	skip "hostile URLs" "folio did not show its first screen"
fi

# ---- on: chopped lines scrolled sideways ---------------------------------------

{
	echo "Chopped links"
	echo
	printf 'near https://example.com/near then words enough to pass the right edge of the pane by far, '
	echo 'and then https://example.com/far-right at last, https://example.com/cut-by-the-edge/that-goes-on-and-on-past-it'
} >"$TMP/chop.txt"
printf 'hyperlinks = "on";\nlayout = { chop = true; };\n' >"$TMP/chop.conf"
if run chop "" "$TMP/chop.conf" "$TMP/chop.txt" . . . , , ,; then
	"$OSC8CHECK" "$TMP/chop.raw" >"$TMP/chop.check"
	check $? "chopped: the links written balance"
	sed -n 's/^error: /# /p' "$TMP/chop.check"
	grep -q ' https://example.com/near$' "$TMP/chop.check"
	check $? "chopped: a link in the first window is written"
	grep -q ' https://example.com/far-right$' "$TMP/chop.check"
	check $? "chopped: a link scrolled into view sideways is written with its whole target"
else
	skip "chopped lines" "folio did not show its first screen"
fi

# ---- off and auto ------------------------------------------------------------

no_osc8() {
	! LC_ALL=C grep -q "$(printf '\033]8;')" "$1"
}

if run off "" "$TMP/off.conf" "$TMP/links.md" j Space g; then
	grep -q 'first site' "$TMP/off.raw"
	check $? "off: the output was recorded"
	no_osc8 "$TMP/off.raw"
	check $? "off: no OSC 8 is written"
else
	skip "off" "folio did not show its first screen"
fi

if run auto-tmux "TERM_PROGRAM=tmux TERM_PROGRAM_VERSION=3.3a TMUX=/tmp/x,1,0" \
	"$TMP/auto.conf" "$TMP/links.md" j g; then
	no_osc8 "$TMP/auto-tmux.raw"
	check $? "auto: no OSC 8 under tmux 3.3"
else
	skip "auto under tmux 3.3" "folio did not show its first screen"
fi

if run auto-wez "TERM_PROGRAM=WezTerm" "$TMP/auto.conf" "$TMP/links.md" j g; then
	"$OSC8CHECK" "$TMP/auto-wez.raw" >"$TMP/auto-wez.check" &&
		grep -q ' https://example.com/first$' "$TMP/auto-wez.check"
	check $? "auto: links are written under a terminal known to have them (WezTerm)"
else
	skip "auto under WezTerm" "folio did not show its first screen"
fi

done_testing
