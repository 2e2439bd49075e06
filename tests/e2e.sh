#!/bin/sh
# e2e.sh - tier 3: folio in a real terminal emulator, tmux.  An interactive
# shell runs in a detached tmux pane; the test types into it (send-keys),
# reads the screen back (capture-pane) and the terminal's modes (pane
# formats), and checks that
#   - folio starts with the list and the article, and keys work;
#   - real resizes (resize-window) re-lay it out and keep the text at the
#     top of the article: 80x24 -> 50x20 -> 100x30 -> 80x24; sizes down
#     to 1x1 and back do no harm;
#   - Esc answers at once (folio's ESCDELAY, not curses' second);
#   - q, SIGTERM, SIGHUP, SIGINT, SIGQUIT and the pane closing (an SSH link
#     dropping) end it promptly, nothing left running, and the terminal is
#     as it was: stty -g before = after, the alternate screen left, cursor
#     shown, keypad and mouse modes off;
#   - Ctrl-Z suspends to the shell with the terminal restored, fg redraws;
#     also when folio runs under a wrapper script;
#   - a search typed with / moves the view to the match, drawn as the
#     current one (also through Unicode case folding: чечня finds ЧЕЧНЯ),
#     and Esc gives back the exact screen; / in the list narrows it to the
#     matching articles, Esc widens it, Enter opens the first hit, n goes on
#     into the next article;
#   - a mark set at 80x24 is found again after a real resize to 40x12;
#   - the reading position and marks survive a restart, whether folio ended
#     with q, SIGTERM, SIGHUP or SIGQUIT, and a global mark leads to its
#     article;
#   - the lines of a 17 MB article are counted between keys: after G the
#     status gives the line number and the total, and 1234567G goes there;
#   - the raw bytes written for hostile articles and file names (recorded
#     with pipe-pane, hyperlinks on) hold no OSC but well-formed OSC 8
#     hyperlinks (checked by osc8check), no DCS, APC, PM, C1 or bidi
#     control, and the pane title is unchanged.
#
# Needs $FOLIO and $TOP_SRCDIR (set by make check); skips without tmux.
# Prints TAP.

# shellcheck disable=SC1091 # lib.sh is found at run time
. "${TOP_SRCDIR:-.}/tests/lib.sh"

if ! command -v pgrep >/dev/null 2>&1; then
	echo "1..0 # SKIP pgrep is not installed"
	exit 0
fi
need_folio
case "$TMP$FOLIO$TOP_SRCDIR" in
*[!A-Za-z0-9_./+-]*)
	echo "1..0 # SKIP a path holds characters this test does not quote"
	exit 0
	;;
esac

if ! tmux_server test; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi

mkdir "$TMP/home" || exit 1
if ! T new-session -d -s t -x 80 -y 24 \
	"TERM=$term HOME=$TMP/home ENV= PS1='\$ ' LC_ALL=C.UTF-8 exec sh -i" 2>"$TMP/tmux.err"; then
	echo "1..0 # SKIP tmux cannot start a session here: $(head -n 1 "$TMP/tmux.err")"
	exit 0
fi
shell_pid=$(T display -p -t t '#{pane_pid}')

# ---- helpers --------------------------------------------------------------

# shellcheck disable=SC1091 # pane.sh is found at run time
. "$TOP_SRCDIR/tests/pane.sh"

# folio_pid: the pid of folio running in the pane's shell (waits up to 20 s: a loaded machine starts it slowly), or "".
folio_pid() {
	i=0
	while [ $i -lt 200 ]; do
		p=$(pgrep -P "$shell_pid" 2>/dev/null | sed -n 1p)
		[ -n "$p" ] && {
			echo "$p"
			return 0
		}
		pause
		i=$((i + 1))
	done
	return 1
}

