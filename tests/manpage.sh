#!/bin/sh
# manpage.sh - folio.1 and config/folio.conf say what the program does.
# From the program itself come
#   - every long and short option of --help,
#   - every action of the help screen and every default binding (context,
#     key, action) and every setting of --dump-config,
#   - every environment variable the sources read (getenv) and every signal
#     the reader catches (src/ui.c);
# and each must be in folio.1 where a reader looks for it: options in
# OPTIONS, bindings as entries of KEYS (one per action, its keys, its name
# in brackets, under a heading that ends with the context in parentheses),
# settings in CONFIGURATION/Settings, variables in ENVIRONMENT, signals in
# EXIT STATUS.  The reverse too: folio.1 lists no option, binding, action
# or setting that the program does not have.  config/folio.conf, the
# documented default configuration, must hold the same settings and
# bindings as --dump-config.  Each thing missing is one failed check.
#
# Needs $FOLIO and $TOP_SRCDIR (set by make check).  Prints TAP.

# shellcheck disable=SC1091 # lib.sh is found at run time
. "${TOP_SRCDIR:-.}/tests/lib.sh"

need_folio
MAN=$TOP_SRCDIR/folio.1
CONF=$TOP_SRCDIR/config/folio.conf
LC_ALL=C.UTF-8
export LC_ALL
# The built-in configuration, whatever the user's.
HOME=$TMP/home
XDG_CONFIG_HOME=$TMP/home/config
export HOME XDG_CONFIG_HOME
mkdir -p "$HOME"

# ---- what folio.1 says ------------------------------------------------------

