# lib.sh - TAP helpers for the shell tests; source it, then call
# check/check_eq and finally done_testing.
tap_n=0
tap_fail=0
FOLIO=${FOLIO:-src/folio}
TOP_SRCDIR=${TOP_SRCDIR:-.}
FIXTURES=${FIXTURES:-$TOP_SRCDIR/tests/fixtures}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/folio-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
# Each test keeps its reading state, title cache and search index to itself.
XDG_STATE_HOME=$TMP/state
XDG_CACHE_HOME=$TMP/cache
export XDG_STATE_HOME XDG_CACHE_HOME

# check STATUS NAME: passes when STATUS is 0.
check() {
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_fail=1
	fi
}

# check_eq GOT WANT NAME
check_eq() {
	if [ "$1" = "$2" ]; then
		check 0 "$3"
	else
		check 1 "$3"
		printf '#   got: %s\n#  want: %s\n' "$1" "$2" | sed '3,$s/^/# /'
	fi
}

# check_todo STATUS NAME REASON: a check that fails until a known bug is
# fixed; when it passes, the TAP driver reports an unexpected pass.
check_todo() {
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2 # TODO $3"
		echo "# $2 passes now: drop its todo marker"
	else
		echo "not ok $tap_n - $2 # TODO $3"
	fi
}

# skip NAME REASON
skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}

# wait_until TENTHS COMMAND [ARG]...: runs COMMAND until it succeeds, a
# tenth of a second apart, for at most TENTHS tenths; returns 0 as soon as
# it does, else 1.  Wait for the very state a check then asserts, never for
# a sign that comes before it (a counter, a prompt): on a loaded machine a
# screen is read between the two.
wait_until() {
	wait_tries=$1
	shift
	while ! "$@"; do
		[ "$wait_tries" -gt 0 ] || return 1
		wait_tries=$((wait_tries - 1))
		sleep 0.1 2>/dev/null || sleep 1
	done
	return 0
}

# pause: a tenth of a second (where sleep takes no fraction, a second).
pause() {
	sleep 0.1 2>/dev/null || sleep 1
}

# wait_file FILE: until FILE exists and is not empty (5 s).
wait_file() {
	wait_until 50 test -s "$1"
}

# tmux_server NAME: gives the test a tmux server of its own, which T runs
# commands on and which goes, with $TMP, when the test exits; sets term to
# the terminal type folio sees in a pane (tmux's own when terminfo has it).
# Returns 1 when tmux is not installed.
tmux_server() {
	command -v tmux >/dev/null 2>&1 || return 1
	sock=folio-$1-$$
	unset TMUX
	trap 'T kill-server >/dev/null 2>&1; rm -rf "$TMP"' EXIT
	trap 'exit 1' HUP INT TERM
	term=screen
	tput -T tmux-256color longname >/dev/null 2>&1 && term=tmux-256color
	return 0
}

T() {
	tmux -L "$sock" -f /dev/null "$@"
}

# terminal_safe FILE: no ESC, no C0 but TAB and LF, no DEL, no C1 in UTF-8,
# no bidi embedding/override/isolate control.
terminal_safe() {
	LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$1" && return 1
	LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$1" && return 1
	LC_ALL=C grep -q "$(printf '\342\200[\252-\256]')" "$1" && return 1
	LC_ALL=C grep -q "$(printf '\342\201[\246-\251]')" "$1" && return 1
	LC_ALL=C tr -d '\000' < "$1" | cmp -s - "$1" || return 1
	return 0
}

# need_folio: makes FOLIO and TOP_SRCDIR absolute, for tests that change
# folder or hand them to another program; bails out without a binary.
need_folio() {
	if [ ! -x "$FOLIO" ]; then
		echo "Bail out! FOLIO must name the folio binary"
		exit 1
	fi
	case $FOLIO in
	/*) ;;
	*) FOLIO=$(pwd)/$FOLIO ;;
	esac
	TOP_SRCDIR=$(cd "$TOP_SRCDIR" && pwd)
}

done_testing() {
	echo "1..$tap_n"
	exit $tap_fail
}
