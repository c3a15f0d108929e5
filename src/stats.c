/*
 * stats.c - the study's tables over a sample of the models.
 *
 * One pass over the models tallies what each table needs: licences by the
 * audit's licence set (a few thousand sets among millions of models), then
 * sets merged into rows by their display name; authors through a hash
 * index of their names; months from the first seven bytes of createdAt.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ascii.h"
#include "buf.h"
#include "hash.h"
#include "index.h"
#include "graph_impl.h"
#include "lg_lineage.h"
#include "lg_stats.h"
#include "sort.h"

struct lg_stats {
	size_t models, placeholder;
	lg_stats_share *licenses, *families, *openness;
	size_t n_licenses, n_families, n_openness;
	lg_stats_base *bases, *bases_by_descendants;
	size_t n_bases;
	lg_stats_author *authors;
	size_t n_authors, cap_authors;
	lg_stats_month *months;
	size_t n_months;
	lg_arena names;       /* licence row names, author names */
};

int lg_stats_is_placeholder(const char *created_at)
{
	return created_at && strncmp(created_at, "2022-03-02T23:29:", 17) == 0;
}

/* -- the sample -------------------------------------------------------- */

/* The Hub's author: the record's, else the id's namespace. */
static size_t author_of(const lg_record *rec, const char **out)
{
	const char *slash;

	if (rec->author) {
		*out = rec->author;
		return strlen(rec->author);
	}
	slash = strchr(rec->id, '/');
	*out = rec->id;
	return slash ? (size_t)(slash - rec->id) : strlen(rec->id);
}

/* Whether a[0 .. len) is b, ignoring ASCII case. */
static int same_name(const char *a, size_t len, const char *b)
{
	size_t k;

	for (k = 0; k < len && b[k] && lg__ascii_lower((unsigned char)a[k]) ==
					 lg__ascii_lower((unsigned char)b[k]);
	     k++)
		;
	return k == len && !b[k];
}

static int in_sample(const lg_graph *g, lg_node v, const lg_stats_options *o)
{
	const lg_record *rec = lg_graph_record(g, v);
	const char *author;
	size_t len, i;

	if (lg_graph_is_external(g, v))
		return 0;
	if (o->search && !lg__ascii_contains(rec->id, o->search))
		return 0;
	if (!o->n_authors)
		return 1;
	len = author_of(rec, &author);
	for (i = 0; i < o->n_authors; i++)
		if (same_name(author, len, o->authors[i]))
			return 1;
	return 0;
}

/* -- share tables ------------------------------------------------------- */

static int by_models(const void *pa, const void *pb)
{
	const lg_stats_share *a = pa, *b = pb;

	if (a->models != b->models)
		return a->models > b->models ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* Sorts rows, merging equal names, and sets the percentages. */
static size_t finish_shares(lg_stats_share *rows, size_t n, size_t total)
{
	size_t i, k = 0;
	double cumulative = 0;

	qsort(rows, n, sizeof(*rows), by_models); /* equal names: resort */
	for (i = 0; i < n; i++) {
		size_t j;

		if (!rows[i].models && !rows[i].concluded)
			continue;
		for (j = 0; j < k && strcmp(rows[j].name, rows[i].name); j++)
			;
		if (j < k) {
			rows[j].models += rows[i].models;
			rows[j].concluded += rows[i].concluded;
		} else {
			rows[k++] = rows[i];
		}
	}
	qsort(rows, k, sizeof(*rows), by_models);
	for (i = 0; i < k; i++) {
		rows[i].percent = total ? 100.0 * (double)rows[i].models /
						  (double)total : 0;
		rows[i].concluded_percent =
			total ? 100.0 * (double)rows[i].concluded / (double)total
			      : 0;
		cumulative += rows[i].percent;
		rows[i].cumulative = cumulative;
	}
	return k;
}

/* The name a licence of a set is shown by: its fold when asked. */
static const char *shown_id(const lg_model_license *ml, size_t i, int fold)
{
	return fold && ml->lic[i]->fold ? ml->lic[i]->fold : ml->lic[i]->id;
}

/* Whether licence i of a set is shown as an earlier one already is (two
 * versions folded into one name). */
static int shown_before(const lg_model_license *ml, size_t i, int fold)
{
	size_t k;

	for (k = 0; fold && k < i; k++)
		if (!ml->other_name[k] && !ml->other_name[i] &&
		    strcmp(shown_id(ml, k, fold), shown_id(ml, i, fold)) == 0)
			return 1;
	return 0;
}

/* A licence set's row name: its licences, each folded when asked. */
static const char *license_name(lg_arena *names, const lg_model_license *ml,
				int fold)
{
	char buf[1024];
	size_t len = 0, i;

	if (!ml->n)
		return "unknown";
	buf[0] = '\0';
	for (i = 0; i < ml->n && len < sizeof(buf); i++) {
		if (shown_before(ml, i, fold))
			continue;
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s%s%s",
					len ? "," : "", shown_id(ml, i, fold),
					ml->other_name[i] ? ":" : "",
					ml->other_name[i] ? ml->other_name[i]
							  : "");
	}
	return lg__arena_strndup(names, buf, strnlen(buf, sizeof(buf) - 1));
}