# Runs: "start NAME ARGS" records the tty state and starts folio in the
# pane, its pid in $pid; "finish NAME" waits for folio to end, then records the status and
# the tty state again.  The typed command lines hold no marker text the
# checks look for.
start() {
	name=$1
	shift
	rm -f "$TMP/$name".*
	type_cmd "stty -g >$TMP/$name.before"
	if ! wait_file "$TMP/$name.before"; then
		echo "# the shell did not run stty -g; the pane shows:"
		screen | sed -n '1,24s/^/# /p'
		return 1
	fi
	modes >"$TMP/$name.modes-before"
	# A home of its own: no configuration or saved state from elsewhere.
	h=$TMP/home.$name
	mkdir -p "$h"
	type_cmd "HOME=$h XDG_CONFIG_HOME=$h/config XDG_STATE_HOME=$h/state $FOLIO $*"
	if ! pid=$(folio_pid); then
		echo "# folio did not start; the pane shows:"
		screen | sed -n '1,24s/^/# /p'
		return 1
	fi
	return 0
}
finish() {
	wait_gone "$pid" 30 || return 1
	type_cmd "echo \$? >$TMP/$1.status; stty -g >$TMP/$1.after"
	wait_file "$TMP/$1.after" || return 1
	# folio's last bytes may still be on their way through tmux.
	wait_until 20 modes_are "$TMP/$1.modes-before"
	modes >"$TMP/$1.modes-after"
}

# restored NAME WHAT: the checks that the terminal is as it was.
restored() {
	if [ -s "$TMP/$1.before" ] && cmp -s "$TMP/$1.before" "$TMP/$1.after"; then r=0; else r=1; fi
	check $r "$2: stty -g before = after"
	[ $r -eq 0 ] || printf '# before: %s\n#  after: %s\n' \
		"$(cat "$TMP/$1.before" 2>/dev/null)" "$(cat "$TMP/$1.after" 2>/dev/null)"
	check_eq "$(cat "$TMP/$1.modes-after" 2>/dev/null)" \
		"$(cat "$TMP/$1.modes-before" 2>/dev/null)" \
		"$2: terminal modes as before (alternate screen left, cursor shown, keypad and mouse off)"
}

# shell_back LINE: the pane shows the shell's screen with LINE, the command
# that started folio, and nothing of folio's.
shell_back() {
	T capture-pane -p -J -t t | grep -qF -- "$1" && ! screen | grep -q '│'
}

# ---- startup, keys, resize, q -----------------------------------------------

