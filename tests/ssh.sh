#!/bin/sh
# ssh.sh - folio over a real SSH connection.  The test starts an sshd of
# its own on 127.0.0.1 (a free high port, a throw-away host key and user
# key), and in a tmux server of its own runs `ssh -tt` to it, which runs
# folio on a copy of the articles and a Markdown guide with links.  Then
#   - reading: the list and the article show, keys move and open;
#   - searching: /Kadyrov shows the hit line, lit as the current match;
#   - copying with OSC 52 (yl the link, Y the path): tmux, with
#     set-clipboard on, holds the text (show-buffer), and the raw bytes of
#     the pane (pipe-pane) hold each as one well-formed OSC 52 whose base64
#     is the text, and no other;
#   - opening a link (x) runs $BROWSER with the URL as its one argument;
#   - kill -9 of the ssh client: the remote folio, the session leader, gets
#     SIGHUP and exits within 2 s, nothing of the session left running, no
#     sanitizer report; the state file holds the read marks and the
#     position left at;
#   - again under a wrapper that ignores SIGHUP and outlives the link (so
#     folio sees only its terminal hang up): the position saved before is
#     where the article opens, x with no browser copies the link (OSC 52)
#     and says so, and after kill -9 folio exits within 2 s,
#     with status 1 (its terminal gone), and saves the new position;
#   - kill -9 of the client while a command run with ! holds the terminal:
#     the command gets SIGHUP from folio, as from a shell, and both end
#     within 2 s.
#
# Needs $FOLIO and $TOP_SRCDIR (set by make check); skips without tmux,
# ssh, sshd or ssh-keygen, or where sshd cannot run or be logged in to.
# Prints TAP.

# shellcheck disable=SC1111,SC1112 # the articles' own quotes, in the strings looked for
# shellcheck disable=SC2046 # a record's fields are words
# shellcheck disable=SC2154 # term is set by tmux_server
# shellcheck disable=SC1091 # lib.sh is found at run time
. "${TOP_SRCDIR:-.}/tests/lib.sh"

skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

# said FILE WHAT: the last line FILE holds, else WHAT.
said() {
	l=$(grep . "$1" 2>/dev/null | tail -n 1)
	echo "${l:-$2}"
}

for tool in pgrep ps ssh ssh-keygen base64; do
	command -v $tool >/dev/null 2>&1 || skip_all "$tool is not installed"