typedef struct {
	size_t *per_set;        /* models of the sample in each licence set */
	size_t *concluded;      /* models concluded to carry each set */
	size_t concluded_none;  /* models concluded to carry none */
	size_t n_sets;
} set_tally;

/* Adds n models declaring (or, with concluded set, concluded to carry)
 * licence set ml to the three tables. */
static void count_set(lg_stats *s, const lg_model_license *ml, size_t models,
		      size_t concluded)
{
	s->families[lg_model_license_family(ml)].models += models;
	s->openness[lg_model_license_openness(ml)].models += models;
	s->families[lg_model_license_family(ml)].concluded += concluded;
	s->openness[lg_model_license_openness(ml)].concluded += concluded;
}

static int shares(lg_stats *s, const lg_audit *a, const set_tally *t,
		  const lg_stats_options *o)
{
	size_t k, f;

	s->licenses = calloc(t->n_sets + 2, sizeof(*s->licenses));
	s->families = calloc(LG_FAM_COUNT, sizeof(*s->families));
	s->openness = calloc(LG_OPEN_COUNT, sizeof(*s->openness));
	if (!s->licenses || !s->families || !s->openness)
		return LG_ENOMEM;
	for (f = 0; f < LG_FAM_COUNT; f++)
		s->families[f].name = lg_family_name((int)f);
	for (f = 0; f < LG_OPEN_COUNT; f++)
		s->openness[f].name = lg_openness_name((int)f);
	for (k = 0; k < t->n_sets; k++) {
		const lg_model_license *ml = lg_audit_set_license(a, (uint32_t)k);

		lg_stats_share *row = &s->licenses[s->n_licenses];

		if (!t->per_set[k] && !t->concluded[k])
			continue;
		if (!(row->name = license_name(&s->names, ml, o->fold)))
			return LG_ENOMEM;
		row->models = t->per_set[k];
		row->concluded = t->concluded[k];
		s->n_licenses++;
		count_set(s, ml, t->per_set[k], t->concluded[k]);
	}
	if (t->concluded_none) { /* merged into "unknown" by name */
		static const lg_model_license none;

		s->licenses[s->n_licenses++] =
			(lg_stats_share){ "unknown", 0, t->concluded_none, 0, 0,
					  0 };
		count_set(s, &none, 0, t->concluded_none);
	}
	s->n_licenses = finish_shares(s->licenses, s->n_licenses, s->models);
	s->n_families = finish_shares(s->families, LG_FAM_COUNT, s->models);
	s->n_openness = finish_shares(s->openness, LG_OPEN_COUNT, s->models);
	return 0;
}

/* -- bases ---------------------------------------------------------------- */

/* The bases of the sample: every model a sampled model names as a parent
 * (external ones too), with its children and descendants among the
 * sample, as the study counted them. Over the whole graph these are the
 * lineage's own counts; a narrower sample counts again, linearly. */

