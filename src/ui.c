#include "config.h"

#include <curses.h>
#include <errno.h>
#include <unistd.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <time.h>
#include <wchar.h>

#include "app.h"
#include "article.h"
#include "draw.h"
#include "hyperlink.h"
#include "keys.h"
#include "msg.h"
#include "outcmd.h"
#include "outside.h"
#include "rescanview.h"
#include "startview.h"
#include "script.h"
#include "text.h"
#include "theme.h"
#include "ui.h"
#include "xmalloc.h"

/* Milliseconds an Esc waits for the rest of a key sequence: short, so Esc
 * answers at once even over a slow link. */
#define ESC_DELAY_MS 25
/* How often the loop wakes without input to look at signal flags. */
#define TICK_MS 500
/* Background work no key waits on (counting a huge article's lines) starts
 * once the keyboard has been quiet this long, so that what a key asked for
 * reaches the terminal first. */
#define QUIET_MS 50
/* A slice of the collection's scan at start (startview.h). */
#define SCAN_BUDGET_US 15000
/* Consecutive failed reads, each without waiting, that mean the terminal is
 * gone (the SSH link dropped and no SIGHUP came: folio was not the session
 * leader, or the leader ignores it). */
#define DEAD_READS 64

static volatile sig_atomic_t got_signal;
/* SIGHUP or SIGTERM came: a command folio runs must end too. */
static volatile sig_atomic_t got_hangup;
static SCREEN *screen;

static const char *
env(const char *name)
{
	return getenv(name);
}

/* Sends the frame to the terminal, then the hyperlinks over it; full: the
 * frame repaints the whole screen. */
static void
update(FILE *out, bool full)
{
	draw_hyperlinks_before(full);
	doupdate();
	draw_hyperlinks(out);
}

static void
on_signal(int sig)
{
	got_signal = sig;
	if (sig == SIGHUP || sig == SIGTERM)
		got_hangup = 1;
}

/* Restores the terminal; safe to call twice, and from the fatal hook. */
static void
restore_terminal(void)
{
	if (screen != NULL && !isendwin())
		endwin();
}

