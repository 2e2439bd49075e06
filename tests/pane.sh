# pane.sh - helpers for the tests that drive folio in a tmux pane: source
# it after tests/lib.sh, once tmux_server has named the server and the test
# has made the session "t", whose pane they read and type into.

screen() {
	T capture-pane -p -t t
}

# Conditions on the pane, each read from one capture, for wait_until
# (tests/lib.sh): a check first waits for the very state it asserts.

# shows STRING...: the pane shows every STRING.
shows() {
	screen >"$TMP/capture"
	for want in "$@"; do
		grep -qF -- "$want" "$TMP/capture" || return 1
	done
}

# matches RE...: some row of the pane matches each extended RE.
matches() {
	screen >"$TMP/capture"
	for want in "$@"; do
		grep -Eq -- "$want" "$TMP/capture" || return 1
	done
}

# row_like N PATTERN: row N (1-based) of the pane matches the shell PATTERN.
row_like() {
	# shellcheck disable=SC2254 # the pattern is meant as one
	case $(row "$1") in
	$2) return 0 ;;
	esac
	return 1
}

# bottom_has ROWS STRING: the pane has ROWS rows and its last two (the
# status and prompt lines) hold STRING.
bottom_has() {
	screen >"$TMP/bottom"
	[ "$(wc -l <"$TMP/bottom")" -eq "$1" ] && tail -n 2 "$TMP/bottom" | grep -qF -- "$2"
}

# top_is WANT: the first row of the article pane is WANT.
top_is() {
	[ "$(article_top)" = "$1" ]
}

# same_as FILE: the pane shows exactly what FILE holds (the capture is left
# in $TMP/same).
same_as() {
	screen >"$TMP/same"
	cmp -s "$1" "$TMP/same"
}

# lit_is WANT: current_match, its rows joined by "|", is WANT.
lit_is() {
	[ "$(current_match | tr '\n' '|')" = "$1" ]
}

# display_is FORMAT WANT: tmux expands FORMAT for the pane to WANT.
display_is() {
	[ "$(T display -p -t t "$1")" = "$2" ]
}

# gone PID: PID has exited.
gone() {
	! kill -0 "$1" 2>/dev/null
}

# current_match: the text the pane draws on a green background (SGR 42),
# folio's current search match, one line per screen row that has some.
current_match() {
	T capture-pane -p -e -t t | awk '{
		n = split($0, part, "\033")
		out = part[1] == "" || !green ? "" : part[1]
		for (k = 2; k <= n; k++) {
			s = part[k]
			if (match(s, /^\[[0-9;]*m/)) {
				np = split(substr(s, 2, RLENGTH - 2), p, ";")
				if (np == 0) green = 0
				for (q = 1; q <= np; q++) {
					if (p[q] == "42") green = 1
					else if (p[q] == "0" || p[q] == "" || p[q] == "49" ||
					    (p[q] >= 40 && p[q] <= 47)) green = 0
				}
				s = substr(s, RLENGTH + 1)
			}
			if (green) out = out s
		}
		if (out != "") print out
	}'
}

# wait_for STRING [TENTHS]: until the pane shows STRING (default 5 s).
wait_for() {
	wait_until "${2:-50}" shows "$1"
}

# wait_bottom ROWS STRING: until bottom_has ROWS STRING (5 s).
wait_bottom() {
	wait_until 50 bottom_has "$1" "$2"
}

# wait_top WANT [TENTHS]: until the first row of the article pane is WANT
# (default 5 s).
wait_top() {
	wait_until "${2:-50}" top_is "$1"
}

# wait_same FILE: until the pane shows exactly what FILE holds (5 s).
wait_same() {
	wait_until 50 same_as "$1"
}

# wait_gone PID [TENTHS]: until PID has exited (default 2 s).
wait_gone() {
	wait_until "${2:-20}" gone "$1"
}

# settled FILE: the pane read twice a tenth of a second apart shows the
# same; the screen is kept in FILE.
settled() {
	screen >"$1"
	pause
	screen >"$1.again"
	cmp -s "$1" "$1.again"
}

# keep_screen FILE: FILE gets the screen once it has stopped changing (5 s),
# to be compared with a later one: a screen read while a frame is still
# being drawn would never come again.
keep_screen() {
	wait_until 25 settled "$1"
}

# type CMD: types a shell command line into the pane and ends it with a
# newline (C-j rather than Enter's CR, so that it works even if a killed
# folio left the terminal raw).
type_cmd() {
	T send-keys -t t -l "$1"
	T send-keys -t t C-j
}

# clear_shell: clears the shell's screen, so old text cannot match.
clear_shell() {
	type_cmd clear
	i=0
	while [ $i -lt 50 ] && [ "$(screen | grep -c .)" -gt 1 ]; do
		pause
		i=$((i + 1))
	done
}

# modes: the terminal state folio must give back, as tmux sees it.
modes() {
	T display -p -t t 'alternate=#{alternate_on} cursor=#{cursor_flag} keypad=#{keypad_flag} keypad_cursor=#{keypad_cursor_flag} mouse=#{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}#{mouse_all_flag}#{mouse_sgr_flag} insert=#{insert_flag} wrap=#{wrap_flag} origin=#{origin_flag}'
}

# row N: row N (1-based) of the pane.
row() {
	screen | sed -n "${1}p"
}

# article_top: the first row of the article pane (after the separator).
article_top() {
	row 1 | sed 's/^.*│ //'
}

# modes_are FILE: the terminal modes are those kept in FILE.
modes_are() {
	[ "$(modes)" = "$(cat "$1" 2>/dev/null)" ]
}