static int base_order(const lg_stats_base *a, const lg_stats_base *b,
		      uint32_t a1, uint32_t b1, uint32_t a2, uint32_t b2)
{
	if (a1 != b1)
		return a1 > b1 ? -1 : 1;
	if (a2 != b2)
		return a2 > b2 ? -1 : 1;
	return lg_id_compare(a->id, b->id);
}

static int by_children(const void *pa, const void *pb)
{
	const lg_stats_base *a = pa, *b = pb;

	return base_order(a, b, a->children, b->children, a->descendants,
			  b->descendants);
}

static int by_descendants(const void *pa, const void *pb)
{
	const lg_stats_base *a = pa, *b = pb;

	return base_order(a, b, a->descendants, b->descendants, a->children,
			  b->children);
}

/* Children and descendants per node among the sample. */
static int sample_counts(const lg_graph *g, const uint8_t *sampled,
			 uint32_t *children, uint32_t *descendants,
			 lg_error *err)
{
	size_t n = lg_graph_count(g), e, m = lg_graph_edge_count(g);

	if (!sampled) {
		for (e = 0; e < n; e++) {
			const lg_lineage *l = lg_graph_lineage(g, (lg_node)e);

			children[e] = l->children;
			descendants[e] = l->descendants;
		}
		return 0;
	}
	for (e = 0; e < m; e++) {
		const lg_edge *ed = lg_graph_edge(g, e);

		children[ed->parent] += sampled[ed->child];
	}
	return lg__descendants_counted(descendants, g, sampled, err);
}

static int find_bases(lg_stats *s, const lg_graph *g, const uint8_t *sampled,
		      lg_error *err)
{
	size_t n = lg_graph_count(g), v, k = 0;
	uint32_t *children = calloc(n + 1, sizeof(*children));
	uint32_t *descendants = calloc(n + 1, sizeof(*descendants));
	int rc = LG_ENOMEM;

	if (!children || !descendants)
		goto done;
	if ((rc = sample_counts(g, sampled, children, descendants, err)) < 0)
		goto done;
	rc = LG_ENOMEM;
	for (v = 0; v < n; v++)
		s->n_bases += children[v] > 0;
	s->bases = malloc((s->n_bases + 1) * sizeof(*s->bases));
	s->bases_by_descendants = malloc((s->n_bases + 1) * sizeof(*s->bases));
	if (!s->bases || !s->bases_by_descendants)
		goto done;
	for (v = 0; v < n; v++)
		if (children[v])
			s->bases[k++] = (lg_stats_base){
				(lg_node)v, lg_graph_record(g, (lg_node)v)->id,
				children[v], descendants[v]
			};
	memcpy(s->bases_by_descendants, s->bases, k * sizeof(*s->bases));
	qsort(s->bases, k, sizeof(*s->bases), by_children);
	qsort(s->bases_by_descendants, k, sizeof(*s->bases), by_descendants);
	rc = 0;
done:
	free(children);
	free(descendants);
	return rc;
}

/* -- authors -------------------------------------------------------------- */

typedef struct {
	const char *name;
	size_t len;
} author_key;

/* Authors are one whatever the case of their name, as the Hub's owners
 * are (and as --author matches). */
static int author_eq(uint32_t v, const void *key, const void *ctx)
{
	const lg_stats *s = ctx;
	const author_key *k = key;

	return same_name(k->name, k->len, s->authors[v].author);
}

static uint64_t name_hash(const char *name, size_t len)
{
	char low[256];
	size_t i, n = len < sizeof(low) ? len : sizeof(low);

	for (i = 0; i < n; i++)
		low[i] = lg__ascii_lower((unsigned char)name[i]);
	return lg__hash64(low, n, 0);
}

static uint64_t author_hash(uint32_t v, const void *ctx)
{
	const lg_stats *s = ctx;

	return name_hash(s->authors[v].author, strlen(s->authors[v].author));
}

