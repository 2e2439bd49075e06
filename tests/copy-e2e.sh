#!/bin/sh
# copy-e2e.sh - copies through OSC 52 in a real terminal (tmux, with
# set-clipboard on, takes the sequence into a paste buffer):
#   - yy puts the paragraph on the clipboard, byte for byte, and y'a the
#     lines from a mark: what tmux received is the text the pane shows;
#   - an escape in the article reaches the clipboard as its picture, and
#     the screen is as it was after the copy (the sequence moved nothing);
#   - a paragraph over outside.copy_limit arrives cut, the message says so;
#   - q leaves the terminal as it was.
#
# Needs $FOLIO and $TOP_SRCDIR (set by make check); skips without tmux.
# Prints TAP.

# shellcheck disable=SC1091 # lib.sh is found at run time
. "${TOP_SRCDIR:-.}/tests/lib.sh"

need_folio
case "$TMP$FOLIO$TOP_SRCDIR" in
*[!A-Za-z0-9_./+-]*)
	echo "1..0 # SKIP a path holds characters this test does not quote"
	exit 0
	;;
esac
if ! tmux_server copy; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
mkdir -p "$TMP/home/config/folio" "$TMP/docs" || exit 1
if ! T new-session -d -s t -x 80 -y 24 \
	"TERM=$term HOME=$TMP/home XDG_CONFIG_HOME=$TMP/home/config ENV= PS1='\$ ' LC_ALL=C.UTF-8 exec sh -i" 2>"$TMP/tmux.err"; then
	echo "1..0 # SKIP tmux cannot start a session here: $(head -n 1 "$TMP/tmux.err")"
	exit 0
fi
T set-option -s set-clipboard on

# shellcheck disable=SC1091 # pane.sh is found at run time
. "$TOP_SRCDIR/tests/pane.sh"

# buffer_is TEXT: the newest paste buffer holds TEXT.
buffer_is() {
	[ "$(T show-buffer 2>/dev/null)" = "$1" ]
}

# check_buffer TEXT NAME: waits for the buffer to hold TEXT; shows what it
# holds when it does not.
check_buffer() {
	if wait_until 50 buffer_is "$1"; then
		check 0 "$2"
	else
		check 1 "$2"
		T show-buffer 2>/dev/null | od -c | head -8 | sed 's/^/# /'
	fi
}

{
	printf 'Copy e2e title\n\n'
	printf 'First paragraph, line one\nand its line two.\n\n'
	printf 'Second paragraph with \033]0;pwned\a inside.\n\n'
	printf 'Third paragraph.\n'
	# Enough after it that the pane scrolls.
	i=4
	while [ $i -le 40 ]; do
		printf '\nParagraph %s.\n' $i
		i=$((i + 1))
	done
} >"$TMP/docs/notes.txt"
awk 'BEGIN { for (i = 0; i < 300; i++) printf "abcdefghi "; print "" }' >"$TMP/docs/big.txt"
pic=$(printf '\342\220\233]0;pwned\342\220\207')

type_cmd "cd $TMP/docs && stty -g >$TMP/before"
wait_file "$TMP/before"
type_cmd "$FOLIO notes.txt"
wait_until 100 shows "Copy e2e title" "Third paragraph."
check $? "folio shows the article"
T send-keys -t t j j
wait_until 50 shows "3/"
screen | sed '$d' >"$TMP/before-copy"
T send-keys -t t y y
wait_until 50 shows "Copied the paragraph to the terminal's clipboard"
check $? "yy: says it copied"
check_buffer "$(printf 'First paragraph, line one\nand its line two.')" \
	"yy: tmux received the paragraph through OSC 52, byte for byte"
screen | sed '$d' >"$TMP/after-copy"
cmp -s "$TMP/before-copy" "$TMP/after-copy" && grep -q "^First paragraph, line one" "$TMP/after-copy"
check $? "the screen above the message is as it was: the sequence moved no cell"

T send-keys -t t j j j y y
check_buffer "Second paragraph with $pic inside." \
	"an escape in the article reaches the clipboard as its picture"
shows "Second paragraph with"
check $? "and the pane still shows the article"

T send-keys -t t g m a j j j y "'" a
check_buffer "$(printf 'Copy e2e title\n\nFirst paragraph, line one\nand its line two.')" \
	"y'a: tmux received the lines from mark a to the top"

T send-keys -t t q
type_cmd "clear"
printf 'outside = { copy_limit = 1; };\n' >"$TMP/home/config/folio/folio.conf"
type_cmd "$FOLIO big.txt"
wait_until 100 shows "abcdefghi"
T send-keys -t t y y
wait_until 50 shows "cut to 1024 of its 3000 bytes (copy_limit)"
check $? "a paragraph over copy_limit: the message says it was cut"
want=$(awk 'BEGIN { for (i = 0; i < 102; i++) printf "abcdefghi "; printf "abcd" }')
check_buffer "$want" "and tmux received its first 1024 bytes"
T send-keys -t t q
type_cmd "stty -g >$TMP/after"
wait_file "$TMP/after"
cmp -s "$TMP/before" "$TMP/after"
check $? "the terminal's stty settings are as before"

done_testing