if start main "$TOP_SRCDIR/articles"; then
	wait_for "1/5" 100
	check $? "startup: the status line shows 1/5"
	wait_until 50 row_like 1 '▸ Newspaper staff who uncovered…│ Newspaper staff who uncovered*'
	r=$?
	check $r "startup: the list with the first article selected, the article beside it"
	[ $r -eq 0 ] || screen | sed -n '1,24s/^/# /p'
	wait_until 50 display_is '#{alternate_on}#{cursor_flag}' 10
	check_eq "$(T display -p -t t '#{alternate_on}#{cursor_flag}')" "10" \
		"startup: on the alternate screen, cursor hidden"

	T send-keys -t t j
	wait_for " 2/5  5 Critical"
	check $? "keys: j selects the second article"
	T send-keys -t t Enter 1 0 j
	wait_for "5/102"
	check $? "keys: Enter opens it and 10j scrolls it (line 5 of 102 at the top)"
	wait_top "1. Journalists who first broke the Chechnya"
	top80=$(article_top)
	keep_screen "$TMP/main.80x24"
	check_eq "$top80" "1. Journalists who first broke the Chechnya" "resize: the text at the top at 80x24"

	T resize-window -t t -x 50 -y 20
	wait_bottom 20 "5/102"
	r=$?
	wait_until 50 row_like 1 "1. Journalists who first broke the Chechnya story*" || r=1
	top=$(row 1)
	check $r "resize: at 50x20 the article alone, the same text at the top"
	[ $r -eq 0 ] || echo "# top row: $top"
	check_eq "$(screen | wc -l | tr -d ' ')" 20 "resize: the screen has 20 rows"

	T resize-window -t t -x 100 -y 30
	wait_bottom 30 "5/102"
	r=$?
	wait_until 50 row_like 1 "*…│ 1. Journalists who first broke the Chechnya story have had to go" || r=1
	top=$(row 1)
	check $r "resize: at 100x30 both panes, the same text at the top"
	[ $r -eq 0 ] || echo "# top row: $top"

	T resize-window -t t -x 80 -y 24
	wait_same "$TMP/main.80x24"
	r=$?
	check $r "resize: back at 80x24 the screen is as it was"
	[ $r -eq 0 ] || diff "$TMP/main.80x24" "$TMP/same" | sed -n '1,20s/^/# /p'

	# Esc at 50x20 goes back to the list; it must not wait for curses'
	# default second to tell a lone Esc from a key sequence.  Two tries, in
	# case the machine is busy.
	T resize-window -t t -x 50 -y 20
	wait_bottom 20 "5/102"
	case $(date +%s%N) in
	*[!0-9]*)
		skip "Esc answers at once" "date has no %N"
		;;
	*)
		r=1
		for try in 1 2; do
			if [ "$try" = 2 ]; then
				T send-keys -t t Enter
				wait_for "1. Journalists"
			fi
			t0=$(date +%s%N)
			T send-keys -t t Escape
			i=0
			while [ $i -lt 200 ]; do
				screen | grep -q '^▸ 5 Critical' && break
				sleep 0.01 2>/dev/null || sleep 1
				i=$((i + 1))
			done
			ms=$((($(date +%s%N) - t0) / 1000000))
			[ $i -lt 200 ] && [ $ms -lt 700 ] && r=0 && break
		done
		check $r "Esc answers at once (${ms} ms, under 700)"
		;;
	esac

	# Down to 1x1 and up again: no crash, the view comes back.
	for size in 1x1 3x2 10x3 1x1 20x5; do
		T resize-window -t t -x "${size%x*}" -y "${size#*x}"
		pause
	done
	T resize-window -t t -x 80 -y 24
	wait_bottom 24 " 2/5  5 Critical"
	r=$?
	kill -0 "$pid" 2>/dev/null || r=1
	check $r "tiny sizes down to 1x1 and back to 80x24: folio runs on and redraws"

	T send-keys -t t q
	if finish main; then r=0; else r=1; fi
	check $r "q: folio exits"
	check_eq "$(cat "$TMP/main.status" 2>/dev/null)" 0 "q: exit status 0"
	restored main "q"
	# The command line that started folio was typed on the normal screen:
	# it shows again once folio has left the alternate one.
	wait_until 50 shell_back "$FOLIO $TOP_SRCDIR/articles"
	check $? "q: the shell's screen shows again, folio's is gone"
else
	check 1 "startup: folio runs in the pane"
fi

# ---- signals ----------------------------------------------------------------

for sig in TERM HUP INT QUIT; do
	if start "sig$sig" "$TOP_SRCDIR/articles"; then
		wait_for "1/5" 100
		T send-keys -t t j
		wait_for " 2/5 "
		kill -s "$sig" "$pid"
		wait_gone "$pid" 20
		r=$?
		check $r "SIG$sig: folio exits within 2 s"
		if [ $r -ne 0 ]; then
			ps -o pid,stat,time,cmd -p "$pid" | sed 's/^/# /'
			kill -s KILL "$pid" 2>/dev/null
		fi
		finish "sig$sig"
		st=$(cat "$TMP/sig$sig.status" 2>/dev/null)
		r=1
		case $sig:$st in
		TERM:143 | HUP:129 | INT:130 | QUIT:131) r=0 ;;
		esac
		check $r "SIG$sig: exit status 128 + the signal ($st)"
		restored "sig$sig" "SIG$sig"
	else
		check 1 "SIG$sig: folio runs in the pane"
	fi
done

# The pane closing under folio, as when an SSH link drops: the tty hangs up,
# folio must exit, not spin on a dead terminal.
mkdir -p "$TMP/home.hup"
T new-window -d -t t: -n hup "TERM=$term HOME=$TMP/home.hup XDG_CONFIG_HOME=$TMP/home.hup/config XDG_STATE_HOME=$TMP/home.hup/state LC_ALL=C.UTF-8 exec $FOLIO $TOP_SRCDIR/articles"
hup_pid=$(T display -p -t t:hup '#{pane_pid}' 2>/dev/null)
i=0
while [ $i -lt 50 ] && ! T capture-pane -p -t t:hup 2>/dev/null | grep -q '1/5'; do
	pause
	i=$((i + 1))