/* Per author: its row, and its licence sets counted (set, count pairs in
 * a list per author, kept short: most authors use one or two). */
typedef struct {
	uint32_t set, count, next; /* next: the author's next pair + 1 */
} set_count;

typedef struct {
	lg__index ix;
	uint32_t *first;           /* per author: its first pair + 1 */
	size_t cap_first;
	set_count *pairs;
	size_t n_pairs, cap_pairs;
} author_tally;

static long author_row(lg_stats *s, author_tally *t, const lg_record *rec)
{
	author_key key;
	uint64_t h;
	size_t slot;

	key.len = author_of(rec, &key.name);
	h = name_hash(key.name, key.len);
	if (lg__index_reserve(&t->ix, s->n_authors + 1, author_hash, s) < 0)
		return -1;
	slot = lg__index_find(&t->ix, h, author_eq, &key, s);
	if (t->ix.slots[slot])
		return (long)t->ix.slots[slot] - 1;
	if (lg__array_grow((void **)&s->authors, &s->cap_authors,
			   s->n_authors + 1, sizeof(*s->authors)) < 0 ||
	    lg__array_grow((void **)&t->first, &t->cap_first, s->n_authors + 1,
			   sizeof(*t->first)) < 0)
		return -1;
	memset(&s->authors[s->n_authors], 0, sizeof(*s->authors));
	s->authors[s->n_authors].author =
		lg__arena_strndup(&s->names, key.name, key.len);
	if (!s->authors[s->n_authors].author)
		return -1;
	t->first[s->n_authors] = 0;
	lg__index_put(&t->ix, slot, (uint32_t)s->n_authors);
	return (long)s->n_authors++;
}

static int count_author_set(author_tally *t, size_t author, uint32_t set)
{
	uint32_t p;

	for (p = t->first[author]; p; p = t->pairs[p - 1].next)
		if (t->pairs[p - 1].set == set) {
			t->pairs[p - 1].count++;
			return 0;
		}
	if (lg__array_grow((void **)&t->pairs, &t->cap_pairs, t->n_pairs + 1,
			   sizeof(*t->pairs)) < 0)
		return LG_ENOMEM;
	t->pairs[t->n_pairs] = (set_count){ set, 1, t->first[author] };
	t->first[author] = (uint32_t)++t->n_pairs;
	return 0;
}

/* Whether licence set x is used more than y, ties to the smaller name. */
static int beats(const lg_audit *a, const set_count *x, const set_count *y)
{
	char nx[512], ny[512];

	if (x->count != y->count)
		return x->count > y->count;
	return strcmp(lg_model_license_text(lg_audit_set_license(a, x->set),
					    nx, sizeof(nx)),
		      lg_model_license_text(lg_audit_set_license(a, y->set),
					    ny, sizeof(ny))) < 0;
}

/* The distinct licences of one author so far (the set and the index of
 * each in it), reused from author to author. */
typedef struct {
	struct seen_license { const lg_model_license *ml; size_t i; } *at;
	size_t n, cap;
} seen_licenses;

/* Whether licence i of ml is new to seen (then it is added); -1 when
 * out of memory. */
static int is_new(seen_licenses *seen, const lg_model_license *ml, size_t i)
{
	size_t k;

	for (k = 0; k < seen->n; k++) {
		const struct seen_license *o = &seen->at[k];
		const char *on = o->ml->other_name[o->i], *mn = ml->other_name[i];

		if (o->ml->lic[o->i] == ml->lic[i] &&
		    (on == mn || (on && mn && strcmp(on, mn) == 0)))
			return 0;
	}
	if (lg__array_grow((void **)&seen->at, &seen->cap, seen->n + 1,
			   sizeof(*seen->at)) < 0)
		return -1;
	seen->at[seen->n++] = (struct seen_license){ ml, i };
	return 1;
}

/* An author's distinct licences, its most used declared licence set
 * ("unknown" only when it declares none) and its models declaring none. */