# man_facts FILE: the facts of a man page, one a line:
#   option -l | option --list            a tag of OPTIONS
#   binding CONTEXT KEY ACTION           a key of an entry of KEYS
#   action ACTION                        the bracketed name of such an entry
#   setting NAME                         a tag of Settings (ROLE shows as *)
#   member NAME FIELD                    a tag nested in the entry of NAME
#   env NAME                             a tag of ENVIRONMENT
#   signal SIGNAME                       a signal named in EXIT STATUS
#   malformed WHAT                       an entry of KEYS that breaks the rule
# Macros become font changes; italic text is a placeholder (in a key,
# dropped; in a setting name, "*").
man_facts() {
	awk '
	function glyph(g) {
		if (g == "aq") return "\047"
		if (g == "ga") return "`"
		if (g == "dq" || g == "lq" || g == "rq") return "\""
		if (g == "ti") return "~"
		if (g == "em" || g == "en" || g == "hy") return "-"
		return "?"
	}
	# args: the arguments of a macro line, quotes and escapes respected.
	function args(s, out,   n, i, c, q, cur, started) {
		n = 0; cur = ""; q = 0; started = 0
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (c == "\\") { cur = cur substr(s, i, 2); i++; started = 1; continue }
			if (q) {
				if (c == "\"" && substr(s, i + 1, 1) == "\"") { cur = cur c; i++ }
				else if (c == "\"") q = 0
				else cur = cur c
				continue
			}
			if (c == " " || c == "\t") {
				if (started) { out[++n] = cur; cur = ""; started = 0 }
				continue
			}
			if (c == "\"" && !started) { q = 1; started = 1; continue }
			cur = cur c; started = 1
		}
		if (started) out[++n] = cur
		return n
	}
	# macro: a font macro line as text with font escapes.
	function macro(m, rest,   a, n, i, s) {
		n = args(rest, a)
		s = ""
		if (length(m) == 1) {
			for (i = 1; i <= n; i++) s = s (i > 1 ? " " : "") a[i]
			return "\\f" m s "\\fR"
		}
		for (i = 1; i <= n; i++) s = s "\\f" substr(m, i % 2 ? 1 : 2, 1) a[i]
		return s "\\fR"
	}
	# render: plain text; italic kept, dropped or made one "*" per run.
	function render(s, mode,   out, i, c, e, j, font, prev, star) {
		out = ""; font = "R"; prev = "R"; star = 0
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (c == "\\") {
				e = substr(s, ++i, 1)
				if (e == "f") {
					e = substr(s, ++i, 1)
					if (e == "(") { e = substr(s, i + 1, 2); i += 2 }
					else if (e == "[") { j = index(substr(s, i + 1), "]"); e = substr(s, i + 1, j - 1); i += j }
					if (e == "P") e = prev
					prev = font
					font = e == "I" || e == "BI" ? "I" : e == "B" ? "B" : "R"
					continue
				}
				if (e == "\"") break
				if (e == "(") { c = glyph(substr(s, i + 1, 2)); i += 2 }
				else if (e == "[") { j = index(substr(s, i + 1), "]"); c = glyph(substr(s, i + 1, j - 1)); i += j }
				else if (e == "-") c = "-"
				else if (e == "e") c = "\\"
				else if (e == " " || e == "~") c = " "
				else if (e == "&" || e == "%" || e == "|" || e == "^" || e == "c" || e == ")") c = ""
				else c = e
			}
			if (font == "I" && mode == "drop") continue
			if (font == "I" && mode == "star") { if (!star) out = out "*"; star = 1; continue }
			star = 0
			out = out c
		}
		return out
	}
	function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
	# entry: what the .TP entry at depth d says, by section.
	function entry(d,   t, b, k, n, i, key, act, nact, rest, w) {
		t = tag[d]; b = body[d]
		if (sect == "OPTIONS" && d == 0) {
			n = split(render(t, "drop"), k, ", ")
			for (i = 1; i <= n; i++)
				if (match(trim(k[i]), /^--?[A-Za-z0-9][A-Za-z0-9-]*/))
					print "option " substr(trim(k[i]), RSTART, RLENGTH)
		} else if (sect == "KEYS" && d == 0) {
			rest = render(t, "keep") " " render(b, "keep")
			nact = 0
			while (match(rest, /\[[a-z][a-z-]*\]/)) {
				act = substr(rest, RSTART + 1, RLENGTH - 2)
				nact++
				rest = substr(rest, RSTART + RLENGTH)
			}
			if (ctx == "") {
				print "malformed KEYS entry " render(t, "keep") " under no (context) heading"
				return
			}
			if (nact != 1) {
				print "malformed KEYS entry " render(t, "keep") " names " nact " actions in brackets, not 1"
				return
			}
			print "action " act
			n = split(render(t, "drop"), k, ", ")
			for (i = 1; i <= n; i++) {
				key = trim(k[i])
				if (key ~ /[ \t]/) print "malformed KEYS entry " render(t, "keep") ": key \"" key "\""
				else if (key != "") print "binding " ctx " " key " " act
			}
		} else if (sect == "CONFIGURATION" && sub_ == "Settings") {
			if (d == 0) {
				split(render(t, "star"), w, " ")
				print "setting " w[1]
			} else if (d == 1 && name0 != "") {
				n = split(render(t, "drop"), k, ", ")
				for (i = 1; i <= n; i++) {
					split(trim(k[i]), w, " ")
					if (w[1] != "") print "member " name0 " " w[1]
				}
			}
		} else if (sect == "ENVIRONMENT" && d == 0) {
			n = split(render(t, "drop"), k, ", ")
			for (i = 1; i <= n; i++) print "env " trim(k[i])
		}
	}
	function close_at(d) { if (open[d]) entry(d); open[d] = 0; body[d] = "" }
	function close_all(   d) { for (d = depth; d >= 0; d--) close_at(d) }
	function section_text(s,   r) {
		if (sect != "EXIT STATUS") return
		r = render(s, "keep")
		while (match(r, /SIG[A-Z][A-Z0-9]*/)) {
			print "signal " substr(r, RSTART, RLENGTH)
			r = substr(r, RSTART + RLENGTH)
		}
	}
	BEGIN { depth = 0 }
	/^[.\047][ \t]*\\"/ { next }
	{
		text = $0
		if (text ~ /^\./) {
			m = text; sub(/^\.[ \t]*/, "", m)
			req = m; sub(/[ \t].*/, "", req)
			rest = m
			if (rest ~ /[ \t]/) sub(/^[^ \t]*[ \t]+/, "", rest); else rest = ""
			if (req == "SH" || req == "SS") {
				close_all(); depth = 0
				t = render(macro("B", rest), "keep")
				if (req == "SH") { sect = t; sub_ = "" } else sub_ = t
				ctx = ""
				if (sect == "KEYS" && match(sub_, /\([a-z]+\)$/))
					ctx = substr(sub_, RSTART + 1, RLENGTH - 2)
				next
			}
			if (req == "TP") { close_at(depth); want_tag = 1; next }
			if (req == "RS") { depth++; next }
			if (req == "RE") { close_at(depth); if (depth > 0) depth--; next }
			if (req == "PP" || req == "LP" || req == "P") { close_all(); next }
			if (req !~ /^(B|I|BR|RB|BI|IB|RI|IR)$/) next
			text = macro(req, rest)
		}
		if (want_tag) {
			want_tag = 0
			tag[depth] = text; open[depth] = 1; body[depth] = ""
			if (depth == 0) {
				split(render(text, "star"), w, " ")
				name0 = w[1]
			}
			section_text(text)
			next
		}
		body[depth] = body[depth] " " text
		section_text(text)
	}
	END { close_all() }
	' "$1"
}