done
# SSHD may name the sshd to run; else the one on PATH or in /usr/sbin.
[ -n "${SSHD:-}" ] || SSHD=$(command -v sshd 2>/dev/null)
[ -n "$SSHD" ] || SSHD=/usr/sbin/sshd
case $SSHD in
/*) ;;
*) SSHD=$(pwd)/$SSHD ;;
esac
[ -x "$SSHD" ] || skip_all "sshd is not installed (Debian: openssh-server)"
need_folio
case "$TMP$FOLIO$TOP_SRCDIR" in
*[!A-Za-z0-9_./+-]*) skip_all "a path holds characters this test does not quote" ;;
esac
tmux_server ssh || skip_all "tmux is not installed"

# Everything the test started goes when it exits: the tmux server, the
# sshd, and a remote folio that failed to end.
sshd_pid=
trap 'T kill-server >/dev/null 2>&1; for p in $sshd_pid $(cat "$TMP"/*.pid 2>/dev/null); do kill -9 "$p" 2>/dev/null; done; rm -rf "$TMP"' EXIT

# ---- sshd ---------------------------------------------------------------------

K=$TMP/keys
mkdir -p "$K" || exit 1
if ! ssh-keygen -q -t ed25519 -N '' -C folio-test-host -f "$K/host" >/dev/null 2>&1 ||
	! ssh-keygen -q -t ed25519 -N '' -C folio-test-user -f "$K/user" >/dev/null 2>&1; then
	skip_all "ssh-keygen cannot make ed25519 keys"
fi
cp "$K/user.pub" "$K/authorized_keys" || exit 1

# sshd_config PORT: a configuration for this test alone, nothing read from
# /etc/ssh; the user's own rc files are not run.
sshd_config() {
	cat <<EOF
ListenAddress 127.0.0.1
Port $1
HostKey $K/host
PidFile $TMP/sshd.pidfile
AuthorizedKeysFile $K/authorized_keys
StrictModes no
UsePAM no
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitUserRC no
PrintMotd no
PrintLastLog no
UseDNS no
X11Forwarding no
AllowTcpForwarding no
AllowAgentForwarding no
LogLevel INFO
EOF
}

# Privilege separation needs its empty folder (Debian makes it when the
# service starts, which a test machine may never have done).
if [ ! -d /run/sshd ] && [ "$(id -u)" = 0 ]; then
	mkdir -p /run/sshd && chmod 755 /run/sshd
fi
sshd_config 2222 >"$TMP/sshd_config"
"$SSHD" -t -f "$TMP/sshd_config" >"$TMP/sshd.log" 2>&1 ||
	skip_all "sshd cannot run here: $(said "$TMP/sshd.log" "$SSHD -t fails")"

# listening: sshd says it listens, or it has exited.
listening() {
	grep -q 'Server listening on 127.0.0.1' "$TMP/sshd.log" || ! kill -0 "$sshd_pid" 2>/dev/null
}

# A free high port: one picked at random, another when it is taken.
port=
tries=0
while [ $tries -lt 10 ]; do
	tries=$((tries + 1))
	p=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
	sshd_config $p >"$TMP/sshd_config"
	"$SSHD" -D -e -f "$TMP/sshd_config" >"$TMP/sshd.log" 2>&1 &
	sshd_pid=$!
	wait_until 100 listening
	if kill -0 "$sshd_pid" 2>/dev/null && grep -q 'Server listening' "$TMP/sshd.log"; then
		port=$p
		break
	fi
	kill -9 "$sshd_pid" 2>/dev/null
	wait "$sshd_pid" 2>/dev/null
	grep -q 'Address already in use' "$TMP/sshd.log" || break
done
[ -n "$port" ] || skip_all "sshd does not start: $(said "$TMP/sshd.log" "it says nothing")"
echo "# sshd $sshd_pid on 127.0.0.1 port $port"

SSH="ssh -F /dev/null -o UserKnownHostsFile=$K/known_hosts -o StrictHostKeyChecking=no \
-o BatchMode=yes -o IdentitiesOnly=yes -o ConnectTimeout=20 -o LogLevel=ERROR -i $K/user -p $port 127.0.0.1"
# shellcheck disable=SC2086 # $SSH is words
$SSH true >"$TMP/probe.err" 2>&1 </dev/null ||
	skip_all "cannot log in over ssh to 127.0.0.1: $(said "$TMP/probe.err" "ssh fails") (sshd: $(said "$TMP/sshd.log" "nothing"))"

# ---- what runs on the far side ----------------------------------------------------

A=$TMP/articles
mkdir -p "$A" "$TMP/home" || exit 1
cp "$TOP_SRCDIR"/articles/0[1-5]-*.txt "$A/" || exit 1
cp "$TOP_SRCDIR/tests/documents/guide.md" "$A/06-guide.md" || exit 1
STATE=$TMP/home/state/folio/state.db

# A browser that records how many arguments it got, then each, one a line.
cat >"$TMP/browser" <<EOF
#!/bin/sh
{ echo \$#; for a; do printf '%s\n' "\$a"; done; } >"$TMP/browser.args.tmp"
mv "$TMP/browser.args.tmp" "$TMP/browser.args"
EOF
# launch NAME [nobrowser]: records its pid in NAME.pid and becomes folio,
# in the environment an SSH session gives (no display), with a home of the
# test's and the fake browser (none with nobrowser).
cat >"$TMP/launch" <<EOF
echo \$\$ >"$TMP/\$1.pid"
browser="BROWSER=$TMP/browser"
[ "\$2" != nobrowser ] || browser="-u BROWSER"
exec env -u DISPLAY -u WAYLAND_DISPLAY -u TMUX -u STY \$browser HOME=$TMP/home \
	XDG_CONFIG_HOME=$TMP/home/config XDG_STATE_HOME=$TMP/home/state \
	TERM=$term LC_ALL=C.UTF-8 PATH="$PATH" "$FOLIO" "$A" 2>"$TMP/\$1.err"
EOF
# wrapper NAME: runs launch NAME nobrowser as a child, outliving the
# hangup (SIGHUP ignored), and records its status in NAME.status.
cat >"$TMP/wrapper" <<EOF
echo \$\$ >"$TMP/\$1.wrapper.pid"
trap '' HUP
sh "$TMP/launch" "\$1" nobrowser
echo \$? >"$TMP/\$1.status"
EOF
chmod +x "$TMP/browser"

# ---- the terminal -------------------------------------------------------------------

if ! T new-session -d -s t -x 80 -y 24 \
	"TERM=$term HOME=$TMP/home ENV= PS1='\$ ' LC_ALL=C.UTF-8 exec sh -i" 2>"$TMP/tmux.err"; then
	skip_all "tmux cannot start a session here: $(head -n 1 "$TMP/tmux.err")"
fi
T set -s set-clipboard on
T pipe-pane -t t -o "cat >>$TMP/raw"
shell_pid=$(T display -p -t t '#{pane_pid}')

# shellcheck disable=SC1091 # pane.sh is found at run time
. "$TOP_SRCDIR/tests/pane.sh"

dump_screen() {
	screen | sed 's/^/# /'
}

# connect NAME SCRIPT: types the ssh command that runs SCRIPT NAME on the
# far side; sets ssh_pid (the client) and folio_pid (the remote folio).
connect() {
	ssh_pid=
	folio_pid=
	rm -f "$TMP/$1.pid"
	type_cmd "$SSH -tt sh $2 $1"
	wait_until 200 test -s "$TMP/$1.pid" || return 1
	ssh_pid=$(pgrep -P "$shell_pid" -x ssh) || return 1
	folio_pid=$(cat "$TMP/$1.pid")
	[ -n "$folio_pid" ]
}

# ended PID: PID has exited (a zombie not yet reaped counts).
ended() {
	st=$(ps -o stat= -p "$1" 2>/dev/null) || return 0
	case $st in
	Z*) return 0 ;;
	esac
	return 1
}

# leftovers NAME: the processes still there of run NAME (their pids, the
# wrapper's included), with their state and CPU time.
leftovers() {
	cat "$TMP/$1.pid" "$TMP/$1.wrapper.pid" 2>/dev/null | while read -r p; do
		ended "$p" || ps -o pid=,stat=,time=,args= -p "$p"
	done
}

# now_ms: milliseconds since some fixed moment (GNU date), or nothing; for
# the log only, never for a check.
now_ms() {
	t=$(date +%s%N 2>/dev/null)
	case $t in
	*[!0-9]*) ;;
	*) echo $((t / 1000000)) ;;
	esac
}

# buffer_is TEXT: tmux's newest paste buffer is TEXT.
buffer_is() {
	[ "$(T show-buffer 2>/dev/null)" = "$1" ]
}

# osc52s: the OSC 52 sequences in the pane's raw output, one a line, the
# ESC left out and BEL shown as "!" (no base64 character); anything from
# "ESC ] 52" to the next BEL, ESC or end of the output counts, so a
# sequence with a bad end shows too.
osc52s() {
	{
		LC_ALL=C tr '\033\007\n' '\n! ' <"$TMP/raw"
		echo
	} | LC_ALL=C sed -n 's/^\(]52;[^!]*!\{0,1\}\).*/\1/p'
}

