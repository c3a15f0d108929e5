/*
 * fetch.c - the crawl: tasks, retries, rate limits, durable pages.
 *
 * Every request goes through get_json, which retries what is worth
 * retrying: 429 after the wait the Hub asks for (RateLimit t=, else
 * Retry-After), 5xx, transport errors and bodies that are not the JSON
 * they should be (a page cut short) with exponential backoff and jitter,
 * up to max_attempts. 401, 403 and 404 end the crawl at once with a
 * message that says what to do. The task list lives in the manifest and
 * is committed after each page's records are durable (snapshot.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "ascii.h"
#include "buf.h"
#include "fetch_update.h"
#include "http.h"
#include "lg_fetch.h"
#include "snapshot.h"

#define MAX_RATE_LIMITS 1000 /* 429s honoured in one request's life */

typedef struct {
	const lg_fetch_options *o;
	lg__http *http;
	lg__snapshot snap;
	json_t *manifest;  /* tasks, seen, counts: the resume point */
	json_t *update;    /* the update under way: its entry in "updates" */
	lg_fetch_progress p;
	struct timespec start;
	unsigned seed;
	long limit; /* records in all, -1: none (resumes keep the first's) */
} crawl;

static double elapsed(const crawl *c)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - c->start.tv_sec) +
	       (double)(now.tv_nsec - c->start.tv_nsec) / 1e9;
}

/* An update reports its own pages and records, not the snapshot's. */
static void report(crawl *c, const char *waiting)
{
	lg_fetch_progress p = c->p;

	c->p.seconds = p.seconds = elapsed(c);
	c->p.waiting = p.waiting = waiting;
	if (c->update) {
		p.pages = (size_t)json_integer_value(
			json_object_get(c->update, "pages"));
		p.records = (size_t)json_integer_value(
			json_object_get(c->update, "records"));
	}
	if (c->o->progress)
		c->o->progress(&p, c->o->payload);
}

static void pause_for(crawl *c, double seconds, const char *why)
{
	struct timespec ts;

	if (seconds <= 0)
		return;
	report(c, why);
	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	c->p.waited += seconds;
	report(c, NULL);
}

/* attempt 1, 2, 3 ... -> base, 2 base, 4 base ..., capped at 60 s, each
 * drawn from [0.5, 1.5) of that so clients do not retry in step */
static double backoff(crawl *c, int attempt)
{
	double s = (double)c->o->retry_base_ms / 1000.0;
	int i;

	for (i = 1; i < attempt && s < 60; i++)
		s *= 2;
	if (s > 60)
		s = 60;
	return s * (0.5 + (double)rand_r(&c->seed) / ((double)RAND_MAX + 1));
}

/* -- URLs --------------------------------------------------------------- */

static int put_escaped(lg_buf *b, const char *s, int keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		char esc[3] = { '%', hex[ch >> 4], hex[ch & 15] };
		int plain = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
			    (ch >= '0' && ch <= '9') || ch == '-' ||
			    ch == '_' || ch == '.' || ch == '~' ||
			    (keep_slash && ch == '/');

		if (lg__buf_add(b, plain ? (const char *)&ch : esc,
				plain ? 1 : 3) < 0)
			return LG_ENOMEM;
	}
	return 0;
}

static int put_param(lg_buf *b, const char *key, const char *value)
{
	if (lg__buf_add(b, b->data[b->len - 1] == '?' ? "" : "&",
			b->data[b->len - 1] == '?' ? 0 : 1) < 0 ||
	    lg__buf_add(b, key, strlen(key)) < 0 || lg__buf_add(b, "=", 1) < 0)
		return LG_ENOMEM;
	return put_escaped(b, value, 0);
}

/* The fields the analyses need (SPEC §4), as expand[] parameters. */
static const char *const expand_fields[] = {
	"author", "cardData", "createdAt", "downloads", "likes", "tags",
	"pipeline_tag", "library_name", "gated", "lastModified"
};

