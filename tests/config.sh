#!/bin/sh
# config.sh - the configuration through the folio binary: every bad file in
# tests/config-bad gives exactly the messages its "# expect:" lines say (in
# order) and exit status 2 before anything else happens; the lookup order;
# --check-config; the --dump-config round trip; and settings that reach the
# reader (paths, layout, keys, search).
#
# A bad file's first lines are "# expect: FILE:LINE: message", one per
# message; FILE is the file's own name, as folio is run from its folder.
#
# Needs $FOLIO and $TOP_SRCDIR (set by make check).  Prints TAP.

# shellcheck disable=SC1091 # lib.sh is found at run time
. "${TOP_SRCDIR:-.}/tests/lib.sh"

case $FOLIO in
/*) ;;
*) FOLIO=$(pwd)/$FOLIO ;;
esac
TOP_SRCDIR=$(cd "$TOP_SRCDIR" && pwd)
BAD=$TOP_SRCDIR/tests/config-bad
A=$TOP_SRCDIR/articles
TERM=xterm
export TERM
# No configuration of the user's may change what folio does here.
XDG_CONFIG_HOME=$TMP/no-such-dir
HOME=$TMP/home
export XDG_CONFIG_HOME HOME
mkdir -p "$HOME"

# ---- every bad file -------------------------------------------------------
nbad=0
for f in "$BAD"/*.conf; do
	name=${f##*/}
	nbad=$((nbad + 1))
	LC_ALL=C grep -a '^# expect: ' "$f" | sed 's/^# expect: //' > "$TMP/want"
	(cd "$BAD" && "$FOLIO" --check-config "$name") > "$TMP/out" 2> "$TMP/err"
	status=$?
	if [ ! -s "$TMP/want" ]; then
		check 1 "$name has no '# expect:' line"
		continue
	fi
	if [ "$status" -eq 2 ] && [ ! -s "$TMP/out" ] && cmp -s "$TMP/want" "$TMP/err"; then
		check 0 "$name: $(head -1 "$TMP/want" | cut -d: -f2-)"
	else
		check 1 "$name: exit $status (want 2), stdout $(wc -c < "$TMP/out") bytes"
		sed 's/^/#   want: /' "$TMP/want"
		sed 's/^/#    got: /' "$TMP/err"
	fi
done
[ "$nbad" -ge 30 ]
check $? "at least 30 bad configuration files ($nbad)"

# A bad file stops every mode before it reads an article or draws.
(cd "$BAD" && "$FOLIO" -c range-high.conf --list "$A") > "$TMP/out" 2> "$TMP/err"
check_eq "$?:$(cat "$TMP/out")" "2:" "-c BAD --list exits 2 and prints nothing"
check_eq "$(cat "$TMP/err")" \
	"range-high.conf:3: layout.sources_width: 500 is out of range (10 to 200)" \
	"with the same message as --check-config"
printf ':screen\n' > "$TMP/screen.keys"
(cd "$BAD" && COLUMNS=80 LINES=10 "$FOLIO" -c keys-action-typo.conf --script "$TMP/screen.keys" "$A") \
	> "$TMP/out" 2> "$TMP/err"
check_eq "$?:$(wc -c < "$TMP/out")" "2:0" "the reader with a bad file exits 2 before drawing"
(cd "$BAD" && "$FOLIO" -c many-errors.conf --dump-config) > "$TMP/out" 2> "$TMP/err"
check_eq "$?:$(wc -c < "$TMP/out"):$(wc -l < "$TMP/err")" "2:0:4" \
	"--dump-config of a bad file prints all four problems and no configuration"

# ---- lookup -----------------------------------------------------------------
"$FOLIO" --check-config > "$TMP/out" 2> "$TMP/err"
check_eq "$?:$(cat "$TMP/out"):$(cat "$TMP/err")" \
	"0:$XDG_CONFIG_HOME/folio/folio.conf: not found; the built-in defaults are in effect:" \
	"no configuration file: --check-config says so and exits 0"
"$FOLIO" --dump-config > "$TMP/defaults"
check $? "--dump-config with no file exits 0"