# ---- what the program says ----------------------------------------------------

# conf_events FILE: a libconfig file as events, one a line:
#   group PATH | scalar PATH | array PATH | list PATH
#   item LIST N FIELD VALUE          field FIELD of the Nth group of LIST
conf_events() {
	awk '
	function members(path, closer,   name, full) {
		while (p <= n && tok[p] != closer) {
			name = tok[p++]
			if (tok[p] == "=" || tok[p] == ":") p++
			full = path == "" ? name : path "." name
			value(full)
			if (tok[p] == ";" || tok[p] == ",") p++
		}
		p++
	}
	function value(path,   k) {
		if (tok[p] == "{") { p++; print "group " path; members(path, "}"); return }
		if (tok[p] == "[") {
			print "array " path
			while (p <= n && tok[p] != "]") p++
			p++
			return
		}
		if (tok[p] == "(") {
			p++; print "list " path; k = 0
			while (p <= n && tok[p] != ")") {
				if (tok[p] == ",") { p++; continue }
				k++
				if (tok[p] == "{") { p++; item(path, k) } else p++
			}
			p++
			return
		}
		print "scalar " path
		p++
	}
	function item(path, k,   name, v) {
		while (p <= n && tok[p] != "}") {
			name = tok[p++]
			if (tok[p] == "=" || tok[p] == ":") p++
			v = tok[p++]
			if (v ~ /^"/) v = substr(v, 2)
			print "item " path " " k " " name " " v
			if (tok[p] == ";" || tok[p] == ",") p++
		}
		p++
	}
	{ src = src $0 "\n" }
	END {
		n = 0; i = 1; L = length(src)
		while (i <= L) {
			c = substr(src, i, 1)
			if (c == " " || c == "\t" || c == "\n" || c == "\r") { i++; continue }
			if (c == "#" || substr(src, i, 2) == "//") {
				j = index(substr(src, i), "\n"); if (j == 0) break
				i += j; continue
			}
			if (substr(src, i, 2) == "/*") {
				j = index(substr(src, i + 2), "*/"); if (j == 0) break
				i += j + 3; continue
			}
			if (c == "\"") {
				s = "\""; i++
				while (i <= L) {
					c = substr(src, i, 1)
					if (c == "\\") { s = s substr(src, i + 1, 1); i += 2; continue }
					i++
					if (c == "\"") break
					s = s c
				}
				tok[++n] = s; continue
			}
			if (c ~ /[A-Za-z0-9*_+.-]/) {
				j = i
				while (j <= L && substr(src, j, 1) ~ /[A-Za-z0-9*_+.-]/) j++
				tok[++n] = substr(src, i, j - i); i = j; continue
			}
			tok[++n] = c; i++
		}
		p = 1
		members("", "")
	}
	' "$1"
}

# conf_facts FILE: the facts of a configuration, in the words of man_facts:
# a setting per leaf ("layout.center"), a group of groups as one setting
# NAME.* with its groups and their fields as members ("member colors.*
# text", "member colors.* fg"), a list of groups as a setting with their
# fields as members, and a binding and an action per group of keys.
conf_facts() {
	conf_events "$1" | awk '
	function dir(x) { return sub(/\.[^.]*$/, "", x) ? x : "" }
	function base(x) { sub(/^.*\./, "", x); return x }
	$1 == "group" { grp[$2] = 1; node[$2] = 1 }
	$1 == "scalar" || $1 == "array" { node[$2] = 1 }
	$1 == "list" { print "setting " $2 }
	$1 == "item" {
		print "member " $2 " " $4
		if ($2 == "keys") { it[$3, $4] = $5; if ($3 > items) items = $3 }
	}
	END {
		for (g in grp) allgroups[g] = 1
		for (x in node) {
			d = dir(x)
			if (!(d in grp)) continue
			kids[d]++
			if (!(x in grp)) allgroups[d] = 0
		}
		for (g in grp) if (kids[g] > 0 && allgroups[g]) { roles[g] = 1; print "setting " g ".*" }
		for (x in node) {
			d = dir(x)
			if (d in roles) print "member " d ".* " base(x)
			else if (dir(d) in roles && !(x in grp)) print "member " dir(d) ".* " base(x)
			else if (!(x in grp)) print "setting " x
		}
		for (k = 1; k <= items; k++) {
			c = (k, "context") in it ? it[k, "context"] : "global"
			print "binding " c " " it[k, "key"] " " it[k, "action"]
			print "action " it[k, "action"]
		}
	}'
}

# help_options: every option of --help, short and long.
help_options() {
	"$FOLIO" --help | sed -n 's/^ \{2,6\}\(-[A-Za-z0-9], \)\{0,1\}\(--[A-Za-z0-9-]*\).*/\1\2/p' |
		tr ',' '\n' | sed 's/^ *//; /^$/d; s/^/option /'
}

# help_actions: every action the help screen lists, bound or not.
help_actions() {
	printf 'h\n:screen\n' >"$TMP/help.keys"
	COLUMNS=200 LINES=300 TERM=xterm "$FOLIO" --script "$TMP/help.keys" "$TOP_SRCDIR/articles" 2>/dev/null |
		sed -n 's/.* \[\([a-z][a-z-]*\)\] *$/action \1/p'
}

# ---- the checks ----------------------------------------------------------------

# covers HAVE WANT KIND ALL MISSING: every fact of kind KIND in WANT is in
# HAVE: one passed check saying ALL, else one failed check per missing
# fact, saying MISSING and the fact.  A WANT with no fact of the kind fails
# too: a check of nothing proves nothing.
covers() {
	grep "^$3 " "$1" | LC_ALL=C sort -u >"$TMP/have"
	grep "^$3 " "$2" | LC_ALL=C sort -u >"$TMP/want"
	total=$(wc -l <"$TMP/want" | tr -d ' ')
	if [ "$total" -eq 0 ]; then
		check 1 "$4: found none to compare"
		return
	fi
	LC_ALL=C comm -23 "$TMP/want" "$TMP/have" >"$TMP/missing"
	if [ ! -s "$TMP/missing" ]; then
		check 0 "$4 ($total)"
		return
	fi
	while IFS= read -r fact; do
		check 1 "$5: ${fact#"$3 "}"
	done <"$TMP/missing"
}

man_facts "$MAN" >"$TMP/man"
"$FOLIO" --dump-config >"$TMP/dump.conf"
check $? "--dump-config exits 0"
conf_facts "$TMP/dump.conf" >"$TMP/dump"
conf_facts "$CONF" >"$TMP/conf"
help_options >"$TMP/options"
help_actions >"$TMP/actions"
cat "$TMP/dump" "$TMP/actions" >"$TMP/program"

# The rule the KEYS entries follow, so that the checks below can read them.
grep '^malformed ' "$TMP/man" >"$TMP/malformed"
if [ -s "$TMP/malformed" ]; then
	while IFS= read -r fact; do
		check 1 "folio.1: ${fact#malformed }"
	done <"$TMP/malformed"
else
	check 0 "every entry of folio.1 KEYS is its keys, then a description naming one action in brackets, under a heading ending in (context)"
fi

# The help screen is where actions with no default binding show.
covers "$TMP/actions" "$TMP/dump" action "the help screen lists every action of --dump-config" \
	"the help screen lacks an action of --dump-config"

covers "$TMP/man" "$TMP/options" option "folio.1 OPTIONS has every option of --help" \
	"folio.1 OPTIONS lacks an option of --help"
covers "$TMP/options" "$TMP/man" option "folio.1 OPTIONS has no option that --help lacks" \
	"folio.1 OPTIONS has an option that --help lacks"

covers "$TMP/man" "$TMP/dump" binding "folio.1 KEYS lists every default binding (context key action)" \
	"folio.1 KEYS lacks a default binding (context key action)"
covers "$TMP/dump" "$TMP/man" binding "folio.1 KEYS lists no binding that is not a default one" \
	"folio.1 KEYS lists a binding that is not a default one (context key action)"
covers "$TMP/man" "$TMP/program" action "folio.1 KEYS has an entry for every action of the help screen" \
	"folio.1 KEYS has no entry for an action of the help screen"
covers "$TMP/program" "$TMP/man" action "folio.1 KEYS names no action that the help screen lacks" \
	"folio.1 KEYS names an action that the help screen lacks"

covers "$TMP/man" "$TMP/dump" setting "folio.1 Settings has every setting of --dump-config" \
	"folio.1 Settings lacks a setting of --dump-config"
covers "$TMP/dump" "$TMP/man" setting "folio.1 Settings has no setting that --dump-config lacks" \
	"folio.1 Settings has a setting that --dump-config lacks"
covers "$TMP/man" "$TMP/dump" member \
	"folio.1 Settings has every colour role, colour field and keys field of --dump-config" \
	"folio.1 Settings lacks a role or field of --dump-config (setting, name)"
covers "$TMP/dump" "$TMP/man" member "folio.1 Settings has no role or field that --dump-config lacks" \
	"folio.1 Settings has a role or field that --dump-config lacks (setting, name)"

for kind in setting member binding; do
	covers "$TMP/conf" "$TMP/dump" $kind "config/folio.conf has every $kind of --dump-config" \
		"config/folio.conf lacks a $kind of --dump-config"
	covers "$TMP/dump" "$TMP/conf" $kind "config/folio.conf has no $kind that --dump-config lacks" \
		"config/folio.conf has a $kind that --dump-config lacks"
done

# What the sources read from the environment and the signals the reader
# ends on; found there, they must be in the man page.
grep -ho 'getenv("[A-Za-z_][A-Za-z0-9_]*")' "$TOP_SRCDIR"/src/*.c |
	sed 's/getenv("\(.*\)")/env \1/' >"$TMP/env"
covers "$TMP/man" "$TMP/env" env "folio.1 ENVIRONMENT has every variable the sources getenv" \
	"folio.1 ENVIRONMENT lacks a variable the sources getenv"
sed -n '/caught\[\] *=/p' "$TOP_SRCDIR/src/ui.c" | grep -o 'SIG[A-Z0-9]*' |
	sed 's/^/signal /' >"$TMP/signals"
covers "$TMP/man" "$TMP/signals" signal \
	"folio.1 EXIT STATUS names every signal the reader catches (caught[] in src/ui.c)" \
	"folio.1 EXIT STATUS does not name a signal the reader catches"

done_testing
