#!/bin/sh
# outside.sh - the actions that reach outside folio, driven by --script with
# scripted commands: x opens a link with a fake browser (one argument, the
# URL), y and Y copy through a copy_command, | pipes the article to a
# command typed at the prompt, ! runs one, v opens a fake editor at the
# line on screen and the article is reloaded after; bad commands leave a
# message and folio goes on.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

D=$TMP/docs
mkdir -p "$D" "$TMP/home/config/folio" "$TMP/bin"
cp "$TOP_SRCDIR/tests/documents/guide.md" "$D/guide.md"

# run_keys KEYS ARGS...: folio --script KEYS at 80x8 with $TMP/home.
run_keys() {
	keys=$1
	shift
	(cd "$D" && HOME=$TMP/home XDG_CONFIG_HOME=$TMP/home/config COLUMNS=80 LINES=8 \
		PATH="$TMP/bin:$PATH" exec "$FOLIO" --script "$keys" "$@") 2>"$TMP/keys.err"
}

# A browser that records its arguments, one a line.
cat >"$TMP/bin/fake-browser" <<SH
#!/bin/sh
for a; do printf '%s\n' "\$a"; done >"$TMP/browser.args"
SH
# A clipboard that keeps its stdin.
cat >"$TMP/bin/fake-copy" <<SH
#!/bin/sh
cat >"$TMP/clip"
SH
# An editor that records its arguments and appends a line to the file.
cat >"$TMP/bin/fake-editor" <<SH
#!/bin/sh
for a; do printf '%s\n' "\$a"; done >"$TMP/editor.args"
eval "f=\\\${\$#}"
printf 'Added by the editor\n' >>"\$f"
SH
chmod +x "$TMP/bin/"*

want_urls=$("$FOLIO" --links "$D/guide.md" | sed -n 1p)
printf 'x\n:screen\n' >"$TMP/x.keys"
BROWSER=fake-browser run_keys "$TMP/x.keys" guide.md >"$TMP/x.out"
check_eq "$?" 0 "open-link: exits with status 0"
# The browser runs detached: wait for it, without a clock, up to a bound.
i=0
while [ ! -s "$TMP/browser.args" ] && [ $i -lt 200 ]; do
	sleep 0.05
	i=$((i + 1))
done
check_eq "$(cat "$TMP/browser.args" 2>/dev/null)" "https://example.org/almanac" \
	"open-link: the browser gets the first link on screen as its one argument"
check_eq "$(sed -n 8p "$TMP/x.out" | sed 's/  .*//')" "Opened with fake-browser" "open-link: says so"
rm -f "$TMP/browser.args"
printf '2 x\n:screen\n' >"$TMP/x2.keys"
BROWSER='fake-browser --new-tab' run_keys "$TMP/x2.keys" guide.md >"$TMP/x2.out"
i=0
while [ ! -s "$TMP/browser.args" ] && [ $i -lt 200 ]; do
	sleep 0.05
	i=$((i + 1))
done
check_eq "$(cat "$TMP/browser.args" 2>/dev/null | tr '\n' ' ')" "--new-tab https://example.com/seeds " \
	"open-link: a count opens link N; the setting's words come first"
printf '9 9 x\n:screen\n' >"$TMP/x3.keys"
BROWSER=fake-browser run_keys "$TMP/x3.keys" guide.md >"$TMP/x3.out"
sed -n 8p "$TMP/x3.out" | grep -q 'No link 99'
check $? "open-link: a count past the links says so"
BROWSER=no-such-browser-here run_keys "$TMP/x.keys" guide.md >"$TMP/x4.out"
check_eq "$?" 0 "open-link: a missing browser does not end folio"
check "$(sed -n 8p "$TMP/x4.out" | grep -c "Cannot run the browser 'no-such-browser-here'" | grep -qx 1; echo $?)" \
	"open-link: a missing browser is named"

