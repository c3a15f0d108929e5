/*
 * lg_report.h - the study as one self-contained HTML page (SPEC §3
 * report): the stats tables, licence share and openness charts, licence
 * use and releases over time, the top bases, the audit summary with its
 * drift matrix as a heat map, the largest communities, and the conflicts
 * that reach the most downloads.
 *
 * The page needs nothing from the network: styles are inline, charts are
 * inline SVG, there is no script. It prints (print CSS) and its output is
 * the same for the same inputs (no clock in it).
 */
#ifndef LG_REPORT_H
#define LG_REPORT_H

#include <stdio.h>

#include "lg_audit.h"
#include "lg_community.h"
#include "lg_error.h"
#include "lg_graph.h"
#include "lg_stats.h"

typedef struct {
	int version;
	const char *title;     /* NULL: "The open-model ecosystem" */
	const char *sample;    /* how the sample was drawn, in words ("models
				  whose id holds 'open'"), or NULL: all */
	const char *inputs;    /* what was read, in words, or NULL */
	size_t rows;           /* rows per table (0: 15) */
} lg_report_options;

#define LG_REPORT_OPTIONS_VERSION 1
#define LG_REPORT_OPTIONS_INIT { LG_REPORT_OPTIONS_VERSION, NULL, NULL, NULL, 0 }

/*
 * Writes the report of graph g: the stats s of its sample, the audit a
 * and the communities c (NULL leaves their section out) of the whole
 * graph. Time: O(|V| + |E| log |E|).
 */
int lg_report_write(FILE *out, const lg_graph *g, const lg_audit *a,
		    const lg_stats *s, const lg_communities *c,
		    const lg_report_options *o, lg_error *err);

#endif