"$FOLIO" -c "$TMP/none.conf" --list "$A" > "$TMP/out" 2> "$TMP/err"
check_eq "$?:$(cat "$TMP/err")" "2:folio: $TMP/none.conf: No such file or directory" \
	"a missing file named with -c is an error"
"$FOLIO" --check-config "$TMP/none.conf" > /dev/null 2>&1
check_eq $? 2 "so is a missing file named with --check-config"

mkdir -p "$TMP/xdg/folio" "$HOME/.config/folio"
printf 'layout = { sources_width = 41; };\n' > "$TMP/xdg/folio/folio.conf"
printf 'layout = { sources_width = 42; };\n' > "$HOME/.config/folio/folio.conf"
XDG_CONFIG_HOME=$TMP/xdg "$FOLIO" --dump-config | grep -q 'sources_width = 41;'
check $? "\$XDG_CONFIG_HOME/folio/folio.conf is read"
XDG_CONFIG_HOME='' "$FOLIO" --dump-config | grep -q 'sources_width = 42;'
check $? "an empty XDG_CONFIG_HOME means ~/.config/folio/folio.conf"
(unset XDG_CONFIG_HOME; "$FOLIO" --dump-config) | grep -q 'sources_width = 42;'
check $? "so does an unset one"
printf 'layout = { sources_width = 43; };\n' > "$TMP/c.conf"
XDG_CONFIG_HOME=$TMP/xdg "$FOLIO" -c "$TMP/c.conf" --dump-config | grep -q 'sources_width = 43;'
check $? "-c comes before the default file"
XDG_CONFIG_HOME=$TMP/xdg "$FOLIO" --check-config > "$TMP/out" 2> "$TMP/err"
check_eq "$?:$(cat "$TMP/out")" "0:$TMP/xdg/folio/folio.conf: OK" "--check-config checks the default file"
printf 'mouse = maybe;\n' > "$TMP/xdg/folio/folio.conf"
XDG_CONFIG_HOME=$TMP/xdg "$FOLIO" --list "$A" > "$TMP/out" 2> "$TMP/err"
check_eq "$?:$(cat "$TMP/err")" "2:$TMP/xdg/folio/folio.conf:1: syntax error: 'mouse = maybe;'" \
	"a bad default file stops folio too"
rm -rf "$TMP/xdg" "$HOME/.config"

# ---- --check-config -------------------------------------------------------
"$FOLIO" --check-config "$TOP_SRCDIR/config/folio.conf" > "$TMP/out" 2> "$TMP/err"
check_eq "$?:$(cat "$TMP/out"):$(cat "$TMP/err")" "0:$TOP_SRCDIR/config/folio.conf: OK:" \
	"config/folio.conf is good"
"$FOLIO" --check-config="$TMP/c.conf" > "$TMP/out"
check_eq "$?:$(cat "$TMP/out")" "0:$TMP/c.conf: OK" "--check-config=FILE"
"$FOLIO" -c "$TMP/c.conf" --check-config > "$TMP/out"
check_eq "$?:$(cat "$TMP/out")" "0:$TMP/c.conf: OK" "-c FILE --check-config"
"$FOLIO" --check-config "$TMP/c.conf" "$TMP/c.conf" > /dev/null 2> "$TMP/err"
check_eq "$?:$(cat "$TMP/err")" "2:folio: --check-config takes one FILE" "--check-config takes one FILE"

