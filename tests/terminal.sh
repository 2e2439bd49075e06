#!/bin/sh
# terminal.sh - terminals folio cannot draw on.  An unknown TERM, and one
# that cannot move the cursor (dumb, a hard-copy or generic type), get one
# clear message, with a pointer to --dump for the latter, and exit 2; the
# terminal is left untouched: nothing written to it, its modes unchanged.
# Run under script(1), which gives folio a pseudo-terminal, and in tmux,
# where the pane shows exactly what reached the terminal.
#
# Needs $FOLIO and $TOP_SRCDIR (set by make check).  Prints TAP.

# shellcheck disable=SC1091 # lib.sh is found at run time
. "${TOP_SRCDIR:-.}/tests/lib.sh"
need_folio
A=$TOP_SRCDIR/articles
ESC=$(printf '\033')

# A generic type that has cursor addressing; a hard-copy one likewise.
mkdir "$TMP/terminfo"
cat > "$TMP/types.src" << 'EOF'
folio-generic|generic type with cursor addressing,
	am, gn, cols#80, lines#24,
	bel=^G, clear=\E[H\E[J, cr=\r, cup=\E[%i%p1%d;%p2%dH, cud1=\n, ind=\n,
folio-hardcopy|hard-copy type with cursor addressing,
	am, hc, cols#80, lines#24,
	bel=^G, cr=\r, cup=\E[%i%p1%d;%p2%dH, cud1=\n, ind=\n,
EOF
have_types=false
tic -o "$TMP/terminfo" "$TMP/types.src" 2> /dev/null && have_types=true
TERMINFO=$TMP/terminfo
export TERMINFO

cant_move() {
	echo "folio: terminal type '$1' (TERM) cannot move the cursor; use --dump to print the articles"
}

# ---- under script(1) ----------------------------------------------------------
# in_pty NAME TERM: runs folio with TERM in a pseudo-terminal, recording
# stty -g before and after, the status, and everything written to it.
in_pty() {
	rm -f "$TMP/$1".*
	# shellcheck disable=SC2016 # the inner shell expands them
	FOLIO_T=$2 FOLIO_D=$TMP/$1 timeout 20 script -qec \
		'stty -g > "$FOLIO_D.before"; TERM=$FOLIO_T "$FOLIO" "$A" 2> "$FOLIO_D.err"; echo $? > "$FOLIO_D.status"; stty -g > "$FOLIO_D.after"' \
		/dev/null < /dev/null > "$TMP/$1.tty" 2>&1
}
export FOLIO A

# pty_checks NAME TERM WANT: the checks of a run of in_pty.
pty_checks() {
	check_eq "$(cat "$TMP/$1.status" 2> /dev/null):$(cat "$TMP/$1.err" 2> /dev/null)" "2:$3" \
		"script, TERM=$2: exit 2 with one message"
	r=1
	[ -f "$TMP/$1.tty" ] && ! LC_ALL=C grep -q "$ESC" "$TMP/$1.tty" &&
		[ "$(tr -d '\r\n' < "$TMP/$1.tty" | wc -c)" -eq 0 ] && r=0
	check $r "script, TERM=$2: nothing written to the terminal"
	[ $r -eq 0 ] || od -c "$TMP/$1.tty" | head -n 5 | sed 's/^/# /'
	r=1
	[ -s "$TMP/$1.before" ] && cmp -s "$TMP/$1.before" "$TMP/$1.after" && r=0
	check $r "script, TERM=$2: stty -g before = after"
}

if command -v script > /dev/null 2>&1 && command -v timeout > /dev/null 2>&1 &&
	script -qec true /dev/null < /dev/null > /dev/null 2>&1; then
	in_pty dumb dumb
	pty_checks dumb dumb "$(cant_move dumb)"
	if $have_types; then
		in_pty generic folio-generic
		pty_checks generic folio-generic "$(cant_move folio-generic)"
		in_pty hardcopy folio-hardcopy
		pty_checks hardcopy folio-hardcopy "$(cant_move folio-hardcopy)"
	else
		for i in 1 2 3 4 5 6; do skip "script, a custom terminal type" "tic failed"; done
	fi
	in_pty unknown "no-such-$ESC]0;X"
	pty_checks unknown "an unknown type" \
		"folio: unknown terminal type 'no-such-␛]0;X' (TERM); try TERM=xterm"
else
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do skip "script(1) runs" "no usable script(1)"; done
fi
TERM=dumb "$FOLIO" --dump --width 40 "$A/01-novaya-gazeta-staff-threatened.txt" > "$TMP/dump"
check_eq "$?:$(wc -L < "$TMP/dump" | tr -d ' ')" 0:40 "TERM=dumb: --dump works, as the message says"

# ---- in tmux --------------------------------------------------------------------
case "$TMP$FOLIO$TOP_SRCDIR" in
*[!A-Za-z0-9_./+-]*)
	skip "tmux: TERM=dumb" "a path holds characters this test does not quote"
	done_testing
	;;
esac
if ! tmux_server term; then
	skip "tmux: TERM=dumb" "tmux is not installed"
	done_testing
fi
if ! T new-session -d -s t -x 80 -y 24 \
	"TERM=$term ENV= PS1='\$ ' LC_ALL=C.UTF-8 exec sh -i" 2> "$TMP/tmux.err"; then
	skip "tmux: TERM=dumb" "tmux cannot start a session here: $(head -n 1 "$TMP/tmux.err")"
	done_testing
fi

modes() {
	T display -p -t t 'alternate=#{alternate_on} cursor=#{cursor_flag} keypad=#{keypad_flag} keypad_cursor=#{keypad_cursor_flag} mouse=#{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}#{mouse_all_flag}#{mouse_sgr_flag} insert=#{insert_flag} wrap=#{wrap_flag} origin=#{origin_flag} title=#{pane_title}'
}

type_cmd() {
	T send-keys -t t -l "$1"
	T send-keys -t t C-j
}

# cleared: the shell's screen holds one row at most, its prompt.
cleared() {
	[ "$(T capture-pane -p -t t | grep -c .)" -le 1 ]
}

# pane_shows TEXT: the pane, wrapped rows joined, holds TEXT.
pane_shows() {
	T capture-pane -p -J -t t | grep -qF -- "$1"
}

# modes_are FILE: the terminal modes are those kept in FILE.
modes_are() {
	[ "$(modes)" = "$(cat "$1")" ]
}

type_cmd "stty -g > $TMP/t.before"
wait_file "$TMP/t.before"
type_cmd clear
wait_until 50 cleared
modes > "$TMP/t.modes-before"
# Only what folio writes goes to the pipe: the shell's echo of the typed
# command and its prompt come before the pipe is opened and after it closes.
T pipe-pane -t t -o "cat >> $TMP/t.raw"
type_cmd "TERM=dumb $FOLIO $A; echo status=\$? > $TMP/t.status; stty -g > $TMP/t.after"
wait_file "$TMP/t.after"
# Everything folio wrote has reached tmux, and the pipe, once its message
# shows: the shell ran on while tmux may not have read it yet.
wait_until 50 pane_shows "$(cant_move dumb)"
T pipe-pane -t t
wait_until 20 modes_are "$TMP/t.modes-before"
modes > "$TMP/t.modes-after"
T capture-pane -p -J -t t > "$TMP/t.screen"
check_eq "$(cat "$TMP/t.status" 2> /dev/null)" status=2 "tmux, TERM=dumb: exit 2"
grep -qF "$(cant_move dumb)" "$TMP/t.screen"
r=$?
check $r "tmux, TERM=dumb: the pane shows the message"
[ $r -eq 0 ] || sed 's/^/# /' "$TMP/t.screen"
! grep -q -e Newspaper -e '▸' -e '│' "$TMP/t.screen"
check $? "tmux, TERM=dumb: and no list or article drawn"
r=1
[ -f "$TMP/t.raw" ] && ! LC_ALL=C grep -q "$ESC" "$TMP/t.raw" && r=0
check $r "tmux, TERM=dumb: no escape sequence written"
r=1
[ -s "$TMP/t.before" ] && cmp -s "$TMP/t.before" "$TMP/t.after" && r=0
check $r "tmux, TERM=dumb: stty -g before = after"
check_eq "$(cat "$TMP/t.modes-after")" "$(cat "$TMP/t.modes-before")" \
	"tmux, TERM=dumb: terminal modes and title as before"

done_testing