static char *listing_url(const lg_fetch_options *o, const char *base_model)
{
	lg_buf b = LG_BUF_INIT;
	char num[32], *filter = NULL;
	size_t i;
	int rc = 0;

	if (lg__buf_add(&b, o->endpoint, strlen(o->endpoint)) < 0 ||
	    lg__buf_add(&b, "/api/models?", 12) < 0)
		goto nomem;
	if (o->search)
		rc |= put_param(&b, "search", o->search);
	if (o->author)
		rc |= put_param(&b, "author", o->author);
	for (i = 0; i < o->n_filters; i++)
		rc |= put_param(&b, "filter", o->filters[i]);
	if (base_model) {
		size_t len = strlen(base_model) + 12;

		if (!(filter = malloc(len)))
			goto nomem;
		snprintf(filter, len, "base_model:%s", base_model);
		rc |= put_param(&b, "filter", filter);
		free(filter);
	}
	if (o->sort) /* the Hub sorts newest first anyway; older ones ask */
		rc |= put_param(&b, "sort", o->sort) |
		      put_param(&b, "direction", "-1");
	/* a page no larger than the records wanted: --limit 5 asks for 5 */
	snprintf(num, sizeof(num), "%ld",
		 o->limit >= 0 && o->limit < o->page_size ? (o->limit ? o->limit
								   : 1)
							  : o->page_size);
	rc |= put_param(&b, "limit", num);
	for (i = 0; i < sizeof(expand_fields) / sizeof(*expand_fields); i++)
		rc |= put_param(&b, "expand[]", expand_fields[i]);
	if (rc || lg__buf_add(&b, "", 1) < 0)
		goto nomem;
	return b.data;
nomem:
	lg__buf_release(&b);
	return NULL;
}

static char *model_url(const lg_fetch_options *o, const char *id)
{
	lg_buf b = LG_BUF_INIT;

	if (lg__buf_add(&b, o->endpoint, strlen(o->endpoint)) < 0 ||
	    lg__buf_add(&b, "/api/models/", 12) < 0 ||
	    put_escaped(&b, id, 1) < 0 || lg__buf_add(&b, "", 1) < 0) {
		lg__buf_release(&b);
		return NULL;
	}
	return b.data;
}

/* -- one request, retried ------------------------------------------------ */

/* The advice comes first: a long URL must not push it out of the
 * message; the URL is shown up to its query. */
static int final_error(const char *url, const lg__response *r, lg_error *err)
{
	const char *q = strchr(url, '?');
	int len = q ? (int)(q - url) : (int)strlen(url);

	if (r->status == 401)
		return lg_error_set(err, LG_EHTTP, NULL, 0,
				    "authentication failed (HTTP 401): set "
				    "HF_TOKEN (or the file HF_HOME/token) to a "
				    "valid Hub token; at %.*s", len, url);
	if (r->status == 403)
		return lg_error_set(err, LG_EHTTP, NULL, 0,
				    "access refused (HTTP 403): a gated repo "
				    "needs its terms accepted on the Hub by the "
				    "account whose token you use; at %.*s", len,
				    url);
	return lg_error_set(err, LG_EHTTP, NULL, 0,
			    "not found (HTTP 404, %s): check the model id, "
			    "renamed or deleted repos answer this; at %.*s",
			    r->error_code[0] ? r->error_code : "no such page",
			    len, url);
}

/* GETs url until it answers JSON of the wanted shape (array for pages,
 * object for model-info), or fails for good. */
static int get_json(crawl *c, const char *url, int want_array, json_t **out,
		    char **next, lg_error *err)
{
	lg__response r;
	int attempt = 0, limited = 0;
	char why[300];

	memset(&r, 0, sizeof(r));
	r.wait_seconds = -1;
	*out = NULL;
	for (;;) {
		json_error_t jerr;

		lg__http_get(c->http, url, 1, &r);
		if (r.status == 401 || r.status == 403 || r.status == 404) {
			final_error(url, &r, err);
			lg__response_release(&r);
			return LG_EHTTP;
		}
		if (r.status == 429 && !r.transport_error &&
		    ++limited <= MAX_RATE_LIMITS) {
			double wait = r.wait_seconds >= 0
					      ? (double)r.wait_seconds
					      : backoff(c, limited);

			if (wait > (double)c->o->max_wait_s)
				wait = (double)c->o->max_wait_s;
			c->p.retries++;
			pause_for(c, wait, "rate limited (429)");
			continue;
		}
		if (!r.transport_error && r.status == 200) {
			*out = json_loadb(r.body.data ? r.body.data : "",
					  r.body.len, 0, &jerr);
			if (*out && (want_array ? json_is_array(*out)
						: json_is_object(*out)))
				break;
			json_decref(*out);
			*out = NULL;
			snprintf(why, sizeof(why), "unusable body (%s)",
				 jerr.text[0] ? jerr.text : "wrong shape");
		} else if (r.transport_error) {
			snprintf(why, sizeof(why), "%s", r.problem);
		} else {
			snprintf(why, sizeof(why), "HTTP %ld", r.status);
		}
		if (++attempt >= c->o->max_attempts) {
			lg_error_set(err, LG_EHTTP, NULL, 0,
				     "giving up after %d attempts: %s (%s)",
				     attempt, why, url);
			lg__response_release(&r);
			return LG_EHTTP;
		}
		c->p.retries++;
		pause_for(c, backoff(c, attempt), "retrying after an error");
	}
	*next = r.next_url; /* ours now */
	r.next_url = NULL;
	lg__response_release(&r);
	return 0;
}

