/*
 * lg_diff.h - what changed between two snapshots of the Hub (SPEC §3
 * diff): models and edges added and removed, declared and concluded
 * licence changes, audit findings new and resolved, the bases that grew
 * most, the largest download changes.
 *
 * Models are matched by id (ASCII case ignored, as everywhere); only
 * models with a record of their own count as added or removed. An edge
 * is its parent, child and relation: a re-pointed or re-labelled edge is
 * one removed and one added. A finding is an edge at warn or above with
 * its verdict and reasons: a finding whose verdict or reasons change is
 * one resolved and one new.
 */
#ifndef LG_DIFF_H
#define LG_DIFF_H

#include <stddef.h>
#include <stdint.h>

#include "lg_audit.h"
#include "lg_error.h"
#include "lg_graph.h"

typedef enum { LG_CHANGE_ADDED, LG_CHANGE_REMOVED } lg_change;

/* Which graph a row's node or edge numbers refer to. */
typedef enum { LG_DIFF_OLD, LG_DIFF_NEW } lg_diff_side;

typedef struct {
	lg_diff_side side;   /* removed: OLD; added: NEW */
	lg_node node;
	lg_change change;
} lg_diff_model;

typedef struct {
	lg_diff_side side;
	uint32_t edge;
	lg_change change;
} lg_diff_edge;

typedef enum { LG_DIFF_DECLARED, LG_DIFF_CONCLUDED } lg_diff_license_kind;

typedef struct {
	lg_node old_node, new_node;
	lg_diff_license_kind kind;
} lg_diff_license;

typedef struct {
	lg_diff_side side;   /* resolved: OLD; new: NEW */
	uint32_t edge;
	int is_new;          /* 1 new, 0 resolved */
} lg_diff_finding;

typedef struct {
	lg_node old_node;    /* LG_NONE when the model is new */
	lg_node new_node;
	uint32_t old_descendants, new_descendants;
} lg_diff_base_growth;

typedef struct {
	lg_node old_node, new_node;
	int64_t old_downloads, new_downloads;
} lg_diff_download_change;

typedef struct {
	size_t models_added, models_removed;
	size_t edges_added, edges_removed;
	size_t declared_changed, concluded_changed;
	size_t findings_new, findings_resolved, conflicts_new;
	size_t bases_grown, downloads_changed;
} lg_diff_summary;

typedef struct lg_diff lg_diff;

/*
 * Compares graph o (audited by ao) with graph n (audited by an); all
 * four borrowed and kept by the result. Time: O(|V| + |E|) lookups, then
 * sorting the rows.
 */
int lg_diff_compute(lg_diff **out, const lg_graph *o, const lg_audit *ao,
		    const lg_graph *n, const lg_audit *an, lg_error *err);
void lg_diff_free(lg_diff *d);

const lg_diff_summary *lg_diff_get_summary(const lg_diff *d);

/* The rows of each table, sorted: models and licences by id, edges and
 * findings by parent then child (removed/resolved before added/new),
 * growth by growth (then id), downloads by the size of the change (then
 * id). *rows is borrowed. */
size_t lg_diff_models(const lg_diff *d, const lg_diff_model **rows);
size_t lg_diff_edges(const lg_diff *d, const lg_diff_edge **rows);
size_t lg_diff_licenses(const lg_diff *d, const lg_diff_license **rows);
size_t lg_diff_findings(const lg_diff *d, const lg_diff_finding **rows);
size_t lg_diff_growth(const lg_diff *d, const lg_diff_base_growth **rows);
size_t lg_diff_downloads(const lg_diff *d, const lg_diff_download_change **rows);

#endif
