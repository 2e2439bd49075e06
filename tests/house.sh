#!/bin/sh
# House rules that the compiler cannot check: the model never includes
# curses, every .c includes config.h first, no header includes config.h,
# no include runs from a lower layer to a higher one.
top=${TOP_SRCDIR:-.}
n=0
fail=0
check() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fail=1
	fi
}

curses_re='#[[:space:]]*include[[:space:]]*[<"](n?curses|ncursesw/[a-z]*|term|panel)\.h'
bad=
for f in "$top"/src/*.c "$top"/src/*.h; do
	case $(basename "$f") in
	ui.c | ui.h | draw.c | draw.h | theme.c | theme.h) continue ;;
	esac
	if grep -Eq "$curses_re" "$f"; then
		bad="$bad $(basename "$f")"
	fi
done
[ -z "$bad" ]; check $? "the model includes no curses header${bad:+ (found in$bad)}"

bad=
for f in "$top"/src/*.c "$top"/tests/*.c; do
	first=$(grep -m1 '^#[[:space:]]*include' "$f")
	[ "$first" = '#include "config.h"' ] || bad="$bad $(basename "$f")"
done
[ -z "$bad" ]; check $? "every .c includes config.h first${bad:+ (not in$bad)}"

bad=
for f in "$top"/src/*.h "$top"/tests/*.h; do
	if grep -q 'include "config.h"' "$f"; then
		bad="$bad $(basename "$f")"
	fi
done
[ -z "$bad" ]; check $? "no header includes config.h${bad:+ (found in$bad)}"

# Layers, lowest first: the model (every file not named below), the views
# (pager, lists, menus: view-models over the model), the app (handlers and
# the configuration that feeds them), the terminal (curses and main).  No
# include runs from a lower layer to a higher one.
layer() {
	case $1 in
	pager | listview | menuview) echo 1 ;;
	app | docview | filterview | growview | markview | listcmd | sortview | outcmd | rescanview | startview | copycmd | savecmd | readview | searchcmd | searchview | options | cfgfile) echo 2 ;;
	ui | draw | theme | main) echo 3 ;;
	*) echo 0 ;;
	esac
}
bad=
for f in "$top"/src/*.c "$top"/src/*.h; do
	name=$(basename "$f")
	mine=$(layer "${name%.?}")
	for inc in $(sed -n 's/^#[[:space:]]*include[[:space:]]*"\([a-z0-9_-]*\)\.h".*/\1/p' "$f"); do
		[ "$(layer "$inc")" -le "$mine" ] || bad="$bad $name:$inc.h"
	done
done
[ -z "$bad" ]; check $? "no include runs from a lower layer to a higher one${bad:+ (found:$bad)}"

# Formatting is mechanical: the checked-in .clang-format decides it.
if command -v clang-format >/dev/null 2>&1; then
	out=$(cd "$top" && clang-format --dry-run --Werror src/*.c src/*.h tests/*.c tests/*.h \
		tests/fuzz/*.c 2>&1 | grep -o '^[^:]*:[0-9]*' | sort -u | head -5 | tr '\n' ' ')
	[ -z "$out" ]; check $? "the C files are formatted as .clang-format says${out:+ (not: $out)}"
else
	n=$((n + 1))
	echo "ok $n - formatting # SKIP clang-format is not installed"
fi

echo "1..$n"
exit $fail