done
if [ -n "$hup_pid" ] && kill -0 "$hup_pid" 2>/dev/null; then
	T kill-window -t t:hup
	wait_gone "$hup_pid" 20
	r=$?
	check $r "hangup: folio exits within 2 s when its terminal goes away"
	if [ $r -ne 0 ]; then
		ps -o pid,stat,time,cmd -p "$hup_pid" | sed 's/^/# /'
		kill -s KILL "$hup_pid" 2>/dev/null
	fi
else
	check 1 "hangup: folio runs in a second window"
fi

# ---- Ctrl-Z -------------------------------------------------------------------

clear_shell
if start susp "$TOP_SRCDIR/articles"; then
	wait_for "1/5" 100
	T send-keys -t t j
	wait_for " 2/5  5 Critical"
	keep_screen "$TMP/susp.screen"
	T send-keys -t t C-z
	wait_for "Stopped"
	check $? "Ctrl-Z: the shell says folio stopped"
	wait_until 50 display_is '#{alternate_on}#{cursor_flag}' 01
	check_eq "$(T display -p -t t '#{alternate_on}#{cursor_flag}')" "01" \
		"Ctrl-Z: the terminal is back to the shell's screen, cursor shown"
	type_cmd "fg"
	wait_same "$TMP/susp.screen"
	r=$?
	check $r "fg: folio redraws its screen as it was"
	[ $r -eq 0 ] || diff "$TMP/susp.screen" "$TMP/same" | sed -n '1,20s/^/# /p'
	T send-keys -t t q
	finish susp
	check_eq "$(cat "$TMP/susp.status" 2>/dev/null)" 0 "Ctrl-Z, fg, q: exit status 0"
	restored susp "Ctrl-Z, fg, q"
else
	check 1 "Ctrl-Z: folio runs in the pane"
fi

# Under a wrapper (a script, a pager hook) folio is not the job's only
# process: Ctrl-Z must stop the whole job, or the shell never gets the
# terminal back.  Put it right afterwards either way.  (The echo keeps sh
# from replacing itself with folio.)
clear_shell
mkdir -p "$TMP/home.wrap"
type_cmd "HOME=$TMP/home.wrap XDG_CONFIG_HOME=$TMP/home.wrap/config XDG_STATE_HOME=$TMP/home.wrap/state sh -c '$FOLIO $TOP_SRCDIR/articles; echo wrapper done'"
wrap_pid=$(folio_pid)
pid=
i=0
while [ -n "$wrap_pid" ] && [ -z "$pid" ] && [ $i -lt 50 ]; do
	pid=$(pgrep -P "$wrap_pid" 2>/dev/null | sed -n 1p)
	[ -n "$pid" ] || pause
	i=$((i + 1))
done
if [ -n "$pid" ] && wait_for "1/5" 100; then
	T send-keys -t t C-z
	wait_for "Stopped"
	r=$?
	check $r "Ctrl-Z under a wrapper script: the whole job stops, the shell is back"
	if [ $r -eq 0 ]; then
		type_cmd "fg"
		wait_for "1/5"
		T send-keys -t t q
	else
		kill -s KILL "$wrap_pid" "$pid" 2>/dev/null
	fi
	wait_gone "$pid" 30 || kill -s KILL "$pid" 2>/dev/null
	wait_gone "$wrap_pid" 30 || kill -s KILL "$wrap_pid" 2>/dev/null
	# Had folio been killed before it gave the terminal back, put it right.
	type_cmd "stty sane; tput rmcup; tput cnorm"
else
	check 1 "Ctrl-Z under a wrapper script: folio runs in the pane"
	[ -z "$wrap_pid" ] || kill -s KILL "$wrap_pid" 2>/dev/null
fi

# ---- search, marks and reading state --------------------------------------