# osc52_for TEXT: the well-formed OSC 52 that copies TEXT, as osc52s shows it.
osc52_for() {
	printf ']52;c;%s!\n' "$(printf '%s' "$1" | base64 | tr -d '\n')"
}

# raw_has_osc52s FILE: the pane's raw output holds exactly the OSC 52
# sequences of FILE, in order.
raw_has_osc52s() {
	osc52s | cmp -s - "$1"
}

# record NAME: the state database's record of article NAME, as
# "read position" (python3's sqlite3 reads it).
record() {
	python3 -c '
import sqlite3, sys
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
for path, read, pos in db.execute("SELECT path, read, pos FROM articles"):
    if path.endswith(sys.argv[2]):
        print(read, pos)
' "$STATE" "/$1" 2>/dev/null
}

# at_offset FILE OFFSET TEXT: the bytes of FILE from OFFSET on start with
# TEXT.
at_offset() {
	n=$(printf '%s' "$3" | wc -c)
	[ -n "$2" ] && [ "$n" -gt 0 ] &&
		[ "$(tail -c +$(($2 + 1)) "$1" | head -c "$n")" = "$3" ]
}

# ---- one: read, search, copy, open, and the link cut ---------------------------------

if connect one "$TMP/launch"; then
	wait_until 200 shows " 1/6 " "Ramzan Kadyrov, leader of Chechnya"
	r=$?
	wait_until 50 row_like 1 '▸ Newspaper staff who uncovered…│ Newspaper staff who uncovered the ‘mass' || r=1
	check $r "over ssh: folio shows the list and the first article"
	[ $r -eq 0 ] || dump_screen

	T send-keys -t t j
	wait_for " 2/6  5 Critical Updates on Chechnya’s Anti-Gay Purge"
	check $? "over ssh: j selects the second article"
	T send-keys -t t Enter 5 j
	wait_until 50 shows "3/102" "1. Journalists who first broke the Chechnya"
	check $? "over ssh: Enter opens it and 5j scrolls it"

	T send-keys -t t /
	T send-keys -t t -l Kadyrov
	T send-keys -t t Enter
	wait_until 50 matches '│ Ramzan Kadyrov, Chechnya’s leader, has$' ' 1/1$'
	r=$?
	wait_until 50 lit_is "Kadyrov|" || r=1
	check $r "over ssh: /Kadyrov shows the hit line, lit as the current match"
	[ $r -eq 0 ] || dump_screen
	top_two=$(article_top)

	# The guide, the last article: its first link is the almanac.
	T send-keys -t t Tab G Enter
	wait_until 50 shows " 6/6  A Guide to the Kitchen Garden" "almanac[1]"
	check $? "over ssh: the guide opens, its links numbered"
	url=https://example.org/almanac

	: >"$TMP/osc52.want"
	T send-keys -t t y l
	wait_until 50 buffer_is "$url"
	r=$?
	check $r "OSC 52: yl puts the link in tmux's buffer (show-buffer)"
	[ $r -eq 0 ] || echo "# buffer: $(T show-buffer 2>&1 | head -c 200)"
	wait_for "Copied the link to the terminal's clipboard"
	check $? "OSC 52: folio says it copied the link"
	osc52_for "$url" >>"$TMP/osc52.want"
	wait_until 50 raw_has_osc52s "$TMP/osc52.want"
	r=$?
	check $r "OSC 52: the raw bytes hold one well-formed OSC 52 with the base64 of the link"
	[ $r -eq 0 ] || osc52s | sed 's/^/# got: /'

	T send-keys -t t Y
	wait_until 50 buffer_is "$A/06-guide.md"
	r=$?
	check $r "OSC 52: Y puts the article's path in tmux's buffer"
	[ $r -eq 0 ] || echo "# buffer: $(T show-buffer 2>&1 | head -c 200)"
	osc52_for "$A/06-guide.md" >>"$TMP/osc52.want"
	wait_until 50 raw_has_osc52s "$TMP/osc52.want"
	r=$?
	check $r "OSC 52: and the raw bytes the OSC 52 of the path, no other"
	[ $r -eq 0 ] || osc52s | sed 's/^/# got: /'
	got=$(osc52s | sed -n 's/^]52;c;\(.*\)!$/\1/p' | while read -r b; do
		printf "%s" "$b" | base64 -d 2>/dev/null
		echo
	done)
	check_eq "$got" "$(printf "%s\n%s" "$url" "$A/06-guide.md")" "OSC 52: the payloads decode to the link and the path"

	T send-keys -t t x
	wait_file "$TMP/browser.args"
	check_eq "$(cat "$TMP/browser.args" 2>/dev/null)" "$(printf '1\n%s' "$url")" \
		"x: \$BROWSER gets exactly the link, as its one argument"
	wait_for "Opened with $TMP/browser"
	check $? "x: folio says it opened the link"

	# The last move before the link is cut: only the save on the way out
	# can keep it (the timed one comes every 30 s).
	T send-keys -t t Tab 2 G Enter
	wait_for " 2/6  5 Critical"
	wait_top "$top_two"
	r=$?
	check $r "over ssh: the second article opens again where it was left"
	[ $r -eq 0 ] || printf '#   got: %s\n#  want: %s\n' "$(article_top)" "$top_two"
	# Three rows on, in the middle of a paragraph.
	T send-keys -t t 3 j
	wait_top "opposition media.”"
	check $? "over ssh: 3j moves on"
	top_one=$(article_top)

	t0=$(now_ms)
	kill -9 "$ssh_pid"
	wait_until 20 ended "$folio_pid"
	r=$?
	t1=$(now_ms)
	[ -z "$t0" ] || [ -z "$t1" ] || echo "# seen gone $((t1 - t0)) ms after the kill"
	check $r "kill -9 of ssh: the remote folio exits within 2 s"
	[ $r -eq 0 ] || leftovers one | sed 's/^/# still running: /'
	wait_until 50 ended "$ssh_pid"
	wait_until 20 test -z "$(leftovers one)"
	check_eq "$(leftovers one)" "" "kill -9 of ssh: nothing of the session is left running"
	check_eq "$(cat "$TMP/one.err" 2>/dev/null)" "" "kill -9 of ssh: folio wrote nothing on stderr (no sanitizer report)"
	set -- $(record 02-five-critical-updates.txt)
	check_eq "${1:-none}" 1 "state after the hangup: the second article is read"
	at_offset "$A/02-five-critical-updates.txt" "$2" "$top_one"
	r=$?
	check $r "state after the hangup: its position is the text at the top when the link was cut"
	[ $r -eq 0 ] || echo "# record: $(record 02-five-critical-updates.txt)"
	set -- $(record 06-guide.md)
	check_eq "${1:-none}" 1 "state after the hangup: the guide is read"
	set -- $(record 05-cnn-interviews.txt)
	check_eq "${1:-0}" 0 "state after the hangup: an article never opened is not read"