static int finish_author(lg_stats *s, lg_stats_author *row,
			 const author_tally *t, const lg_audit *a,
			 uint32_t first, seen_licenses *seen)
{
	uint32_t p, best = 0;
	size_t i;
	int fresh;

	seen->n = 0;
	for (p = first; p; p = t->pairs[p - 1].next) {
		const lg_model_license *ml =
			lg_audit_set_license(a, t->pairs[p - 1].set);

		if (!ml->n) {
			row->unknown += t->pairs[p - 1].count;
			continue;
		}
		for (i = 0; i < ml->n; i++) {
			if ((fresh = is_new(seen, ml, i)) < 0)
				return LG_ENOMEM;
			row->licenses += (size_t)fresh;
		}
		if (!best || beats(a, &t->pairs[p - 1], &t->pairs[best - 1]))
			best = p;
	}
	row->top_license = "unknown";
	if (best &&
	    !(row->top_license = license_name(
		      &s->names, lg_audit_set_license(a, t->pairs[best - 1].set),
		      0)))
		return LG_ENOMEM;
	return 0;
}

static int finish_authors(lg_stats *s, const author_tally *t,
			  const lg_audit *a)
{
	seen_licenses seen = { NULL, 0, 0 };
	size_t i;
	int rc = 0;

	for (i = 0; i < s->n_authors && rc == 0; i++)
		rc = finish_author(s, &s->authors[i], t, a, t->first[i], &seen);
	free(seen.at);
	return rc;
}

static int by_author_models(const void *pa, const void *pb)
{
	const lg_stats_author *a = pa, *b = pb;

	if (a->models != b->models)
		return a->models > b->models ? -1 : 1;
	return lg_id_compare(a->author, b->author);
}

/* -- months ---------------------------------------------------------------- */

/* The month of a createdAt, "YYYY-MM", or placeholder / unknown. */
static void month_of(const char *created, char month[12])
{
	int i;

	if (lg_stats_is_placeholder(created)) {
		strcpy(month, "placeholder");
		return;
	}
	for (i = 0; created && i < 7; i++)
		if (i == 4 ? created[i] != '-'
			   : !(created[i] >= '0' && created[i] <= '9'))
			break;
	if (!created || i < 7) {
		strcpy(month, "unknown");
		return;
	}
	memcpy(month, created, 7);
	month[7] = '\0';
}

/* Real months first, in order; then placeholder; then unknown. */
static int month_order(const void *pa, const void *pb)
{
	const lg_stats_month *a = pa, *b = pb;
	int ra = a->month[0] == 'p' ? 1 : a->month[0] == 'u' ? 2 : 0;
	int rb = b->month[0] == 'p' ? 1 : b->month[0] == 'u' ? 2 : 0;

	return ra != rb ? ra - rb : strcmp(a->month, b->month);
}

static lg_stats_month *month_row(lg_stats *s, size_t *cap, const char *m)
{
	size_t i;

	for (i = s->n_months; i-- > 0;) /* models arrive roughly in order */
		if (strcmp(s->months[i].month, m) == 0)
			return &s->months[i];
	if (lg__array_grow((void **)&s->months, cap, s->n_months + 1,
			   sizeof(*s->months)) < 0)
		return NULL;
	memset(&s->months[s->n_months], 0, sizeof(*s->months));
	strcpy(s->months[s->n_months].month, m);
	return &s->months[s->n_months++];
}

/* -- the pass ------------------------------------------------------------- */