# narrowed_to FILE STATUS: the first rows of the list (as many as FILE has) are those of
# FILE and the status line says STATUS (the pane is kept in
# $TMP/search.narrow).
narrowed_to() {
	screen >"$TMP/search.narrow"
	sed -n "1,$(wc -l <"$1")p" "$TMP/search.narrow" | sed 's/│.*//; s/ *$//' | cmp -s - "$1" &&
		tail -n 2 "$TMP/search.narrow" | grep -qF -- "$2"
}

# full_list: the list shows every article again, and no count of matches.
full_list() {
	shows "  CNN Interviews Gay Men Tortur…│" && ! grep -q ' articles' "$TMP/capture"
}

# Searching the article as you type, in a real terminal: the view moves to
# the match, which is highlighted, and Esc gives back the exact screen.
clear_shell
if start search "$TOP_SRCDIR/articles"; then
	wait_for "1/5" 100
	T send-keys -t t j Enter 3 j
	wait_for "3/102"
	keep_screen "$TMP/search.before"
	top=$(article_top)
	T send-keys -t t /
	T send-keys -t t -l thin
	wait_until 50 matches '^/thin  ' ' 1/3$' 'extensive and scathing statement'
	r=$?
	[ "$(article_top)" != "$top" ] || r=1
	check $r "search: typing /thin moves the view to the first match (\"scathing\"), counter 1/3"
	[ $r -eq 0 ] || screen | sed -n '1,24s/^/# /p'
	wait_until 50 lit_is "thin|"
	check_eq "$(current_match)" "thin" "search: the match (in \"scathing\") is highlighted as the current one"
	T send-keys -t t Escape
	wait_same "$TMP/search.before"
	r=$?
	check $r "search: Esc gives back the screen exactly as it was"
	[ $r -eq 0 ] || diff "$TMP/search.before" "$TMP/same" | sed -n '1,20s/^/# /p'

	# The collection: Tab to the list, / narrows it as you type.
	T send-keys -t t Tab /
	T send-keys -t t -l kreml
	printf '%s\n' "▸ Newspaper staff who uncover… 1" "  The Kremlin has denied the an…" \
		"  Demonstrations In London As… 2" "  …n at the Kremlin on Wednesda…" \
		"  CNN Interviews Gay Men Tort… 1" "  …dyrov, a Kremlin-backed stro…" "" \
		>"$TMP/search.want"
	wait_until 50 narrowed_to "$TMP/search.want" "3 articles"
	r=$?
	check $r "collection search: /kreml narrows the list to the 3 articles with hits, counts beside them, snippets under them"
	[ $r -eq 0 ] || sed -n '1,24s/^/# /p' "$TMP/search.narrow"
	T send-keys -t t Escape
	wait_until 50 full_list
	check $? "collection search: Esc gives back the full list"
	T send-keys -t t /
	T send-keys -t t -l kreml
	wait_for "3 articles"
	T send-keys -t t Enter
	wait_until 50 matches 'The Kremlin has denied' ' 1/5 .* 1/1$'
	check $? "collection search: Enter opens the first matching article at its first hit"
	T send-keys -t t n
	wait_until 50 shows " 3/5 " "at the Kremlin on"
	check $? "collection search: n goes on into the next matching article"
	T send-keys -t t q
	finish search
	check_eq "$(cat "$TMP/search.status" 2>/dev/null)" 0 "search: q exits with status 0"
else
	check 1 "search: folio runs in the pane"
fi

# A match that runs across a wrapped line is lit on both lines: at 80
# columns the title wraps between "Chechnya" and "threatened".
clear_shell
if start wrap "$TOP_SRCDIR/articles/01-novaya-gazeta-staff-threatened.txt"; then
	wait_for "1/33" 100
	T send-keys -t t /
	T send-keys -t t -l "chechnya threatened"
	# The status line says 1/1 from the start (the one article): the
	# count of matches is at its end, the pattern on the prompt line.
	wait_until 50 matches '^/chechnya threatened ' ' 1/1$'
	check $? "wrapped match: the pattern across the wrap is found"
	wait_until 50 lit_is "Chechnya|threatened|"
	check_eq "$(current_match | tr '\n' '|')" "Chechnya|threatened|" \
		"wrapped match: both of its lines are highlighted"
	T send-keys -t t Escape q
	finish wrap
