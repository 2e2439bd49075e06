#include "config.h"

#include <stddef.h>

#include "app.h"
#include "search.h"
#include "searchcmd.h"

unsigned
searchcmd_toggle_regex(struct app *app, long count)
{
	if (app->prompting != PROMPT_ARTICLE && app->prompting != PROMPT_LIST &&
	    app->prompting != PROMPT_FILTER)
		return 0;
	app->opt.search.regex = !app->opt.search.regex;
	return app_prompt_changed(app) | DIRTY_STATUS;
}

const char *
searchcmd_lead(const struct app *app)
{
	if (app->prompting == PROMPT_FILTER)
		return app->opt.search.regex ? "Regex &" : "&";
	if (app->opt.search.regex)
		return app->prompt_backward ? "Regex ?" : "Regex /";
	return app->prompt_backward ? "?" : "/";
}

const char *
searchcmd_error(const struct app *app)
{
	const struct search_pattern *p = NULL;

	if (app->prompting == PROMPT_ARTICLE)
		p = app->finder.pat;
	else if (app->prompting == PROMPT_LIST)
		p = app->scan.pat;
	return p != NULL ? search_error(p) : NULL;
}

void
searchcmd_not_found(struct app *app, const struct search_pattern *pat)
{
	const char *err = pat != NULL ? search_error(pat) : NULL;

	if (err != NULL)
		app_message(app, true, "regex: %s", err);
	else
		app_message(app, true, "Pattern not found");
}
