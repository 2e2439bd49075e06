#!/bin/sh
# list.sh - what the source list shows of each article, from the outside:
#   - --info prints path, title, format, size, bytes, modified, words and
#     minutes for files and folders, and says which PATH it cannot read;
#   - a title given with set-title (T) shows in --list, --info and the list,
#     survives a restart, is found by a search of the collection, is made
#     safe when it holds bidi overrides, and an empty answer removes it;
#   - list_format and date_format shape the rows (--script screens), and a
#     bad format is reported as FILE:LINE with the default used;
#   - in tmux, a row format with columns and the info line of = show as
#     they should on a real terminal.
#
# Needs $FOLIO and $TOP_SRCDIR (set by make check).  Prints TAP.

# shellcheck disable=SC1091 # lib.sh is found at run time
. "${TOP_SRCDIR:-.}/tests/lib.sh"

need_folio
TZ=UTC
export TZ
C=$TMP/coll
mkdir -p "$C/world" "$TMP/home"
printf 'First headline\n\nOne two three, don'"'"'t stop.\n' >"$C/a.txt"
printf 'Second one\n\n東京は日本の首都です\n' >"$C/world/b.txt"
head -c 5000 /dev/zero | tr '\0' 'x' >"$C/world/c.txt"
touch -d '2026-01-02 03:04:05' "$C/a.txt" "$C/world/b.txt" "$C/world/c.txt"

# ---- --info -----------------------------------------------------------------

"$FOLIO" --info "$C/a.txt" >"$TMP/info" 2>"$TMP/info.err"
check_eq "$?" 0 "--info: status 0"
cat >"$TMP/want" <<EOF
path: $C/a.txt
title: First headline
format: text
size: 43B
bytes: 43
modified: 2026-01-02 03:04:05
words: 7
minutes: 1
EOF
cmp -s "$TMP/want" "$TMP/info"
check $? "--info: every field as a key: value line"
[ -s "$TMP/info.err" ] && sed 's/^/# /' "$TMP/info.err"
"$FOLIO" --info "$C" >"$TMP/info"
check_eq "$(grep -c '^path: ' "$TMP/info")" 3 "--info of a folder: one block per article"
check_eq "$(grep -c '^$' "$TMP/info")" 2 "--info: blocks apart by one empty line"
check_eq "$(sed -n 's/^words: //p' "$TMP/info" | tr '\n' ' ')" "7 12 1 " \
	"--info: words, CJK characters one each"
check_eq "$(grep '^size: ' "$TMP/info" | sed -n 3p)" "size: 4.9K" "--info: a short size"
printf 'layout = { reading_speed = 10; };\n' >"$TMP/slow.conf"
check_eq "$("$FOLIO" -c "$TMP/slow.conf" --info "$C/world/b.txt" | sed -n 's/^minutes: //p')" 2 \
	"--info: minutes at layout.reading_speed (12 words at 10 a minute: 2)"
"$FOLIO" --info "$C/a.txt" "$TMP/missing" >"$TMP/info" 2>"$TMP/info.err"
check_eq "$?" 2 "--info: a PATH that cannot be read makes the status 2"
check_eq "$(grep -c '^path: ' "$TMP/info")" 1 "--info: the other articles are still printed"
check_eq "$(grep -c 'missing' "$TMP/info.err")" 1 "--info: the PATH at fault is named on stderr"

# ---- own titles ---------------------------------------------------------------

# run_keys KEYS ARGS...: folio --script KEYS at 80x8 in $C with $TMP/home.
run_keys() {
	keys=$1
	shift
	(cd "$C" && HOME=$TMP/home XDG_CONFIG_HOME=$TMP/home/config COLUMNS=80 LINES=8 \
		exec "$FOLIO" --script "$keys" "$@") 2>"$TMP/keys.err"
}

printf 'T C-u\n:type A title of mine\nEnter\n:screen\n' >"$TMP/t.keys"
run_keys "$TMP/t.keys" . >"$TMP/t.out"
check_eq "$?" 0 "set-title: exits with status 0"
check_eq "$(sed -n 1p "$TMP/t.out" | sed 's/ *│.*//')" "▸ A title of mine" \
	"set-title: the list shows the new title at once"
check_eq "$(sed -n 8p "$TMP/t.out" | sed 's/  .*//')" "Title set" "set-title: says so"
check_eq "$(cd "$C" && "$FOLIO" --list . | sed -n 1p)" "./a.txt	A title of mine" \
	"--list shows the own title after a restart"
check_eq "$("$FOLIO" --info "$C/a.txt" | sed -n 2p)" "title: A title of mine" \
	"--info shows it"
printf '/\n:type mine\nEnter\n:screen\n' >"$TMP/s.keys"
run_keys "$TMP/s.keys" . >"$TMP/s.out"
check_eq "$(grep -c 'A title of mine' "$TMP/s.out")" 2 \
	"a search of the collection finds the article by its own title"
