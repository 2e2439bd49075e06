#!/bin/sh
# outside.sh - the actions that reach outside folio, driven by --script with
# scripted commands: x opens a link with a fake browser (one argument, the
# URL), yl and Y copy through a copy_command, | pipes the article to a
# command typed at the prompt, ! runs one, v opens a fake editor at the
# line on screen and the article is reloaded after; bad commands leave a
# message and folio goes on.  Then copies of passages (yy, 2yy, the
# paragraph of a search match, y'a from a mark) checked byte for byte in
# what the clipboard command got, the OSC 52 copy cut at copy_limit, |'a,
# and s: the rendered text or the source saved, an overwrite asked and
# refused or accepted, folders that cannot be written.
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
printf 'y l\n:screen\n' >"$TMP/y.keys"
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

# ---- copies of passages --------------------------------------------------
# notes.txt: paragraphs of one or two lines, an escape in the second (an
# OSC, which no reader takes for a style).
{
	printf 'First paragraph, line one\nand its line two.\n\n'
	printf 'Second paragraph with an \033]0;x\a escape.\n\n'
	printf 'Third paragraph\nends here.\n'
	for n in 4 5 6 7 8 9 10 11 12; do printf '\nParagraph %s.\n' "$n"; done
} >"$D/notes.txt"
esc=$(printf '\342\220\233]0;x\342\220\207')
printf 'outside = { copy_command = "fake-copy"; };\n' >"$TMP/home/config/folio/folio.conf"
# copied KEYS: what the clipboard got after KEYS on notes.txt, from its
# top (the state would reopen it where the last run left it).
copied() {
	rm -f "$TMP/clip"
	printf 'g\n%s\n:screen\n' "$1" >"$TMP/copy.keys"
	run_keys "$TMP/copy.keys" notes.txt >"$TMP/copy.out"
	cat "$TMP/clip" 2>/dev/null
}
message() {
	sed -n 8p "$1" | sed 's/  .*//'
}
# last_message FILE: that of the last screen.
last_message() {
	tail -n 2 "$1" | sed -n '1s/  .*//p'
}
check_eq "$(copied 'y y')" "$(printf 'First paragraph, line one\nand its line two.')" \
	"yy: the paragraph at the top, its lines, no line end after the last"
check_eq "$(message "$TMP/copy.out")" "Copied the paragraph with fake-copy" "yy: says so"
check_eq "$(copied 'j y y')" "$(printf 'First paragraph, line one\nand its line two.')" \
	"yy: from the middle of a paragraph, all of it"
check_eq "$(copied 'j j y y')" "Second paragraph with an ${esc} escape." \
	"yy: a blank line at the top: the next paragraph; the escape as its picture"
check_eq "$(copied '2 y y')" "$(printf 'First paragraph, line one\nand its line two.\n\nSecond paragraph with an %s escape.' "$esc")" \
	"2yy: two paragraphs and the blank line between"
check_eq "$(message "$TMP/copy.out")" "Copied 2 paragraphs with fake-copy" "2yy: says so"
check_eq "$(copied '/
:type Third
Enter
y y')" "$(printf 'Third paragraph\nends here.')" \
	"yy after a search: the paragraph of the match on screen, not the one at the top"
check_eq "$(copied "m a
j j j
y ' a")" "$(printf 'First paragraph, line one\nand its line two.\n\nSecond paragraph with an %s escape.' "$esc")" \
	"y'a: from mark a to the line at the top, both included"