else
	check 1 "over ssh: folio runs on the far side"
	dump_screen
fi

# ---- two: a wrapper that outlives the hangup ---------------------------------------

# ssh left the pane's terminal raw; the shell still reads lines ended by C-j.
type_cmd "stty sane; clear"
if [ -n "$top_one" ] && connect two "$TMP/wrapper"; then
	wait_until 200 shows " 1/6 "
	T send-keys -t t j Enter
	wait_for " 2/6  5 Critical"
	wait_top "$top_one"
	r=$?
	check $r "restart over ssh: the article opens where the hangup left it"
	[ $r -eq 0 ] || dump_screen

	# No browser and no display, as over SSH: x copies the link instead.
	T send-keys -t t Tab G Enter
	wait_for " 6/6  A Guide to the Kitchen Garden"
	T send-keys -t t x
	wait_until 50 buffer_is "$url"
	r=$?
	check $r "x with no browser over ssh: the link reaches tmux's buffer by OSC 52"
	[ $r -eq 0 ] || echo "# buffer: $(T show-buffer 2>&1 | head -c 200)"
	wait_for "No browser and no display: the link was copied instead"
	check $? "x with no browser over ssh: folio says so"

	T send-keys -t t Tab 2 G Enter
	wait_for " 2/6  5 Critical"
	wait_top "$top_one"
	T send-keys -t t 2 j
	wait_top "Ramzan Kadyrov, Chechnya’s leader, has"
	check $? "restart over ssh: 2j moves on"
	top_two=$(article_top)
	t0=$(now_ms)
	kill -9 "$ssh_pid"
	wait_until 20 ended "$folio_pid"
	r=$?
	t1=$(now_ms)
	[ -z "$t0" ] || [ -z "$t1" ] || echo "# seen gone $((t1 - t0)) ms after the kill"
	check $r "kill -9 of ssh, folio under a wrapper ignoring SIGHUP: it exits within 2 s"
	[ $r -eq 0 ] || leftovers two | sed 's/^/# still running: /'
	wait_until 50 test -s "$TMP/two.status"
	check_eq "$(cat "$TMP/two.status" 2>/dev/null)" 1 "under the wrapper: folio exits with status 1, its terminal gone"
	wait_until 20 test -z "$(leftovers two)"
	check_eq "$(leftovers two)" "" "under the wrapper: nothing of the session is left running"
	check_eq "$(cat "$TMP/two.err" 2>/dev/null)" "" "under the wrapper: folio wrote nothing on stderr"
	set -- $(record 02-five-critical-updates.txt)
	at_offset "$A/02-five-critical-updates.txt" "$2" "$top_two"
	r=$?
	check $r "under the wrapper: the state keeps the position left at"
	[ $r -eq 0 ] || echo "# record: $(record 02-five-critical-updates.txt); top: $top_two"