printf 'T C-u\n:type \342\200\256evil\342\200\254 \\x1b title\nEnter\n:screen\n' >"$TMP/h.keys"
run_keys "$TMP/h.keys" . >"$TMP/h.out"
terminal_safe "$TMP/h.out"
check $? "a title typed with bidi controls puts none on the screen"
(cd "$C" && "$FOLIO" --list .) >"$TMP/list"
terminal_safe "$TMP/list"
check $? "nor in --list"
printf 'T C-u Enter\n:screen\n' >"$TMP/r.keys"
run_keys "$TMP/r.keys" . >"$TMP/r.out"
check_eq "$(cd "$C" && "$FOLIO" --list . | sed -n 1p)" "./a.txt	First headline" \
	"an empty title removes it: the one found shows again"

# ---- list_format ----------------------------------------------------------------

# A state of their own: the runs above read the first article.
XDG_STATE_HOME=$TMP/state2
printf 'list_format = "%%u %%5s %%-9p|%%t";\nlayout = { sources_width = 40; };\n' \
	>"$TMP/home/f.conf"
printf ':screen\n' >"$TMP/f.keys"
run_keys "$TMP/f.keys" -c "$TMP/home/f.conf" . >"$TMP/f.out"
check_eq "$(sed -n 1p "$TMP/f.out" | sed 's/│.*//')" "▸ N   43B a.txt    |First headline      " \
	"list_format: fields padded, aligned and in order"
check_eq "$(sed -n 4p "$TMP/f.out" | sed 's/│.*//')" "    N  4.9K world/c.t|xxxxxxxxxxxxxxxxx…" \
	"list_format: a long path cut to its width, the row to the pane"
printf 'list_format = "%%t (%%d)";\ndate_format = "%%d %%b %%Y";\n' >"$TMP/home/d.conf"
run_keys "$TMP/f.keys" -c "$TMP/home/d.conf" . >"$TMP/d.out"
check_eq "$(sed -n 1p "$TMP/d.out" | sed 's/│.*//')" "▸ First headline (02 Jan 2026)  " \
	"date_format: %d as strftime says"
printf '# a row\nlist_format = "%%t %%z";\n' >"$TMP/home/bad.conf"
run_keys "$TMP/f.keys" -c "$TMP/home/bad.conf" . >"$TMP/bad.out"
check_eq "$?" 0 "a bad list_format does not stop folio"
check_eq "$(cat "$TMP/keys.err")" \
	"$TMP/home/bad.conf:2: list_format: unknown conversion %z (known: %t %f %p %d %s %u %%); the default is used" \
	"a bad list_format is reported with its file and line"
check_eq "$(sed -n 1p "$TMP/bad.out" | sed 's/│.*//')" "▸ First headline                " \
	"and the default is used"
check_eq "$("$FOLIO" --dump-config | grep -c '^list_format = "%t";$')" 1 \
	"--dump-config shows list_format"

# ---- in tmux ------------------------------------------------------------------

# skip_tmux WHY: the tmux checks cannot run.
skip_tmux() {
	for what in "the rows show the format's columns" "a field cut to its width" \
		"folders keep their header rows" "= shows the info line"; do
		skip "tmux: $what" "$1"
	done
	done_testing
}

case "$TMP$FOLIO" in
*[!A-Za-z0-9_./+-]*)
	skip_tmux "a path holds characters this test does not quote"
	;;
esac
if ! tmux_server list; then
	skip_tmux "tmux is not installed"
fi
printf 'list_format = "%%u %%4s %%-12t";\n' >"$TMP/home/t.conf"
if ! T new-session -d -s t -x 100 -y 10 \
	"cd $C && TERM=$term HOME=$TMP/home TZ=UTC LC_ALL=C.UTF-8 exec $FOLIO -c $TMP/home/t.conf ." \
	2>"$TMP/tmux.err"; then
	skip_tmux "tmux cannot start a session here"
fi
screen() {
	T capture-pane -p -t t
}
# row_is N WANT: row N of the pane, up to the blanks before the separator,
# is WANT.
row_is() {
	[ "$(screen | sed -n "$1p" | sed 's/ *│.*//')" = "$2" ]
}
bottom_has() {
	screen | tail -n 1 | grep -qF -- "$1"
}
wait_until 50 row_is 1 "▸ N  43B First headli"
r=$?
check $r "tmux: the rows show the format's columns"
[ $r -eq 0 ] || screen | sed 's/^/# /'
row_is 4 "    N 4.9K xxxxxxxxxxxx"
check $? "tmux: a field cut to its width, rows in a folder indented"
row_is 2 "  ▾ world/ (2/2)"
check $? "tmux: folders keep their header rows"
T send-keys -t t =
wait_until 50 bottom_has "text  43B  7 words  1 min  2026-01-02 03:04  ./a.txt"
check $? "tmux: = shows format, size, words, reading time, date and path"
[ $? -eq 0 ] || screen | sed 's/^/# /'
T send-keys -t t q
done_testing