# ---- --dump-config ----------------------------------------------------------
"$FOLIO" -c "$TOP_SRCDIR/config/folio.conf" --dump-config > "$TMP/d"
cmp -s "$TMP/d" "$TMP/defaults"
check $? "config/folio.conf gives exactly the built-in defaults"
cat > "$TMP/custom.conf" <<'EOF'
paths = [ "~/one", "two \"quoted\"" ];
layout = { sources_width = 25; text_width = 66; center = false; split_min_cols = 0; };
search = { smart_case = false; wrap = false; incremental = false; accent_insensitive = true; };
mouse = false;
state = { remember_position = false; mark_read = "end"; };
colors = {
	title = { fg = 208; bg = "black"; attrs = [ "bold", "italic" ]; mono = "underline"; };
	status = { bg = "default"; attrs = "reverse,dim"; };
};
keys = (
	{ context = "article"; key = "x"; action = "quit"; },
	{ key = "q"; action = "none"; },
	{ context = "prompt"; key = "C-j"; action = "accept"; },
	{ context = "list"; key = "é"; action = "open"; }
);
EOF
"$FOLIO" -c "$TMP/custom.conf" --dump-config > "$TMP/d1"
check $? "--dump-config of a custom file exits 0"
"$FOLIO" -c "$TMP/d1" --dump-config > "$TMP/d2"
check $? "its output loads"
cmp -s "$TMP/d1" "$TMP/d2"
check $? "and dumps to the same text (round trip)"
! cmp -s "$TMP/d1" "$TMP/defaults"
check $? "which differs from the defaults"
for want in 'sources_width = 25;' 'center = false;' 'split_min_cols = 0;' 'smart_case = false;' \
	'accent_insensitive = true;' 'mouse = false;' 'mark_read = "end";' \
	'title = { fg = 208; bg = "black"; attrs = "bold, italic"; mono = "underline"; };' \
	'status = { fg = "default"; bg = "default"; attrs = "reverse, dim"; mono = "reverse"; };' \
	'{ context = "article"; key = "x"; action = "quit"; }' \
	'{ context = "global"; key = "q"; action = "none"; }' \
	'{ context = "prompt"; key = "C-j"; action = "accept"; }' \
	'{ context = "list"; key = "é"; action = "open"; }' \
	'paths = [ "~/one", "two \"quoted\"" ];'; do
	grep -qF "$want" "$TMP/d1"
	check $? "the dump says $want"
done
sed -n '/^keys = (/,/^);/p' "$TMP/defaults" | grep -c '{ context = ' > "$TMP/n"
[ "$(cat "$TMP/n")" -gt 40 ]
check $? "the defaults' dump lists every key binding ($(cat "$TMP/n"))"
terminal_safe "$TMP/d1"
check $? "--dump-config output is terminal-safe"

# The man page documents every setting the table has.
awk '/^[a-z_]+ = \{$/ { g = $1; next } /^};$/ { g = ""; next }
	/^\t?[a-z_]+ = / { sub(/^\t/, ""); print (g == "" ? "" : g ".") $1 }' "$TMP/defaults" > "$TMP/paths"
undocumented=
while read -r p; do
	case $p in
	colors.*) grep -qx "\.B ${p#colors.}" "$TOP_SRCDIR/folio.1" ;;
	*) grep -q "^\.BR\{0,1\} $p\( \|\$\)" "$TOP_SRCDIR/folio.1" ;;
	esac || undocumented="$undocumented $p"
done < "$TMP/paths"
check_eq "$(wc -l < "$TMP/paths"):$undocumented" "$(grep -c . "$TMP/paths"):" \
	"folio.1 documents every setting ($(wc -l < "$TMP/paths"))"

# ---- settings that reach the reader ---------------------------------------
mkdir -p "$HOME/arts"
cp "$A/02-five-critical-updates.txt" "$A/05-cnn-interviews.txt" "$HOME/arts/"
printf 'paths = [ "~/arts", "%s" ];\n' "$A/03-demonstrations-in-london.txt" > "$TMP/p.conf"
"$FOLIO" -c "$TMP/p.conf" --list | sed 's|.*/||; s|\t.*||' | tr '\n' ' ' > "$TMP/out"
check_eq "$(cat "$TMP/out")" "02-five-critical-updates.txt 05-cnn-interviews.txt 03-demonstrations-in-london.txt " \
	"paths are opened when no PATH is given, ~ is the home folder"
"$FOLIO" -c "$TMP/p.conf" --list "$A/01-novaya-gazeta-staff-threatened.txt" | wc -l > "$TMP/out"
check_eq "$(cat "$TMP/out")" 1 "a PATH on the command line wins over paths"
printf 'title_skip = [ ];\n' > "$TMP/t.conf"
"$FOLIO" -c "$TMP/t.conf" --list "$A/03-demonstrations-in-london.txt" | cut -f2 > "$TMP/out"
check_eq "$(cat "$TMP/out")" "Sign Up to receive the latest updates from Accidentally Alex" \
	"an empty title_skip skips no clutter"