check_eq "$(message "$TMP/copy.out")" "Copied the lines from mark a with fake-copy" "y'a: says so"
check_eq "$(copied "j j j j j j
m b
g
y \` b")" "$(printf 'First paragraph, line one\nand its line two.\n\nSecond paragraph with an %s escape.\n\nThird paragraph\nends here.' "$esc")" \
	"y\`b: a mark below the top, the lines up to it"
check_eq "$(copied "y ' c")" "" "y'c: a mark not set copies nothing"
check_eq "$(message "$TMP/copy.out")" "Mark c is not set" "y'c: says so"
check_eq "$(copied "y ' 1")" "" "y'1: no mark letter, nothing"
check_eq "$(copied 'y q')" "" "yq: no copy key, nothing copied"
check_eq "$(message "$TMP/copy.out")" "Nothing to copy on that key (h lists the copy keys)" "yq: says so"
check_eq "$(copied 'y Esc')" "" "y Esc: cancelled"
check_eq "$(message "$TMP/copy.out")" "" "y Esc: quietly"
check_eq "$(copied 'y f')" "notes.txt" "yf: the path"
printf 'y\n:screen\n' >"$TMP/copy.keys"
run_keys "$TMP/copy.keys" notes.txt >"$TMP/copy.out"
check_eq "$(message "$TMP/copy.out")" "Copy: y the paragraph, ' from a mark, l a link, f the path" \
	"y alone: the keys that follow it"
printf 'keys = ( { context = "copy"; key = "p"; action = "copy-paragraph"; } );\noutside = { copy_command = "fake-copy"; };\n' \
	>"$TMP/home/config/folio/folio.conf"
check_eq "$(copied 'y p')" "$(printf 'First paragraph, line one\nand its line two.')" \
	"a key bound in the copy context copies"
check_eq "$(copied 'y j')" "" "a global key is no copy key"

# The OSC 52 copy (no copy_command) is cut at copy_limit, and says so.
awk 'BEGIN { for (i = 0; i < 300; i++) printf "abcdefghi "; print "" }' >"$D/big.txt"
printf 'outside = { copy_limit = 1; };\n' >"$TMP/home/config/folio/folio.conf"
printf 'y y\n:screen\n' >"$TMP/copy.keys"
run_keys "$TMP/copy.keys" big.txt >"$TMP/copy.out"
check_eq "$(message "$TMP/copy.out")" "Copied the paragraph, cut to 1024 of its 3000 bytes (copy_limit)" \
	"OSC 52: a paragraph over copy_limit is cut, and the message says so"
run_keys "$TMP/copy.keys" notes.txt >"$TMP/copy.out"
check_eq "$(message "$TMP/copy.out")" "Copied the paragraph to the terminal's clipboard" \
	"OSC 52: one under the limit is whole"

# | with a mark pipes the source lines from the mark to the top.
: >"$TMP/home/config/folio/folio.conf"
printf "g\nm a\nj j j\n|\n:type 'a cat >%s/range.out\nEnter\n:screen\n" "$TMP" >"$TMP/pr.keys"
run_keys "$TMP/pr.keys" notes.txt >/dev/null
sed -n 1,4p "$D/notes.txt" | cmp -s - "$TMP/range.out"
check $? "|'a cmd: the command reads the source lines from mark a to the top, as they are"
printf "|\n:type 'z cat >%s/range2.out\nEnter\n:screen\n" "$TMP" >"$TMP/pr2.keys"
run_keys "$TMP/pr2.keys" notes.txt >"$TMP/pr2.out"
check_eq "$(message "$TMP/pr2.out")" "Mark z is not set" "|'z cmd: a mark not set runs nothing, and says so"
[ ! -e "$TMP/range2.out" ]
check $? "|'z cmd: nothing ran"

# ---- save --------------------------------------------------------------
# saved KEYS ARTICLE: runs s and KEYS on ARTICLE in $D.
saved() {
	printf 's\n%s\n:screen\n' "$1" >"$TMP/save.keys"
	run_keys "$TMP/save.keys" "$2" >"$TMP/save.out"
}
printf 's\n:screen\n' >"$TMP/save.keys"
run_keys "$TMP/save.keys" guide.md >"$TMP/save.out"
check_eq "$(sed -n 8p "$TMP/save.out" | sed 's/ *[0-9]*\/.*//')" "Save the text (C-t: source) as: guide.txt" \
	"s on a rendered document: its text, named .txt, in the current folder"
saved 'Enter' guide.md
"$FOLIO" --dump --width 80 "$D/guide.md" | cmp -s - "$D/guide.txt"
check $? "s: the text saved is what --dump prints at the pane's width"
check_eq "$(message "$TMP/save.out")" "Saved the text to guide.txt ($(wc -c <"$D/guide.txt" | tr -d ' ') bytes)" \
	"s: says what it saved, where, and how much"
saved 'C-t
:screen
C-u
:type copy.md
Enter' guide.md
check_eq "$(sed -n 8p "$TMP/save.out" | sed 's/ *[0-9]*\/.*//')" "Save the source (C-t: text) as: guide.md" \
	"C-t: the source, and the name proposed follows"
cmp -s "$D/guide.md" "$D/copy.md"
check $? "s C-t: the source bytes saved"
printf 'old\n' >"$D/exists.txt"
saved 'C-u
:type exists.txt
Enter
:screen
n' notes.txt
check_eq "$(sed -n 8p "$TMP/save.out" | sed 's/  .*//')" "exists.txt exists: overwrite it? (y/n)" \
	"s: a file that exists: asks before overwriting"
check_eq "$(last_message "$TMP/save.out")" "Not saved" \
	"s: n refuses, and says so"
check_eq "$(cat "$D/exists.txt")" "old" "s: refused, the file is as it was"
chmod 640 "$D/exists.txt"
saved 'C-u
:type exists.txt
Enter
y' notes.txt
cmp -s "$D/notes.txt" "$D/exists.txt"
check $? "s: y overwrites, with the source of plain text"
check_eq "$(stat -c %a "$D/exists.txt")" "640" "s: the file replaced keeps its mode"
saved 'Enter
:screen
n' notes.txt
check_eq "$(sed -n 8p "$TMP/save.out" | sed 's/  .*//')" "notes.txt is the article itself: overwrite it? (y/n)" \
	"s: the article's own file is named as such"
mkdir -p "$D/sub"
saved 'C-u
:type sub/
Enter' notes.txt
cmp -s "$D/notes.txt" "$D/sub/notes.txt"
check $? "s: a folder saves there under the name proposed"
saved 'C-u
:type nowhere/x.txt
Enter' notes.txt
check_eq "$(message "$TMP/save.out")" "Cannot save nowhere/x.txt: No such file or directory" \
	"s: a folder that is not there: a clear message"
saved 'C-u
:type notes.txt/x.txt
Enter' notes.txt
check_eq "$(message "$TMP/save.out")" "Cannot save notes.txt/x.txt: Not a directory" \
	"s: a file where the folder should be: a clear message"
mkdir -p "$D/ro"
chmod 555 "$D/ro"
if touch "$D/ro/probe" 2>/dev/null; then
	rm -f "$D/ro/probe"
	skip "s: a folder that cannot be written" "running as root, every folder can be"
else
	saved 'C-u
:type ro/x.txt
Enter' notes.txt
	check_eq "$(message "$TMP/save.out"; ls -A "$D/ro")" "Cannot save ro/x.txt: Permission denied" \
		"s: a folder that cannot be written: a clear message, and no file in it"
fi
chmod 755 "$D/ro"
saved 'C-u
Enter' notes.txt
check_eq "$(message "$TMP/save.out")" "Not saved" "s: an empty name saves nothing"
saved 'Esc' notes.txt
check_eq "$(message "$TMP/save.out")" "" "s: Esc cancels"
gzip -c "$D/notes.txt" >"$D/sub/packed.txt.gz"
printf 's\n:screen\n' >"$TMP/save.keys"
run_keys "$TMP/save.keys" sub/packed.txt.gz >"$TMP/save.out"
check_eq "$(sed -n 8p "$TMP/save.out" | sed 's/ *[0-9]*\/.*//')" "Save the source (C-t: text) as: packed.txt" \
	"s on a compressed file: the name without .gz"
saved 'Enter' sub/packed.txt.gz
cmp -s "$D/notes.txt" "$D/packed.txt"
check $? "s on a compressed file: what it holds is saved"
printf 's\n:screen\nEnter\n' >"$TMP/save.keys"
printf 'piped one\npiped two\n' | run_keys "$TMP/save.keys" - >"$TMP/save.out"
check_eq "$(sed -n 8p "$TMP/save.out" | sed 's/ *[0-9]*\/.*//')" "Save the source (C-t: text) as: stdin" \
	"s on standard input: named stdin"
check_eq "$(cat "$D/stdin" 2>/dev/null)" "$(printf 'piped one\npiped two')" "s on standard input: what was read"
check_eq "$(find "$D" -name '.*.??????' | wc -l | tr -d ' ')" 0 "no temporary file is left anywhere"

done_testing