else
	check 1 "wrapped match: folio runs in the pane"
fi

# Unicode folding, highlighted: чечня finds ЧЕЧНЯ, then чечня.
clear_shell
if start fold "$TOP_SRCDIR/tests/screens/unicode/folding.txt"; then
	wait_for "1/49" 100
	T send-keys -t t /
	T send-keys -t t -l "чечня"
	wait_until 50 matches '^/чечня ' ' 1/2$'
	wait_until 50 lit_is "ЧЕЧНЯ|"
	check_eq "$(current_match)" "ЧЕЧНЯ" "search: lowercase чечня highlights ЧЕЧНЯ in capitals"
	T send-keys -t t Enter n
	wait_until 50 matches ' 2/2$'
	wait_until 50 lit_is "чечня|"
	check_eq "$(current_match)" "чечня" "search: n highlights the lowercase чечня"
	T send-keys -t t q
	finish fold
else
	check 1 "fold: folio runs in the pane"
fi

# Marks across a real resize: m a at 80x24 with a wrapped line at the top,
# G, resize to 40x12, ' a shows that text at the top.
clear_shell
if start marks "$TOP_SRCDIR/articles"; then
	wait_for "1/5" 100
	T send-keys -t t j Enter 1 1 j
	wait_for "5/102"
	wait_top "   story have had to go into hiding"
	marked=$(article_top)
	check_eq "$marked" "   story have had to go into hiding" "marks: a wrapped line at the top at 80x24"
	T send-keys -t t m a G
	wait_for "100%"
	T resize-window -t t -x 40 -y 12
	wait_bottom 12 "/102"
	T send-keys -t t "'" a
	wait_bottom 12 "5/102"
	r=$?
	wait_until 50 row_like 1 "*story have had*" || r=1
	check $r "marks: after a resize to 40x12, ' a puts the marked text at the top"
	[ $r -eq 0 ] || screen | sed -n '1,12s/^/# /p'
	T send-keys -t t "'" "'"
	wait_bottom 12 "81/102"
	check $? "marks: '' goes back to where the jump started"
	T send-keys -t t "'" "'"
	wait_bottom 12 "5/102"
	T resize-window -t t -x 80 -y 24
	wait_bottom 24 "5/102"
	wait_top "$marked" 10
	check $? "marks: back at 80x24 the marked line is at the top again"
	T send-keys -t t q
	finish marks
else
	check 1 "marks: folio runs in the pane"
	T resize-window -t t -x 80 -y 24
fi

# The reading position survives a restart: open an article, set a mark,
# scroll on, leave (q, SIGTERM, SIGHUP, SIGQUIT), start again on the same
# folder with the same state, open the same article: the same text is at
# the top, and the mark is still there.
for how in q TERM HUP QUIT; do
	if start "restore$how" "$TOP_SRCDIR/articles"; then
		wait_for "1/5" 100
		T send-keys -t t j j Enter 5 j
		wait_for "3/19"
		wait_top "from Accidentally Alex"
		mark_text=$(article_top)
		T send-keys -t t m a 5 j
		wait_for "7/19"
		wait_top "Act Over Chechnya's Anti-Gay Purge"
		before=$(article_top)
		case $how in
		q) T send-keys -t t q ;;
		*) kill -s "$how" "$pid" ;;
		esac
		wait_gone "$pid" 20 || kill -s KILL "$pid" 2>/dev/null
		finish "restore$how"
		r=1
		[ -s "$TMP/home.restore$how/state/folio/state.db" ] && r=0
		check $r "restart after $how: the state database was written"
		if start "restore$how" "$TOP_SRCDIR/articles"; then
			wait_for "1/5" 100
			T send-keys -t t j j Enter
			wait_for "3/5"
			wait_top "$before" 20
			r=$?
			[ "$before" = "Act Over Chechnya's Anti-Gay Purge" ] || r=1
			check $r "restart after $how: the article opens with the same text at the top"
			[ $r -eq 0 ] || printf '#   got: %s\n#  want: %s\n' "$(article_top)" "$before"
			T send-keys -t t "'" a
			wait_for "3/19"
			r=$?
			wait_top "$mark_text" || r=1
			[ "$mark_text" = "from Accidentally Alex" ] || r=1
			check $r "restart after $how: ' a goes to the mark set before"
			T send-keys -t t q
			finish "restore$how"
		else
			check 1 "restart after $how: folio runs again"
		fi
	else
		check 1 "restart after $how: folio runs in the pane"
	fi