# Copies through a command.
printf 'outside = { copy_command = "fake-copy"; };\n' >"$TMP/home/config/folio/folio.conf"
printf 'y\n:screen\n' >"$TMP/y.keys"
run_keys "$TMP/y.keys" guide.md >"$TMP/y.out"
check_eq "$(cat "$TMP/clip" 2>/dev/null)" "https://example.org/almanac" "copy-link: the command gets the URL on stdin"
check_eq "$(sed -n 8p "$TMP/y.out" | sed 's/  .*//')" "Copied the link with fake-copy" "copy-link: says so"
printf 'Y\n:screen\n' >"$TMP/Y.keys"
run_keys "$TMP/Y.keys" guide.md >"$TMP/Y.out"
check_eq "$(cat "$TMP/clip" 2>/dev/null)" "guide.md" "copy-path: the command gets the path"
printf 'outside = { copy_command = "false"; };\n' >"$TMP/home/config/folio/folio.conf"
run_keys "$TMP/Y.keys" guide.md >"$TMP/Yf.out"
check_eq "$(sed -n 8p "$TMP/Yf.out" | sed 's/  .*//')" "false: exit status 1" "copy-path: a failing command says so"
: >"$TMP/home/config/folio/folio.conf"
# With no browser and no display, the link is copied (OSC 52) instead.
(unset BROWSER DISPLAY WAYLAND_DISPLAY; run_keys "$TMP/x.keys" guide.md) >"$TMP/x5.out"
check "$(sed -n 8p "$TMP/x5.out" | grep -qx 'No browser and no display: the link was copied instead.*'; echo $?)" \
	"open-link: without a browser or display the link is copied and folio says so"

# Pipe, shell.
printf '|\n:type wc -l >%s/wc.out\nEnter\n:screen\n' "$TMP" >"$TMP/p.keys"
run_keys "$TMP/p.keys" guide.md >"$TMP/p.out"
check_eq "$(tr -d ' ' <"$TMP/wc.out" 2>/dev/null)" "$(wc -l <"$D/guide.md" | tr -d ' ')" \
	"pipe: the command reads the whole article"
printf '|\n:type cat >%s/cat.out\nEnter\n:screen\n' "$TMP" >"$TMP/c.keys"
run_keys "$TMP/c.keys" guide.md >/dev/null
cmp -s "$TMP/cat.out" "$D/guide.md"
check $? "pipe: the bytes are the article's, unchanged"
printf '!\n:type echo ran >%s/sh.out; exit 3\nEnter\n:screen\n' "$TMP" >"$TMP/s.keys"
run_keys "$TMP/s.keys" guide.md >"$TMP/s.out"
check_eq "$(cat "$TMP/sh.out" 2>/dev/null)" "ran" "shell: the command runs"
check "$(sed -n 8p "$TMP/s.out" | grep -c 'exit status 3' | grep -qx 1; echo $?)" \
	"shell: a failing command's status is shown"
printf '!\n:type no-such-command-at-all\nEnter\n:screen\n' >"$TMP/s2.keys"
run_keys "$TMP/s2.keys" guide.md >"$TMP/s2.out"
check_eq "$?" 0 "shell: a missing command does not end folio"
check "$(sed -n 8p "$TMP/s2.out" | grep -c 'command not found' | grep -qx 1; echo $?)" \
	"shell: a missing command is reported"
printf '|\nEsc\n:screen\n' >"$TMP/e.keys"
run_keys "$TMP/e.keys" guide.md >"$TMP/e.out"
check_eq "$?" 0 "pipe: Esc cancels the prompt"

# Edit: the editor gets +LINE and the path, and the change shows after.
printf 'v\n:screen\n' >"$TMP/v.keys"
VISUAL=fake-editor run_keys "$TMP/v.keys" guide.md >"$TMP/v.out"
check_eq "$(head -n 1 "$TMP/editor.args" 2>/dev/null)" "+1" "edit: the editor opens at the line on screen"
check_eq "$(sed -n 2p "$TMP/editor.args" 2>/dev/null)" "guide.md" "edit: then the path, as one argument"
check_eq "$(tail -n 1 "$D/guide.md")" "Added by the editor" "edit: the editor changed the file"
VISUAL=fake-editor run_keys "$TMP/v.keys" guide.md >/dev/null
check_eq "$?" 0 "edit: folio goes on after the editor"

done_testing