static void
install_signals(void)
{
	static const int caught[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a signal must interrupt the wait for a key. */
	for (size_t i = 0; i < sizeof caught / sizeof caught[0]; i++)
		sigaction(caught[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	outside_set_hangup(&got_hangup);
}

/* curses key codes and the folio keys they are. */
static const struct {
	int curses;
	int key;
} key_table[] = {
	{ KEY_UP, FK_UP },
	{ KEY_DOWN, FK_DOWN },
	{ KEY_LEFT, FK_LEFT },
	{ KEY_RIGHT, FK_RIGHT },
	{ KEY_PPAGE, FK_PAGE_UP },
	{ KEY_NPAGE, FK_PAGE_DOWN },
	{ KEY_HOME, FK_HOME },
	{ KEY_END, FK_END },
	{ KEY_IC, FK_INSERT },
	{ KEY_DC, FK_DELETE },
	{ KEY_BACKSPACE, FK_BACKSPACE },
	{ KEY_BTAB, FK_BACKTAB },
	{ KEY_ENTER, KEY_ENTER_CODE },
	{ KEY_RESIZE, FK_RESIZE },
	{ KEY_MOUSE, FK_MOUSE },
	{ KEY_F(1), FK_F1 },
	{ KEY_F(2), FK_F2 },
	{ KEY_F(3), FK_F3 },
	{ KEY_F(4), FK_F4 },
	{ KEY_F(5), FK_F5 },
	{ KEY_F(6), FK_F6 },
	{ KEY_F(7), FK_F7 },
	{ KEY_F(8), FK_F8 },
	{ KEY_F(9), FK_F9 },
	{ KEY_F(10), FK_F10 },
	{ KEY_F(11), FK_F11 },
	{ KEY_F(12), FK_F12 },
	{ KEY_A1, FK_HOME },
	{ KEY_C1, FK_END },
	{ KEY_A3, FK_PAGE_UP },
	{ KEY_C3, FK_PAGE_DOWN },
};

/* Characters that terminals send for keys with names of their own. */
static const struct {
	wint_t ch;
	int key;
} char_table[] = {
	{ 0x7F, FK_BACKSPACE },
	{ '\n', KEY_ENTER_CODE },
};

static int
translate_code(int code)
{
	for (size_t i = 0; i < sizeof key_table / sizeof key_table[0]; i++)
		if (key_table[i].curses == code)
			return key_table[i].key;
	return FK_NONE;
}

static int
translate_char(wint_t ch)
{
	for (size_t i = 0; i < sizeof char_table / sizeof char_table[0]; i++)
		if (char_table[i].ch == ch)
			return char_table[i].key;
	return (int)ch;
}

/* Prints the screen as text, one row per line, trailing blanks cut: each
 * cell with its combining marks, the second cell of a wide one skipped. */
static void
dump_screen(FILE *out)
{
	char *mb = xmalloc((size_t)COLS * (CCHARW_MAX + 1) * MB_LEN_MAX + 1);

	for (int y = 0; y < LINES; y++) {
		size_t o = 0;
		mbstate_t st;

		memset(&st, 0, sizeof st);
		for (int x = 0; x < COLS; x++) {
			cchar_t cc;
			wchar_t w[CCHARW_MAX + 1];
			attr_t attrs;
			short pair;
			int width;

			if (mvwin_wch(curscr, y, x, &cc) == ERR ||
			    getcchar(&cc, w, &attrs, &pair, NULL) == ERR)
				continue;
			for (int i = 0; i < CCHARW_MAX && w[i] != L'\0'; i++) {
				size_t k = wcrtomb(mb + o, w[i], &st);

				if (k != (size_t)-1)
					o += k;
			}
			width = wcwidth(w[0]);
			if (width > 1)
				x += width - 1;
		}
		while (o > 0 && mb[o - 1] == ' ')
			o--;
		fprintf(out, "%.*s\n", (int)o, mb);
	}
	fputs("--\n", out);
	fflush(out);
	free(mb);
}

/* The next key of the script, doing the steps that are no key on the
 * way: FK_NONE with *done set at its end, -2 on an error. */
static int
script_key(struct script *s, bool *done)
{
	for (;;) {
		enum script_step step = script_next(s);

		if (step == SCRIPT_KEY)
			return s->key;
		if (step == SCRIPT_SCREEN) {
			dump_screen(stdout);
			continue;
		}
		if (step == SCRIPT_RESIZE) {
			resize_term(s->rows, s->cols);
			return FK_RESIZE;
		}
		/* No key: the loop does what it does when the keyboard is idle. */
		if (step == SCRIPT_IDLE)
			return FK_NONE;
		if (step == SCRIPT_END) {
			*done = true;
			return FK_NONE;
		}
		msg_warn(stderr, "%s", s->error);
		return -2;
	}
}

/* Whether more input is already waiting (keys typed ahead). */
static bool
input_pending(FILE *in)
{
	struct pollfd p = { .fd = fileno(in), .events = POLLIN };

	return poll(&p, 1, 0) > 0;
}

/* Whether the terminal in has hung up.  A read of a hung-up terminal
 * sees an end of file, which curses reports as a timeout: no error, and
 * the next wait returns at once, so only poll tells the two apart. */
static bool
hung_up(FILE *in)
{
	struct pollfd p = { .fd = fileno(in), .events = POLLIN };

	return poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

/* Reads one key from the terminal in; FK_NONE on a timeout or a signal.
 * A failed read, or one of a terminal that hung up, adds one to *dead; a
 * key sets it back to 0. */
static int
terminal_key(FILE *in, int *dead)
{
	wint_t ch;
	int r;

	errno = 0;
	r = wget_wch(stdscr, &ch);
	if (r == ERR) {
		if ((errno != 0 && errno != EINTR && errno != EAGAIN) || hung_up(in))
			(*dead)++;
		return FK_NONE;
	}
	*dead = 0;
	if (r == KEY_CODE_YES)
		return translate_code((int)ch);
	return translate_char(ch);
}

static unsigned
mouse_event(struct app *app)
{
	MEVENT ev;
	int button = 0;

	if (getmouse(&ev) != OK)
		return 0;
	if (ev.bstate & BUTTON4_PRESSED)
		button = 4;
#ifdef BUTTON5_PRESSED
	else if (ev.bstate & BUTTON5_PRESSED)
		button = 5;
#endif
	else if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_RELEASED))
		button = 1;
	return app_mouse(app, ev.y, ev.x, button);
}

static void
suspend(void)
{
	struct sigaction dfl, old;

	def_prog_mode();
	endwin();
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGTSTP, &dfl, &old);
	/* The whole process group, as a shell would: a script that started
	 * folio must stop too, or the shell above never gets the terminal. */
	kill(0, SIGTSTP);
	/* Resumed. */
	sigaction(SIGTSTP, &old, NULL);
	reset_prog_mode();
	clearok(curscr, TRUE);
}

/* Runs app->job: bytes for the terminal go out between frames, past
 * ncurses (they move no cursor and change no cell); a command that needs
 * the terminal gets it, as on suspend, and the screen is repainted after.
 * A script's terminal is /dev/null: nothing waits for Enter there. */
static unsigned
run_outside(struct app *app, FILE *out, bool script)
{
	struct outside_job *j = &app->job;
	char *err = NULL;
	int status = 0;
	unsigned dirty;

	if (j->tty_bytes != NULL) {
		fflush(out);
		fwrite(j->tty_bytes, 1, j->ntty, out);
		fflush(out);
	}
	if (j->argv != NULL && !j->terminal) {
		status = outside_run(j, &err);
	} else if (j->argv != NULL) {
		def_prog_mode();
		endwin();
		status = outside_run(j, &err);
		/* Not after a signal: folio is ending, the terminal may be gone. */
		if (j->wait_key && !script && got_signal == 0) {
			int c;

			fputs("\n[Press Enter to return to folio]", stdout);
			fflush(stdout);
			while ((c = getchar()) != EOF && c != '\n' && c != '\r')
				;
		}
		reset_prog_mode();
		clearok(curscr, TRUE);
	}
	dirty = outcmd_done(app, status, err);
	free(err);
	return dirty | app_resize(app, LINES, COLS);
}

/* Checks TERM before curses sees it, since an unknown one makes it exit,
 * and one that cannot place the cursor (dumb, a hard-copy or generic type)
 * would get a garbled screen.  Nothing is written to the terminal and its
 * modes are not changed. */
static int
check_terminal(const char *term, FILE *out)
{
	bool can_move = false;
	int err = 0;

	if (term == NULL || *term == '\0') {
		msg_warn(stderr, "TERM is not set; cannot use the terminal");
		return -1;
	}
	/* setupterm refuses a hard-copy or generic type with err 1; err 0 is
	 * no such type. */
	if (setupterm(term, fileno(out), &err) == OK) {
		/* tigetstr says (char *)-1 for a name that is not a string. */
		const char *cup = tigetstr("cup");

		can_move = cup != NULL && cup != (char *)-1;
		del_curterm(cur_term);
	} else if (err != 1) {
		msg_warn(stderr, "unknown terminal type '%s' (TERM); try TERM=xterm", term);
		return -1;
	}
	if (!can_move) {
		msg_warn(stderr,
		    "terminal type '%s' (TERM) cannot move the cursor; "
		    "use --dump to print the articles",
		    term);
		return -1;
	}
	return 0;
}

int
ui_run(struct app *app, const struct ui_options *opt)
{
	struct script sc = { 0 };
	FILE *out = stdout, *in = stdin, *tty = NULL;
	const char *term = getenv("TERM");
	int dead = 0, status = 0;
	unsigned dirty;

	if (opt->script != NULL) {
		FILE *f = fopen(opt->script, "r");

		if (f == NULL) {
			msg_warn(stderr, "%s: %s", opt->script, strerror(errno));
			return 2;
		}
		script_init(&sc, f, opt->script);
		out = fopen("/dev/null", "w");
		in = fopen("/dev/null", "r");
		if (out == NULL || in == NULL) {
			msg_warn(stderr, "/dev/null: %s", strerror(errno));
			return 2;
		}
		if (term == NULL || *term == '\0')
			term = "xterm";
	} else if (!isatty(STDIN_FILENO)) {
		/* Standard input is an article: keys come from the terminal. */
		in = fopen("/dev/tty", "r");
		if (in == NULL) {
			msg_warn(stderr, "/dev/tty: %s", strerror(errno));
			return 2;
		}
		tty = in;
	}
	if (check_terminal(term, out) != 0) {
		if (tty != NULL)
			fclose(tty);
		return 2;
	}
	install_signals();
	screen = newterm(term, out, in);
	if (screen == NULL) {
		if (tty != NULL)
			fclose(tty);
		msg_warn(stderr, "cannot initialise the terminal");
		return 2;
	}
	xmalloc_set_fatal_hook(restore_terminal);
	set_term(screen);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(ESC_DELAY_MS);
	wtimeout(stdscr, TICK_MS);
	idlok(stdscr, TRUE);
	curs_set(0);
	if (opt->mouse && opt->script == NULL) {
		mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
			| BUTTON5_PRESSED
#endif
		    ,
		    NULL);
		mouseinterval(0);
	}
	theme_init(true);
	draw_init(opt->utf8, opt->script == NULL && hyperlink_enabled(opt->hyperlinks, term, env));
	app_resize(app, LINES, COLS);
	draw(app, DIRTY_ALL);
	update(out, true);

	for (bool quiet = false;;) {
		bool done = false;
		int key, wait;

		if (got_signal != 0) {
			status = 128 + got_signal;
			break;
		}
		/* Scripts wait for background work, so their screens are exact;
		 * at the terminal a key interrupts it. */
		if (opt->script != NULL && app_busy(app)) {
			while (app_busy(app))
				dirty = app_idle(app);
			draw(app, DIRTY_ALL);
			update(out, false);
		}
		if (app_searching(app))
			wait = 0;
		else if (app_busy(app) || startview_busy(app))
			wait = quiet ? 0 : QUIET_MS;
		else
			wait = TICK_MS;
		wtimeout(stdscr, wait);
		key = opt->script != NULL ? script_key(&sc, &done) : terminal_key(in, &dead);
		if (done)
			break;
		if (key == -2) {
			status = 2;
			break;
		}
		if (dead > DEAD_READS) {
			status = 1;
			break;
		}
		quiet = key == FK_NONE;
		if (key == FK_NONE) {
			/* A file changed on disk shows within a tick, key or not;
			 * the folders are looked at every rescan_interval (at
			 * once on a script's :idle). */
			dirty = app_watch(app);
			dirty |= startview_idle(app, SCAN_BUDGET_US);
			dirty |= rescanview_idle(app, opt->script != NULL);
			dirty |= app_busy(app) ? app_idle(app) : app_save(app, false);
			if (dirty != 0) {
				draw(app, dirty);
				update(out, false);
			}
			continue;
		}
		if (key == FK_RESIZE)
			dirty = app_resize(app, LINES, COLS);
		else if (key == FK_MOUSE)
			dirty = mouse_event(app);
		else
			dirty = app_key(app, key);
		if (dirty & REQ_QUIT)
			break;
		if (dirty & REQ_SUSPEND)
			suspend();
		if (dirty & REQ_REDRAW)
			clearok(curscr, TRUE);
		if (dirty & REQ_SUSPEND)
			dirty |= app_resize(app, LINES, COLS);
		if (dirty & REQ_OUTSIDE) {
			draw(app, dirty);
			doupdate();
			dirty |= run_outside(app, out, opt->script != NULL);
		}
		/* A first slice of the work the key started, so a near match shows
		 * in the same frame; skipped while keys are typed ahead. */
		if (app_searching(app) && opt->script == NULL && !input_pending(in))
			dirty |= app_idle(app);
		draw(app, dirty);
		update(out, key == FK_RESIZE || (dirty & (REQ_REDRAW | REQ_SUSPEND)) != 0);
	}
	restore_terminal();
	delscreen(screen);
	screen = NULL;
	xmalloc_set_fatal_hook(NULL);
	if (tty != NULL)
		fclose(tty);
	if (opt->script != NULL) {
		fclose(sc.f);
		fclose(out);
		fclose(in);
		script_free(&sc);
	}
	return status;
}
