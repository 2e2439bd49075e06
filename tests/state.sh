#!/bin/sh
# The reading state (an SQLite database) under kill -9 at random moments
# of a loop of saves, and under two writers at once, driven by
# tests/state-torture.  KILLS (default 300) sets how many kills are made,
# SEED replays the random delays of an earlier run; slow builds stop after
# BUDGET_MS (default 16000) milliseconds of killing, and 100 kills at least.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

TORTURE=${TORTURE:-tests/state-torture}
KILLS=${KILLS:-300}
N=400

dir=$TMP/state

# Microseconds since some fixed moment (GNU date), or nothing.
now_us() {
	t=$(date +%s%N 2>/dev/null)
	case $t in
	*[!0-9]*) ;;
	*) echo $((t / 1000)) ;;
	esac
}

# ---- calibration -------------------------------------------------------
# Kills must land during saves whatever the build (sanitizers make saves
# several times slower): time 20 saves.  Each run is killed a random time
# after it has loaded the state, within about six saves.
BUDGET_MS=${BUDGET_MS:-16000}
cdir=$TMP/calibrate
"$TORTURE" run "$cdir" $N 1 > /dev/null
set -- $("$TORTURE" run "$cdir" $N 20 | grep '^timing ')
if [ $# = 3 ]; then
	save=$((($3 - $2) / 20))
else
	save=2000
fi
[ $save -gt 100 ] || save=100
echo "# a save takes about $save us"

# ---- kill -9 at random moments of a save loop ---------------------------
seed=${SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
echo "# seed $seed, $KILLS kills"
awk -v s="$seed" -v n="$KILLS" -v span=$((6 * save)) \
	'BEGIN { srand(s); for (i = 0; i < n; i++) printf "%.6f\n", rand() * span / 1e6 }' \
	> "$TMP/delays"

# Each run first loads the state and checks that it is one whole generation
# (else it exits 1), and prints "start G"; G must be the last generation the
# killed run reported saved, or the one after it (saved, not yet reported).
loop_start=$(now_us)
last=0
bad=0
ran=0
checked=0
while read -r delay; do
	: > "$TMP/out"
	"$TORTURE" run "$dir" $N > "$TMP/out" 2>&1 &
	pid=$!
	until [ -s "$TMP/out" ] || ! kill -0 $pid 2>/dev/null; do
		sleep 0.001
	done
	sleep "$delay"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	status=$?
	ran=$((ran + 1))
	if [ $status -ne 137 ]; then
		echo "# run $ran ended by itself (status $status):"
		sed 's/^/# /' "$TMP/out"
		bad=1
		break
	fi
	started=-
	saved=-
	while read -r word arg; do
		case $word in
		start) started=$arg ;;
		[0-9]*) saved=$word ;;
		esac
	done < "$TMP/out"
	if [ "$started" != - ]; then
		checked=$((checked + 1))
		if [ "$started" != "$last" ] && [ "$started" != "$((last + 1))" ]; then
			echo "# run $ran found generation $started, expected $last or $((last + 1))"
			bad=1
			break
		fi
		last=$started
	fi
	[ "$saved" = - ] || last=$saved
	# slow builds stop at the time budget, after a hundred kills at least
	if [ $((ran % 20)) = 0 ] && [ $ran -ge 100 ] && [ -n "$loop_start" ] &&
	    [ $(($(now_us) - loop_start)) -gt $((BUDGET_MS * 1000)) ]; then
		break
	fi
done < "$TMP/delays"
final=$("$TORTURE" check "$dir" $N 2>&1)
status=$?
if [ $status -ne 0 ] || { [ "$final" != "$last" ] && [ "$final" != "$((last + 1))" ]; }; then
	echo "# the final check found: $final (expected $last or $((last + 1)))"
	bad=1
fi
check $bad "after $ran kills -9, the state was always one whole generation, old or new"
echo "# $checked runs checked the state they found"
check_eq "$checked" "$ran" "every run checked the state it found"
[ "$last" -gt "$ran" ]; check $? "the saves made progress (generation $last)"
set -- "$dir"/state.db.bad-*
[ ! -e "$1" ]; check $? "the database was never found bad"
[ -f "$dir/state.db" ]; check $? "it is one state.db"

# ---- two instances saving at once --------------------------------------
K=40
pdir=$TMP/pair
"$TORTURE" pair "$pdir" x $K > "$TMP/x.out" 2>&1 &
px=$!
"$TORTURE" pair "$pdir" y $K > "$TMP/y.out" 2>&1 &
py=$!
wait $px
sx=$?
wait $py
sy=$?
[ $sx -eq 0 ] && [ $sy -eq 0 ]
check $? "two instances saving in loops both succeed"
[ $sx -eq 0 ] || sed 's/^/# x: /' "$TMP/x.out"
[ $sy -eq 0 ] || sed 's/^/# y: /' "$TMP/y.out"
out=$("$TORTURE" verify "$pdir" $K 2>&1)
check $? "neither instance lost an update"
[ -z "$out" ] || echo "$out" | sed 's/^/# /'
set -- "$pdir"/state.db.bad-*
[ ! -e "$1" ]; check $? "no database was found bad"

done_testing