printf 'title_skip = [ "SIGN UP", "policy", "thanks" ];\n' > "$TMP/t.conf"
"$FOLIO" -c "$TMP/t.conf" --list "$A/03-demonstrations-in-london.txt" | cut -f2 > "$TMP/out"
check_eq "$(cat "$TMP/out")" "Demonstrations In London As Russia Refuses To Act Over Chechnya's Anti-Gay Purge" \
	"title_skip patterns are the configured ones, in any case"
printf 'paths = [ "%s/missing" ];\n' "$TMP" > "$TMP/p2.conf"
"$FOLIO" -c "$TMP/p2.conf" --list > /dev/null 2>&1
check_eq $? 2 "a missing configured path is an error like a missing PATH"

printf 'search = { smart_case = false; };\n' > "$TMP/s.conf"
"$FOLIO" --search chechnya "$A" > /dev/null
check_eq $? 0 "smart case by default: chechnya finds Chechnya"
"$FOLIO" -c "$TMP/s.conf" --search chechnya "$A" > /dev/null
check_eq $? 1 "smart_case = false: case matters"
"$FOLIO" -c "$TMP/s.conf" -i --search chechnya "$A" > /dev/null
check_eq $? 0 "-i still ignores case"
printf 'caf\303\251 au lait\n' > "$TMP/cafe.txt"
"$FOLIO" --search cafe "$TMP/cafe.txt" > /dev/null
check_eq $? 1 "accents count by default"
printf 'search = { accent_insensitive = true; };\n' > "$TMP/acc.conf"
"$FOLIO" -c "$TMP/acc.conf" --search cafe "$TMP/cafe.txt" > /dev/null
check_eq $? 0 "accent_insensitive = true: cafe finds café"

# Key bindings: q unbound, x quits.  A screen printed after q shows that q
# no longer quits; none after x shows that x does.
printf 'q\n:screen\nx\n:screen\n' > "$TMP/keys.keys"
printf 'keys = ( { key = "q"; action = "none"; }, { key = "x"; action = "quit"; } );\n' > "$TMP/k.conf"
COLUMNS=100 LINES=8 "$FOLIO" --script "$TMP/keys.keys" "$A" > "$TMP/out" 2>&1
check_eq "$(grep -c '^--$' "$TMP/out")" 0 "by default q quits"
COLUMNS=100 LINES=8 "$FOLIO" -c "$TMP/k.conf" --script "$TMP/keys.keys" "$A" > "$TMP/out" 2>&1
check_eq "$(grep -c '^--$' "$TMP/out")" 1 "bound to none, q does nothing; bound to quit, x quits"

# Layout: the list takes sources_width columns, then the separator.
list_width() {
	head -1 "$1" | sed 's/│.*//' | tr -d '\n' | wc -m
}
COLUMNS=100 LINES=8 "$FOLIO" --script "$TMP/screen.keys" "$A" > "$TMP/s32"
check_eq "$(list_width "$TMP/s32")" 32 "the source list is 32 columns by default"
printf 'layout = { sources_width = 20; text_width = 30; center = false; };\n' > "$TMP/l.conf"
COLUMNS=100 LINES=8 "$FOLIO" -c "$TMP/l.conf" --script "$TMP/screen.keys" "$A" > "$TMP/s20"
check_eq "$(list_width "$TMP/s20")" 20 "sources_width = 20 makes it 20"
sed -n '1,6p' "$TMP/s20" | sed 's/^[^│]*│ *//' | wc -L > "$TMP/out"
[ "$(cat "$TMP/out")" -le 30 ] && [ "$(cat "$TMP/out")" -ge 20 ]
check $? "text_width = 30 keeps the text within 30 columns ($(cat "$TMP/out"))"
printf 'layout = { split_min_cols = 200; };\n' > "$TMP/m.conf"
COLUMNS=100 LINES=8 "$FOLIO" -c "$TMP/m.conf" --script "$TMP/screen.keys" "$A" > "$TMP/s1"
grep -q '│' "$TMP/s1"
check_eq $? 1 "split_min_cols = 200 shows one pane on 100 columns"

done_testing
