/*
 * svg.h - the report's charts as inline SVG (private): horizontal bars,
 * stacked columns over time, a heat map. Every chart has a title, axes
 * with ticks and labels, and a legend where it has series.
 *
 * Series are told apart by colour and by pattern: the colours are the
 * Okabe-Ito palette (safe for the common colour-blindnesses), and every
 * other series is hatched, so a greyscale print still separates
 * neighbours. lg__svg_defs writes the patterns once per page; charts
 * refer to them by id.
 */
#ifndef LG_SVG_H
#define LG_SVG_H

#include <stddef.h>

#include "emit.h"

#define LG__SVG_SERIES 10 /* distinct fills; more series repeat them */

/* The patterns every chart's fills refer to, in a hidden <svg>. */
void lg__svg_defs(lg__emitter *e);

/* The fill of series i: "url(#lg-fill-i)". */
void lg__svg_fill(lg__emitter *e, size_t i);

typedef struct {
	const char *label;
	double value;
} lg__svg_bar;

/* One bar per row, longest first as given; values printed at the bar's
 * end (as percentages when percent is set). */
void lg__svg_bars(lg__emitter *e, const char *title, const char *axis,
		  const lg__svg_bar *bars, size_t n, size_t fill, int percent);

typedef struct {
	const char *title, *y_axis;
	const char *const *x;      /* column labels, n_x of them ("YYYY-MM") */
	size_t n_x;
	const char *const *series; /* n_series names, the legend */
	size_t n_series;
	const double *values;      /* n_x rows of n_series values */
	int percent;               /* values are shares: the axis runs to 100% */
} lg__svg_stack;

/* Columns over time, each stacked by series; the x axis names every
 * January (or every column when there are few). */
void lg__svg_columns(lg__emitter *e, const lg__svg_stack *c);

/* A square matrix of counts: rows by cols, darker for more (log scale),
 * each cell's count written in it. */
void lg__svg_heatmap(lg__emitter *e, const char *title, const char *row_axis,
		     const char *col_axis, const char *const *names, size_t n,
		     const size_t *cells);

#endif
