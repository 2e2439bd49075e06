#!/bin/sh
# input.sh - what folio reads besides plain files, in the script modes:
#   - standard input: piped into --dump, --search and --list, as "-" or
#     with no PATH at all, beside other paths;
#   - each compression (gzip, bzip2, xz, zstd) read as what it holds, the
#     format from the suffix under the compression (notes.md.gz is
#     Markdown), in a folder too: real titles and no warning;
#   - each archive kind (tar, tgz, tar.bz2, tar.xz, tar.zst, zip) listed as
#     a folder of its members, dumped and searched member by member;
#   - truncated and corrupt input: the readable part, one warning, status
#     2, never a crash; a decompression bomb stops at documents.input_max;
#   - hostile archives: absolute names, "..", escapes in names, more
#     members than are listed, all harmless and shown as safe text.
#
# Needs $FOLIO and the tools gzip, bzip2, xz, zstd, tar and zip (each part
# is skipped without its tool).  Prints TAP.

# shellcheck disable=SC1091 # lib.sh is found at run time
. "${TOP_SRCDIR:-.}/tests/lib.sh"
need_folio

have() {
	command -v "$1" >/dev/null 2>&1
}

cd "$TMP" || exit 1
printf '# Notes title\n\nSome *emphasis* and a [link](http://example.org/).\n' > notes.md
printf 'Plain title line\n\nThe body of the plain article.\nA line with needle in it.\n' > plain.txt
seq 1 200000 | sed 's/^/row /' > big.txt

# ---- standard input -----------------------------------------------------
out=$(printf 'hello stdin\nsecond line\n' | "$FOLIO" --dump -)
check_eq "$out" "$(printf 'hello stdin\nsecond line')" "--dump - prints standard input"
out=$("$FOLIO" --dump < plain.txt)
check_eq "$out" "$(cat plain.txt)" "with no PATH, --dump reads a file redirected in"
out=$(cat big.txt | "$FOLIO" --dump | tail -n 1)
check_eq "$out" "row 200000" "cat | folio --dump reads the pipe to its end"
out=$(cat plain.txt | "$FOLIO" - --search needle)
check_eq "$out" "-:4:A line with needle in it." "folio - --search finds in standard input"
cat plain.txt | "$FOLIO" - --search nothing-like-this > /dev/null
check_eq $? 1 "a search of standard input that finds nothing exits 1"
out=$(cat plain.txt | "$FOLIO" --list - notes.md)
check_eq "$out" "$(printf -- '-\tPlain title line\nnotes.md\tNotes title')" \
	"standard input is listed beside other paths, titled by its start"
out=$( (sleep 0.3; cat plain.txt) | "$FOLIO" --list -)
check_eq "$out" "$(printf -- '-\tPlain title line')" \
	"a script waits for the first bytes of a slow standard input to title it"
printf '<!DOCTYPE html>\n<html><head><title>Page T</title></head><body><p>Hi</p></body></html>\n' > page
out=$(cat page | "$FOLIO" --info - | sed -n 2,3p | tr '\n' ' ')
check_eq "$out" "title: Page T format: html " "standard input is read as the format its bytes say"
: | "$FOLIO" --dump - > out 2> err
check $? "empty standard input is an empty article"
check_eq "$(cat out err)" "" "and prints nothing"