/* -- tasks ---------------------------------------------------------------- */

static json_t *tasks(crawl *c)
{
	return json_object_get(c->manifest, "tasks");
}

static int add_listing_task(crawl *c, const char *base_model)
{
	char *url = listing_url(c->o, base_model);

	int rc;

	if (!url)
		return LG_ENOMEM;
	rc = json_array_append_new(tasks(c), json_pack("{s:s}", "listing", url));
	free(url);
	return rc < 0 ? LG_ENOMEM : 0;
}

/* Appends items (all, or up to the --limit) as lines, durably; *saved
 * says how many. */
static int save_items(crawl *c, json_t *items, size_t *saved, lg_error *err)
{
	lg_buf lines = LG_BUF_INIT;
	size_t i, n = json_array_size(items);
	int rc = 0;

	if (c->limit >= 0 && c->p.records + n > (size_t)c->limit)
		n = (size_t)c->limit - c->p.records;
	for (i = 0; i < n && rc == 0; i++) {
		json_t *item = json_array_get(items, i);
		char *text = json_dumps(item, JSON_COMPACT | JSON_PRESERVE_ORDER |
						      JSON_ENCODE_ANY);

		if (!text || lg__buf_add(&lines, text, strlen(text)) < 0 ||
		    lg__buf_add(&lines, "\n", 1) < 0 ||
		    lg__note_high_water(c->manifest, item) < 0)
			rc = lg_error_set(err, LG_ENOMEM, NULL, 0,
					  "out of memory");
		free(text);
	}
	if (rc == 0 && lines.len)
		rc = lg__snapshot_append(&c->snap, lines.data, lines.len, err);
	lg__buf_release(&lines);
	*saved = rc == 0 ? n : 0;
	if (rc == 0)
		c->p.records += n;
	return rc;
}

/* The key of an id in the `seen` set: ids match ignoring ASCII case. */
static int seen_key(const char *id, char *key, size_t size)
{
	size_t k;

	if (strlen(id) >= size)
		return -1;
	for (k = 0; id[k]; k++)
		key[k] = (char)lg__ascii_lower((unsigned char)id[k]);
	key[k] = '\0';
	return 0;
}

/* Marks id seen; 1 when it was new. */
static int mark_seen(json_t *seen, const char *id)
{
	char key[1024];

	if (seen_key(id, key, sizeof(key)) < 0 || json_object_get(seen, key))
		return 0;
	json_object_set_new(seen, key, json_true());
	return 1;
}

static int is_seen(json_t *seen, const char *id)
{
	char key[1024];

	return seen_key(id, key, sizeof(key)) < 0 || json_object_get(seen, key);
}

/* Whether an update's item is older than its mark (no stamp: older). */
static int before_mark(json_t *item, long long since)
{
	const char *lm = json_string_value(json_object_get(item, "lastModified"));

	return since >= 0 && lg__stamp_seconds(lm) < since;
}

/*
 * The page's items from position `skip` on, with --descendants-of only
 * those not saved before (a merge child is listed under each of its
 * parents), in an update (since >= 0) only those modified since: *fresh
 * gets them, pos[] their positions on the page; *older says an update's
 * listing reached the mark.
 */