done

# A global mark (uppercase) outlives the session too: set in the third
# article, it is found from the first one after a restart.
if start globalmark "$TOP_SRCDIR/articles"; then
	wait_for "1/5" 100
	T send-keys -t t j j Enter 5 j
	wait_for "3/19"
	wait_top "from Accidentally Alex"
	mark_text=$(article_top)
	T send-keys -t t m B g q
	wait_gone "$pid" 20 || kill -s KILL "$pid" 2>/dev/null
	finish globalmark
	if start globalmark "$TOP_SRCDIR/articles"; then
		wait_for "1/5" 100
		T send-keys -t t "'" B
		wait_for "3/19"
		r=$?
		wait_top "$mark_text" || r=1
		[ "$mark_text" = "from Accidentally Alex" ] || r=1
		check $r "restart: ' B opens the article of global mark B at the mark"
		T send-keys -t t "'" "'"
		wait_for " 1/5 "
		check $? "restart: '' goes back to the first article"
		T send-keys -t t q
		finish globalmark
	else
		check 1 "global mark: folio runs again"
	fi
else
	check 1 "global mark: folio runs in the pane"
fi

# counted_at_end: the last of the 2300000 lines shows, and the status gives
# the number of the line at the top and the total.
counted_at_end() {
	top=$(article_top)
	[ "$top" -gt 2299900 ] 2>/dev/null && screen | tail -1 | grep -q " $top/2300000  100%"
}

# The lines of an article over 16 MB are counted between keys: shown at
# its end, the status first gives the percentage, then line and total.
seq 1 2300000 >"$TMP/big-numbers.txt"
if start numbers "$TMP/big-numbers.txt"; then
	wait_for "100%" 100
	T send-keys -t t G
	wait_until 100 counted_at_end
	check $? "huge article: after G the status shows the top line's number and the total"
	T send-keys -t t 1 2 3 4 5 6 7 G
	wait_for "1234567/2300000" 50
	r=$?
	wait_top 1234567 || r=1
	check $r "huge article: 1234567G shows line 1234567 at the top"
	T send-keys -t t q
	finish numbers
else
	check 1 "huge article: folio runs in the pane"
fi
rm -f "$TMP/big-numbers.txt"

# A resize before leaving must not move the reading position: scrolled at
# 80x24 to a wrapped line, resized to 40x12, q; started again at 80x24, the
# same line is at the top.
if start restoresize "$TOP_SRCDIR/articles"; then
	wait_for "1/5" 100
	T send-keys -t t j Enter 1 1 j
	wait_for "5/102"
	wait_top "   story have had to go into hiding"
	before=$(article_top)
	T resize-window -t t -x 40 -y 12
	wait_bottom 12 "5/102"
	T send-keys -t t q
	finish restoresize
	T resize-window -t t -x 80 -y 24
	if start restoresize "$TOP_SRCDIR/articles"; then
		wait_for "1/5" 100
		T send-keys -t t j Enter
		wait_for "5/102"
		wait_top "$before" 10
		r=$?
		[ "$before" = "   story have had to go into hiding" ] || r=1
		check $r "restart after a resize: the same line is at the top at 80x24"
		T send-keys -t t q
		finish restoresize
	else
		check 1 "restart after a resize: folio runs again"
	fi
else
	check 1 "restart after a resize: folio runs in the pane"
	T resize-window -t t -x 80 -y 24
fi

# ---- hostile bytes ------------------------------------------------------------