# ---- compressed files ---------------------------------------------------
for tool in gzip:gz bzip2:bz2 xz:xz zstd:zst; do
	t=${tool%:*} ext=${tool#*:}
	if ! have "$t"; then
		skip "$t files" "$t is not installed"
		continue
	fi
	"$t" -c big.txt > "big.txt.$ext"
	"$FOLIO" --dump "big.txt.$ext" > out 2> err
	cmp -s out big.txt
	check $? "a .$ext file dumps as the text it holds"
	check_eq "$(cat err)" "" "with no warning"
	out=$("$FOLIO" --search 'row 123456' "big.txt.$ext")
	check_eq "$out" "big.txt.$ext:123456:row 123456" "a .$ext file is searched decoded"
done
if have gzip; then
	gzip -c notes.md > notes.md.gz
	out=$("$FOLIO" --dump notes.md.gz | head -n 1)
	check_eq "$out" "Notes title" "notes.md.gz is rendered as Markdown"
	out=$("$FOLIO" --links notes.md.gz | cut -f3)
	check_eq "$out" "http://example.org/" "its links are Markdown's"
	mkdir docs
	gzip -c plain.txt > docs/plain.txt.gz
	cp notes.md.gz docs/
	gzip -c big.txt > docs/big.txt.gz
	"$FOLIO" --list docs > out 2> err
	check_eq "$(cat out)" "$(printf 'docs/big.txt.gz\trow 1\ndocs/notes.md.gz\tNotes title\ndocs/plain.txt.gz\tPlain title line')" \
		"a folder of .gz files is listed with their real titles"
	check_eq "$(cat err)" "" "and no file of it is skipped"

	# Truncated: the readable part, one warning, status 2.
	gzip -c big.txt > whole.txt.gz
	head -c 200000 whole.txt.gz > cut.txt.gz
	"$FOLIO" --dump cut.txt.gz > out 2> err
	check_eq $? 2 "a truncated .gz exits 2"
	lines=$(wc -l < out)
	head -n $((lines - 1)) out > whole-lines
	[ "$lines" -gt 1000 ] && head -n $((lines - 1)) big.txt | cmp -s - whole-lines
	check $? "the readable part of a truncated .gz is shown ($lines lines)"
	check_eq "$(wc -l < err)" 1 "with one warning"
	grep -q "truncated" err
	check $? "that says it is truncated: $(cat err)"
	head -c 20 whole.txt.gz > tiny.txt.gz
	"$FOLIO" --dump tiny.txt.gz > out 2> err
	check_eq $? 2 "a .gz cut inside its first block is an error, not a crash"
	check_eq "$(wc -l < err)" 1 "said in one line"
	# Corrupt: bytes overwritten in the middle.
	cp whole.txt.gz bad.txt.gz
	printf 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' | dd of=bad.txt.gz bs=1 seek=150000 conv=notrunc 2>/dev/null
	"$FOLIO" --dump bad.txt.gz > out 2> err
	check_eq $? 2 "a corrupt .gz exits 2"
	check_eq "$(wc -l < err)" 1 "with one warning"
	head -c 1000 /dev/urandom > noise.txt.gz
	"$FOLIO" --list noise.txt.gz > /dev/null 2>&1
	[ $? -le 2 ]
	check $? "random bytes named .gz do not crash --list"
	"$FOLIO" --dump noise.txt.gz > out 2> err
	[ $? -le 2 ] && terminal_safe out && terminal_safe err
	check $? "nor --dump, whose output is safe text"

	# A bomb: 64 MiB of zeros stops at the limit of 1 MiB.
	head -c 67108864 /dev/zero | gzip -1 > bomb.txt.gz
	printf 'documents = { input_max = 1; };\n' > small.conf
	"$FOLIO" -c small.conf --raw --dump bomb.txt.gz > out 2> err
	check_eq $? 2 "a decompression bomb exits 2"
	check_eq "$(tr -d '\n' < out | wc -c)" $((1048576 * 3)) "it is cut at documents.input_max (1 MiB of NULs)"
	grep -q "input_max" err
	check $? "and says so: $(cat err)"
else
	skip "gzip files" "gzip is not installed"
fi

# ---- archives -----------------------------------------------------------
mkdir -p pack/sub
cp plain.txt pack/one.txt
cp notes.md pack/sub/two.md
if have tar; then
	tar cf p.tar pack
	kinds="p.tar"
	have gzip && tar czf p.tgz pack && kinds="$kinds p.tgz"
	have bzip2 && tar cjf p.tar.bz2 pack && kinds="$kinds p.tar.bz2"
	have xz && tar cJf p.tar.xz pack && kinds="$kinds p.tar.xz"
	have zstd && tar --zstd -cf p.tar.zst pack && kinds="$kinds p.tar.zst"
	have zip && zip -qr p.zip pack && kinds="$kinds p.zip"
	for k in $kinds; do
		"$FOLIO" --list "$k" > out 2> err
		check_eq "$(cat out)" "$(printf '%s/pack/one.txt\tPlain title line\n%s/pack/sub/two.md\tNotes title' "$k" "$k")" \
			"$k is listed as a folder of its members"
		check_eq "$(cat err)" "" "with no warning"
		out=$("$FOLIO" --search needle "$k")
		check_eq "$out" "$k/pack/one.txt:4:A line with needle in it." "$k's members are searched"
		out=$("$FOLIO" --dump "$k" | grep -c '^Notes title$')
		check_eq "$out" 1 "$k's Markdown member is rendered"
	done
	mkdir shelf
	cp p.tar shelf/
	out=$("$FOLIO" --list shelf 2>&1 | cut -f1)
	check_eq "$out" "$(printf 'shelf/p.tar/pack/one.txt\nshelf/p.tar/pack/sub/two.md')" \
		"an archive met in a folder opens as a folder"

	# Hostile names: absolute, "..", escapes; never written anywhere.
	mkdir h
	printf 'Absolute\n' > h/abs.txt
	printf 'Climbing\n' > h/up.txt
	printf 'Escaped\n' > "h/$(printf 'e\033]0;pwned\007.txt')"
	(cd h && tar -cf ../hostile.tar -P --transform 's,^abs,/etc/abs,;s,^up,../../up,' abs.txt up.txt e*)
	"$FOLIO" --list hostile.tar > out 2> err
	check_eq "$(wc -l < out)" 3 "a hostile archive lists its members"
	grep -q '^hostile.tar/etc/abs.txt	Absolute$' out && grep -q '^hostile.tar/up.txt	Climbing$' out
	check $? "absolute names and .. are kept inside the archive"
	terminal_safe out && terminal_safe err
	check $? "names with escapes are shown as safe text"
	"$FOLIO" --dump hostile.tar > out 2>&1
	terminal_safe out
	check $? "and dumped safely"
	[ ! -e "$TMP/up.txt" ] && [ ! -e /etc/abs.txt ]
	check $? "nothing is written to disk"

	# More members than are listed: one warning.
	printf 'm\n' > m
	yes m | head -n 10005 | tar --hard-dereference -cf many.tar -T -
	"$FOLIO" --list many.tar > out 2> err
	check_eq "$(wc -l < out)" 10000 "an archive lists at most 10000 members"
	check_eq "$(wc -l < err)" 1 "and one warning says how many are left out"

	# A truncated archive: the members before the damage.
	cp big.txt pack/zz.txt
	tar --sort=name -cf long.tar pack
	head -c 20000 long.tar > cut.tar
	"$FOLIO" --list cut.tar > out 2> err
	check_eq "$(cut -f1 out | tr '\n' ' ')" "cut.tar/pack/one.txt cut.tar/pack/sub/two.md cut.tar/pack/zz.txt " \
		"a truncated archive lists what it has"
	check_eq "$(wc -l < err)" 1 "with one warning"
	head -c 700 /dev/urandom > junk.zip
	"$FOLIO" --list junk.zip > /dev/null 2>&1
	check_eq $? 2 "random bytes named .zip are an error, not a crash"
else
	skip "archives" "tar is not installed"
fi

done_testing