static int fresh_items(crawl *c, json_t *page, int listing, size_t skip,
		       long long since, json_t **fresh, size_t **pos,
		       int *older)
{
	json_t *seen = listing ? json_object_get(c->manifest, "seen") : NULL;
	json_t *item;
	size_t i, n = 0;

	*fresh = json_array();
	*pos = malloc((json_array_size(page) + 1) * sizeof(**pos));
	if (!*fresh || !*pos)
		return LG_ENOMEM;
	json_array_foreach(page, i, item) {
		const char *id = json_string_value(json_object_get(item, "id"));

		if (i < skip || (seen && id && is_seen(seen, id)))
			continue;
		if (before_mark(item, since)) {
			*older = 1;
			continue;
		}
		json_array_append(*fresh, item);
		(*pos)[n++] = i;
	}
	return 0;
}

/* --descendants-of: each saved child is marked seen and gets a task. */
static int queue_children(crawl *c, json_t *saved_items, size_t n)
{
	json_t *seen = json_object_get(c->manifest, "seen");
	size_t i;

	for (i = 0; seen && i < n; i++) {
		const char *id = json_string_value(
			json_object_get(json_array_get(saved_items, i), "id"));

		if (id && mark_seen(seen, id) && add_listing_task(c, id) < 0)
			return LG_ENOMEM;
	}
	return 0;
}

/* An update's own count of pages and records, committed with them. */
static void count_update(crawl *c, size_t saved)
{
	json_t *u = c->update;

	json_object_set_new(u, "pages", json_integer(json_integer_value(
		json_object_get(u, "pages")) + 1));
	json_object_set_new(u, "records", json_integer(json_integer_value(
		json_object_get(u, "records")) + (json_int_t)saved));
}

/*
 * One request of a task, its records saved. A listing goes on at its
 * next page (the Link URL, verbatim) unless an update's reached its
 * mark; when --limit cut the page short, the task stays on this page
 * with a "skip" of what was saved, so a resume with a higher limit takes
 * the rest of it.
 */
static int run_task(crawl *c, json_t *task, lg_error *err)
{
	const char *listing = json_string_value(json_object_get(task, "listing"));
	const char *model = json_string_value(json_object_get(task, "model"));
	size_t skip = (size_t)json_integer_value(json_object_get(task, "skip"));
	const char *since = json_string_value(json_object_get(task, "since"));
	long long since_s = since ? lg__stamp_seconds(since) : -1;
	json_t *body = NULL, *page, *fresh = NULL;
	char *url = NULL, *next = NULL;
	size_t *pos = NULL, saved = 0;
	int rc, older = 0;

	if (model && !(url = model_url(c->o, model)))
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	rc = get_json(c, listing ? listing : url, listing != NULL, &body, &next,
		      err);
	free(url);
	if (rc < 0)
		return rc;
	page = listing ? json_incref(body) : json_pack("[O]", body);
	if (fresh_items(c, page, listing != NULL, skip, since_s, &fresh, &pos,
			&older) < 0)
		rc = lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	if (rc == 0)
		rc = save_items(c, fresh, &saved, err);
	if (rc == 0 && listing)
		rc = queue_children(c, fresh, saved);
	if (rc == 0) {
		c->p.pages++;
		if (since && c->update)
			count_update(c, saved);
		if (saved < json_array_size(fresh)) {
			json_object_set_new(task, "skip",
					    json_integer((json_int_t)pos[saved]));
		} else if (listing && next && !older) {
			json_object_set_new(task, "listing", json_string(next));
			json_object_del(task, "skip");
		} else if (json_array_remove(tasks(c), 0)) {
			rc = lg_error_set(err, LG_ENOMEM, NULL, 0,
					  "out of memory");
		}
	}
	free(pos);
	free(next);
	json_decref(fresh);
	json_decref(page);
	json_decref(body);
	return rc;
}