# Articles and names built to act on a terminal; record every byte folio
# writes to it while walking through them, the help and a resize.
evil=$TMP/evil
evil_dir=$(printf 'dir\033[31mred\302\233m')
mkdir "$evil" "$evil/$evil_dir" || exit 1
: >"$evil/$(printf 'esc\033]0;pwned\007name.txt')"
printf 'Title \033]2;owned\007 with \302\2332J C1 and \342\200\256bidi\n\nbody http://evil.example/a\033]2;x\007b and https://ok.example/\342\200\256r end\n' \
	>"$evil/$evil_dir/a.txt"
# shellcheck disable=SC2016 # $r is text, a DCS request
printf '\033P1$r\033\\\n\n\033_apc\033\\ \033^pm\033\\ \033[?1049l\033c\n' \
	>"$evil/dcs.txt"
T select-pane -t t -T folio-e2e-title
: >"$TMP/raw"
T pipe-pane -t t -o "cat >>$TMP/raw"
# Hyperlinks on, whatever the terminal: the links of the hostile article
# are written as OSC 8, and checked below.
printf 'hyperlinks = "on";\n' >"$TMP/links-on.conf"
if start hostile -c "$TMP/links-on.conf" "$TOP_SRCDIR/tests/fixtures" "$evil" 2>/dev/null; then
	wait_for "1/14" 100
	T send-keys -t t Enter
	i=0
	while [ $i -lt 15 ]; do
		T send-keys -t t ']' G
		i=$((i + 1))
	done
	T send-keys -t t Tab g
	wait_for "▸ Real title" 50
	T resize-window -t t -x 40 -y 12
	T send-keys -t t j j j j
	pause
	T send-keys -t t Enter
	T send-keys -t t h G Escape
	T resize-window -t t -x 80 -y 24
	T send-keys -t t g
	wait_until 50 shows "esc␛]0;pwned␇name.txt" "dir␛[31mred<U+009B>m/"
	check $? "hostile: escapes in file and folder names show as visible pictures"
	T send-keys -t t q
	finish hostile
	T pipe-pane -t t
	check_eq "$(cat "$TMP/hostile.status" 2>/dev/null)" 0 "hostile: exit status 0"
	r=1
	[ -s "$TMP/raw" ] && LC_ALL=C grep -q 'Real title' "$TMP/raw" && r=0
	check $r "hostile: the raw output was recorded"
	# found BYTES: the raw output holds BYTES (a printf format).
	found() {
		# shellcheck disable=SC2059 # the argument is the format
		LC_ALL=C grep -q "$(printf "$1")" "$TMP/raw"
	}
	# The links are terminal hyperlinks (hyperlinks = on): the OSC 8
	# written must balance and hold printable ASCII only, and no other OSC
	# may be.
	LC_ALL=C sed 's/\x1b\]8;[ -~]*\x1b\\//g' "$TMP/raw" >"$TMP/raw-no-osc8"
	r=1
	if LC_ALL=C grep -q "$(printf '\033]8;id=')" "$TMP/raw" && [ -x "${OSC8CHECK:-}" ]; then
		"$OSC8CHECK" "$TMP/raw" >"$TMP/raw-osc8" && r=0
		sed -n 's/^error: /# /p' "$TMP/raw-osc8"
	fi
	check $r "hostile: the terminal hyperlinks written balance and hold printable ASCII only"
	bad=
	LC_ALL=C grep -q "$(printf '\033]')" "$TMP/raw-no-osc8" && bad="$bad OSC"
	found '\033P' && bad="$bad DCS"
	found '\033_' && bad="$bad APC"
	found '\033\\^' && bad="$bad PM"
	found '\033X' && bad="$bad SOS"
	found '\033c' && bad="$bad RIS"
	found '\302[\200-\237]' && bad="$bad C1"
	found '\342\200[\252-\256]' && bad="$bad bidi-embedding"
	found '\342\201[\246-\251]' && bad="$bad bidi-isolate"
	check_eq "${bad# }" "" "hostile: no OSC, DCS, APC, PM, SOS, RIS, C1, or bidi control written"
	check_eq "$(T display -p -t t '#{pane_title}')" "folio-e2e-title" \
		"hostile: the pane title did not change"
	restored hostile "hostile"
else
	T pipe-pane -t t
	check 1 "hostile: folio runs in the pane"
fi

done_testing