else
	check 1 "under a wrapper over ssh: folio runs on the far side"
	dump_screen
fi

# ---- three: a command from ! holds the terminal when the link is cut ------------

type_cmd "stty sane; clear"
if connect three "$TMP/launch"; then
	wait_until 200 shows " 1/6 "
	T send-keys -t t '!'
	T send-keys -t t -l "sleep 120"
	T send-keys -t t Enter
	# The command runs in folio's process group: /bin/sh -c, then sleep.
	wait_until 50 pgrep -g "$folio_pid" -x sleep >/dev/null
	check $? "! runs the command over ssh"
	pgrep -g "$folio_pid" | grep -vx "$folio_pid" >>"$TMP/three.pid"
	echo "# folio's process group: $(ps -o pid=,args= -g "$folio_pid" | tr '\n' ';')"
	t0=$(now_ms)
	kill -9 "$ssh_pid"
	wait_until 20 ended "$folio_pid"
	r=$?
	t1=$(now_ms)
	[ -z "$t0" ] || [ -z "$t1" ] || echo "# seen gone $((t1 - t0)) ms after the kill"
	check $r "kill -9 of ssh while ! runs a command: folio exits within 2 s"
	wait_until 20 test -z "$(leftovers three)"
	check_eq "$(leftovers three)" "" "and the command, told of the hangup, is gone too, with its own child"
	check_eq "$(cat "$TMP/three.err" 2>/dev/null)" "" "and folio wrote nothing on stderr"
else
	check 1 "a command from ! over ssh: folio runs on the far side"
	dump_screen
fi

done_testing