static int tally(lg_stats *s, const lg_graph *g, const lg_audit *a,
		 const lg_stats_options *o, set_tally *sets, author_tally *at,
		 uint8_t *sampled)
{
	size_t n = lg_graph_count(g), v, cap_months = 0;

	for (v = 0; v < n; v++) {
		const lg_record *rec = lg_graph_record(g, (lg_node)v);
		uint32_t set;
		lg_concluded con;
		lg_stats_month *m;
		char month[12];
		long au;

		if (!in_sample(g, (lg_node)v, o))
			continue;
		set = lg_audit_license_set(a, (lg_node)v);
		s->models++;
		sets->per_set[set]++;
		con = lg_audit_concluded(a, (lg_node)v);
		if (con.from == LG_NONE)
			sets->concluded_none++;
		else
			sets->concluded[lg_audit_license_set(a, con.from)]++;
		s->placeholder += lg_stats_is_placeholder(rec->created_at);
		month_of(rec->created_at, month);
		if (!(m = month_row(s, &cap_months, month)))
			return LG_ENOMEM;
		m->models++;
		m->by_family[lg_model_license_family(
			lg_audit_set_license(a, set))]++;
		if ((au = author_row(s, at, rec)) < 0 ||
		    count_author_set(at, (size_t)au, set) < 0)
			return LG_ENOMEM;
		s->authors[au].models++;
		if (sampled)
			sampled[v] = 1;
	}
	return 0;
}

int lg_stats_compute(lg_stats **out, const lg_graph *g, const lg_audit *a,
		     const lg_stats_options *opts, lg_error *err)
{
	static const lg_stats_options defaults = LG_STATS_OPTIONS_INIT;
	const lg_stats_options *o = opts ? opts : &defaults;
	lg_stats *s = calloc(1, sizeof(*s));
	set_tally sets = { NULL, NULL, 0, lg_audit_license_sets(a) };
	int narrowed = o->search || o->n_authors;
	uint8_t *sampled = narrowed ? calloc(lg_graph_count(g) + 1, 1) : NULL;
	author_tally at;
	int rc = LG_ENOMEM;

	*out = NULL;
	memset(&at, 0, sizeof(at));
	sets.per_set = calloc(sets.n_sets + 1, sizeof(*sets.per_set));
	sets.concluded = calloc(sets.n_sets + 1, sizeof(*sets.concluded));
	if (s && sets.per_set && sets.concluded && (sampled || !narrowed) &&
	    (rc = tally(s, g, a, o, &sets, &at, sampled)) == 0 &&
	    (rc = shares(s, a, &sets, o)) == 0 &&
	    (rc = find_bases(s, g, sampled, err)) == 0 &&
	    (rc = finish_authors(s, &at, a)) == 0) {
		lg__sort(s->authors, s->n_authors, sizeof(*s->authors),
			 by_author_models);
		lg__sort(s->months, s->n_months, sizeof(*s->months),
			 month_order);
	}
	free(sets.per_set);
	free(sets.concluded);
	free(sampled);
	lg__index_release(&at.ix);
	free(at.first);
	free(at.pairs);
	if (rc < 0) {
		lg_stats_free(s);
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	}
	*out = s;
	return 0;
}

void lg_stats_free(lg_stats *s)
{
	if (!s)
		return;
	free(s->licenses);
	free(s->families);
	free(s->openness);
	free(s->bases);
	free(s->bases_by_descendants);
	free(s->authors);
	free(s->months);
	lg__arena_release(&s->names);
	free(s);
}

size_t lg_stats_models(const lg_stats *s)
{
	return s->models;
}

size_t lg_stats_placeholder(const lg_stats *s)
{
	return s->placeholder;
}

size_t lg_stats_licenses(const lg_stats *s, const lg_stats_share **rows)
{
	*rows = s->licenses;
	return s->n_licenses;
}

size_t lg_stats_families(const lg_stats *s, const lg_stats_share **rows)
{
	*rows = s->families;
	return s->n_families;
}

size_t lg_stats_openness(const lg_stats *s, const lg_stats_share **rows)
{
	*rows = s->openness;
	return s->n_openness;
}

size_t lg_stats_bases(const lg_stats *s, lg_stats_base_order by,
		      const lg_stats_base **rows)
{
	*rows = by == LG_STATS_BY_DESCENDANTS ? s->bases_by_descendants
					      : s->bases;
	return s->n_bases;
}

size_t lg_stats_authors(const lg_stats *s, const lg_stats_author **rows)
{
	*rows = s->authors;
	return s->n_authors;
}

size_t lg_stats_months(const lg_stats *s, const lg_stats_month **rows)
{
	*rows = s->months;
	return s->n_months;
}