static void now_stamp(char stamp[LG_STAMP_SIZE])
{
	time_t now = time(NULL);
	struct tm tm;

	strftime(stamp, LG_STAMP_SIZE, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
}

static int commit(crawl *c, lg_error *err)
{
	int complete = json_array_size(tasks(c)) == 0 ||
		       (c->limit >= 0 && c->p.records >= (size_t)c->limit);
	char stamp[LG_STAMP_SIZE];

	now_stamp(stamp);
	json_object_set_new(c->manifest, "pages", json_integer((json_int_t)c->p.pages));
	json_object_set_new(c->manifest, "records",
			    json_integer((json_int_t)c->p.records));
	json_object_set_new(c->manifest, "complete", json_boolean(complete));
	json_object_set_new(c->manifest, "next",
			    complete ? json_null()
				     : json_incref(json_object_get(
					       json_array_get(tasks(c), 0),
					       "listing")));
	if (!json_object_get(c->manifest, "next"))
		json_object_set_new(c->manifest, "next", json_null());
	json_object_set_new(c->manifest, "updated", json_string(stamp));
	if (!json_object_get(c->manifest, "started"))
		json_object_set_new(c->manifest, "started", json_string(stamp));
	if (complete && c->update)
		json_object_set_new(c->update, "finished", json_string(stamp));
	return lg__snapshot_commit(&c->snap, c->manifest, err);
}

/* The task list of a new crawl, and what was asked, for the record.
 * Every setter is checked: a task lost to a failed allocation would end
 * the crawl at once, "complete" and empty. */
static int plan(crawl *c)
{
	const lg_fetch_options *o = c->o;
	json_t *query = json_object(), *filters = json_array();
	size_t i;
	int bad = 0;

	c->manifest = json_pack("{s:s, s:s, s:o, s:[], s:i, s:i}",
				"format", LG_SNAPSHOT_FORMAT, "endpoint",
				o->endpoint, "query", query, "tasks", "pages", 0,
				"records", 0);
	if (!c->manifest) {
		json_decref(filters);
		return LG_ENOMEM;
	}
	for (i = 0; i < o->n_filters; i++)
		bad |= json_array_append_new(filters,
					     json_string(o->filters[i]));
	bad |= json_object_set_new(query, "filter", filters);
	if (o->search)
		bad |= json_object_set_new(query, "search",
					   json_string(o->search));
	if (o->author)
		bad |= json_object_set_new(query, "author",
					   json_string(o->author));
	if (o->sort)
		bad |= json_object_set_new(query, "sort", json_string(o->sort));
	if (o->limit >= 0)
		bad |= json_object_set_new(query, "limit",
					   json_integer(o->limit));
	if (o->n_models)
		bad |= json_object_set_new(query, "models", json_array());
	for (i = 0; i < o->n_models; i++) {
		bad |= json_array_append_new(tasks(c), json_pack(
			"{s:s}", "model", o->models[i]));
		bad |= json_array_append_new(json_object_get(query, "models"),
					     json_string(o->models[i]));
	}
	if (o->descendants_of) {
		bad |= json_object_set_new(query, "descendants_of",
					   json_string(o->descendants_of));
		bad |= json_object_set_new(c->manifest, "seen", json_object());
		bad |= json_array_append_new(tasks(c), json_pack(
			"{s:s}", "model", o->descendants_of));
		if (bad)
			return LG_ENOMEM;
		mark_seen(json_object_get(c->manifest, "seen"),
			  o->descendants_of);
		return add_listing_task(c, o->descendants_of);
	}
	if (bad)
		return LG_ENOMEM;
	if (o->n_models == 0 || o->search || o->author || o->n_filters)
		return add_listing_task(c, NULL);
	return 0;
}

/* The last update, when it has not finished (a kill, a give-up). */
static json_t *unfinished_update(crawl *c)
{
	json_t *updates = json_object_get(c->manifest, "updates");
	size_t n = json_array_size(updates);
	json_t *last = n ? json_array_get(updates, n - 1) : NULL;

	return last && json_is_null(json_object_get(last, "finished")) ? last
									: NULL;
}

/* The snapshot's query, sorted by lastModified: the update's listing. */
static char *update_url(crawl *c)
{
	json_t *query = json_object_get(c->manifest, "query");
	json_t *filter = json_object_get(query, "filter");
	lg_fetch_options uo = *c->o;
	const char **filters = malloc((json_array_size(filter) + 1) *
				      sizeof(*filters));
	char *url;
	size_t i;

	if (!filters)
		return NULL;
	for (i = 0; i < json_array_size(filter); i++)
		filters[i] = json_string_value(json_array_get(filter, i));
	uo.search = json_string_value(json_object_get(query, "search"));
	uo.author = json_string_value(json_object_get(query, "author"));
	uo.filters = filters;
	uo.n_filters = i;
	uo.sort = "lastModified";
	uo.limit = -1;
	url = listing_url(&uo, NULL);
	free(filters);
	return url;
}

/* A new update: its task and its entry in "updates". */
static int plan_update(crawl *c, lg_error *err)
{
	char since[LG_STAMP_SIZE], stamp[LG_STAMP_SIZE], *records, *url;
	size_t len = strlen(c->snap.dir) + sizeof(LG_SNAPSHOT_RECORDS) + 1;
	json_t *updates = json_object_get(c->manifest, "updates");
	int rc;

	if (!(records = malloc(len)))
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	snprintf(records, len, "%s/%s", c->snap.dir, LG_SNAPSHOT_RECORDS);
	rc = lg__update_since(c->manifest, records, since, err);
	free(records);
	if (rc < 0)
		return rc;
	if (!updates) {
		json_object_set_new(c->manifest, "updates", json_array());
		updates = json_object_get(c->manifest, "updates");
	}
	if (!(url = update_url(c)))
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	now_stamp(stamp);
	json_array_append_new(tasks(c), json_pack("{s:s, s:s}", "listing", url,
						  "since", since));
	json_array_append_new(updates, json_pack(
		"{s:s, s:s, s:i, s:i, s:n}", "started", stamp, "since", since,
		"pages", 0, "records", 0, "finished"));
	free(url);
	c->update = unfinished_update(c);
	return c->update ? 0 : lg_error_set(err, LG_ENOMEM, NULL, 0,
					    "out of memory");
}

/* --update: goes on with an update a kill cut short, else starts one on
 * a finished crawl. */
static int start_update(crawl *c, lg_error *err)
{
	int rc = lg__update_check(c->manifest, err);

	if (rc < 0 || c->update)
		return rc;
	if (json_array_size(tasks(c)))
		return lg_error_set(err, LG_EINVAL, NULL, 0,
				    "the crawl in '%s' has not finished: "
				    "finish it with lineage fetch --out %s "
				    "--resume, then update it",
				    c->o->out_dir, c->o->out_dir);
	return plan_update(c, err);
}

int lg_fetch(const lg_fetch_options *o, lg_error *err)
{
	crawl c;
	char *records;
	long long bytes;
	int rc;

	memset(&c, 0, sizeof(c));
	c.o = o;
	c.snap.fd = -1;
	clock_gettime(CLOCK_MONOTONIC, &c.start);
	c.seed = (unsigned)time(NULL) ^ (unsigned)getpid();
	if (o->update) { /* never a new crawl, nor an empty directory */
		rc = lg__snapshot_probe(o->out_dir, &records, &bytes);
		free(records);
		if (rc < 0)
			return lg_error_set(err, LG_EINVAL, o->out_dir, 0,
					    "'%s' holds no snapshot to update: "
					    "make one with lineage fetch --out "
					    "%s",
					    o->out_dir, o->out_dir);
	}
	if ((rc = lg__snapshot_open(&c.snap, o->out_dir, o->resume, &c.manifest,
				    err)) < 0)
		return rc;
	c.limit = o->limit;
	if (c.manifest) { /* resuming: the counts and the query go on */
		json_t *l = json_object_get(json_object_get(c.manifest, "query"),
					    "limit");

		c.p.pages = (size_t)json_integer_value(
			json_object_get(c.manifest, "pages"));
		c.p.records = (size_t)json_integer_value(
			json_object_get(c.manifest, "records"));
		if (c.limit < 0 && json_is_integer(l))
			c.limit = (long)json_integer_value(l);
	} else if (plan(&c) < 0) {
		json_decref(c.manifest); /* plan may fail after making it */
		lg__snapshot_close(&c.snap);
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	}
	c.update = unfinished_update(&c);
	if (!json_is_array(tasks(&c)))
		rc = lg_error_set(err, LG_EPARSE, o->out_dir, 0,
				  "the snapshot's manifest has no task list");
	if (rc == 0 && o->update)
		rc = start_update(&c, err);
	if (rc == 0)
		rc = lg__http_new(&c.http, o->token, o->endpoint, err);
	if (rc == 0)
		rc = commit(&c, err);
	while (rc == 0 && json_array_size(tasks(&c)) &&
	       (c.limit < 0 || c.p.records < (size_t)c.limit)) {
		rc = run_task(&c, json_array_get(tasks(&c), 0), err);
		if (rc == 0)
			rc = commit(&c, err);
		report(&c, NULL);
	}
	c.p.done = rc == 0;
	report(&c, NULL);
	lg__http_free(c.http);
	json_decref(c.manifest);
	lg__snapshot_close(&c.snap);
	return rc;
}
