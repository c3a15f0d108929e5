/*
 * svg.c - the report's charts (svg.h). Geometry is plain arithmetic on a
 * fixed canvas per chart; the page scales them (viewBox, width 100%).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "svg.h"

#define FONT "font-family=\"system-ui,sans-serif\" font-size=\"12\""
#define INK "#222"
#define GRID "#ddd"

/* Okabe-Ito, with the black replaced by a dark grey and a light grey
 * added for the "unknown" end of every series list. */
static const char *const colours[LG__SVG_SERIES] = {
	"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
	"#D55E00", "#F0E442", "#555555", "#999999", "#DDDDDD",
};

void lg__svg_defs(lg__emitter *e)
{
	size_t i;

	lg__emit_str(e, "<svg width=\"0\" height=\"0\" style=\"position:"
			"absolute\" aria-hidden=\"true\"><defs>\n");
	for (i = 0; i < LG__SVG_SERIES; i++) {
		lg__emitf(e, "<pattern id=\"lg-fill-%zu\" width=\"6\" height="
			     "\"6\" patternUnits=\"userSpaceOnUse\"%s>"
			     "<rect width=\"6\" height=\"6\" fill=\"%s\"/>",
			  i, i % 2 ? " patternTransform=\"rotate(45)\"" : "",
			  colours[i]);
		if (i % 2) /* hatched: greyscale still tells neighbours apart */
			lg__emit_str(e, "<rect width=\"2\" height=\"6\" "
					"fill=\"#fff\" fill-opacity=\"0.75\"/>");
		lg__emit_str(e, "</pattern>\n");
	}
	lg__emit_str(e, "</defs></svg>\n");
}

void lg__svg_fill(lg__emitter *e, size_t i)
{
	lg__emitf(e, "url(#lg-fill-%zu)", i % LG__SVG_SERIES);
}

/* -- pieces --------------------------------------------------------------- */

/* A step of 1, 2 or 5 times a power of ten giving about five ticks. */
static double nice_step(double max)
{
	double raw = max > 0 ? max / 5 : 1, mag = pow(10, floor(log10(raw)));
	double norm = raw / mag;

	return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
}

/* A count with thousands separators, or a percentage. */
static void number(char *buf, size_t size, double v, int percent)
{
	char digits[32];
	size_t len, i, k = 0;

	if (percent) {
		snprintf(buf, size, "%.*f%%", v == floor(v) ? 0 : 2, v);
		return;
	}
	snprintf(digits, sizeof(digits), "%.0f", v);
	len = strlen(digits);
	for (i = 0; i < len && k + 2 < size; i++) {
		if (i && (len - i) % 3 == 0 && digits[0] != '-')
			buf[k++] = ',';
		buf[k++] = digits[i];
	}
	buf[k] = '\0';
}

/* Text escaped for SVG, cut to max bytes at a character boundary with an
 * ellipsis. */
static void label(lg__emitter *e, const char *s, size_t max)
{
	char buf[256];
	size_t len = strlen(s);

	if (max >= sizeof(buf) - 4)
		max = sizeof(buf) - 4;
	if (len <= max) {
		lg__emit_xml(e, s);
		return;
	}
	while (max && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--; /* not inside a UTF-8 sequence */
	memcpy(buf, s, max);
	memcpy(buf + max, "\xe2\x80\xa6", 4); /* … */
	lg__emit_xml(e, buf);
}

static void open_svg(lg__emitter *e, int w, int h, const char *title)
{
	lg__emitf(e, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" style=\""
		     "max-width:%dpx\" role=\"img\" xmlns=\"http://www.w3.org/"
		     "2000/svg\" " FONT " fill=\"" INK "\">\n<title>", w, h, w);
	lg__emit_xml(e, title);
	lg__emitf(e, "</title>\n<text x=\"%d\" y=\"18\" font-size=\"15\" "
		     "font-weight=\"bold\">", 8);
	lg__emit_xml(e, title);
	lg__emit_str(e, "</text>\n");
}

/* Gridlines and tick labels along a value axis from 0 to max: vertical
 * lines when horizontal is set (bars), else horizontal ones (columns). */
static void value_axis(lg__emitter *e, int horizontal, double x0, double y0,
		       double len, double other, double max, int percent)
{
	double step = nice_step(max), v;
	char text[32];

	for (v = 0; v <= max * 1.0001 && step > 0; v += step) {
		double at = len * v / max;

		number(text, sizeof(text), v, percent);
		if (horizontal)
			lg__emitf(e, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
				     "y2=\"%.1f\" stroke=\"" GRID "\"/>"
				     "<text x=\"%.1f\" y=\"%.1f\" text-anchor="
				     "\"middle\">%s</text>\n",
				  x0 + at, y0, x0 + at, y0 + other, x0 + at,
				  y0 + other + 14, text);
		else
			lg__emitf(e, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
				     "y2=\"%.1f\" stroke=\"" GRID "\"/>"
				     "<text x=\"%.1f\" y=\"%.1f\" text-anchor="
				     "\"end\">%s</text>\n",
				  x0, y0 - at, x0 + other, y0 - at, x0 - 6,
				  y0 - at + 4, text);
	}
}

/* -- bars ----------------------------------------------------------------- */

void lg__svg_bars(lg__emitter *e, const char *title, const char *axis,
		  const lg__svg_bar *bars, size_t n, size_t fill, int percent)
{
	const int w = 600, left = 230, right = 62, top = 34, row = 20;
	int h = top + (int)n * row + 44;
	double plot = w - left - right, max = 0;
	char text[32];
	size_t i;

	for (i = 0; i < n; i++)
		if (bars[i].value > max)
			max = bars[i].value;
	if (max <= 0)
		max = 1;
	max = ceil(max / nice_step(max)) * nice_step(max);
	open_svg(e, w, h, title);
	value_axis(e, 1, left, top, plot, n * row, max, percent);
	for (i = 0; i < n; i++) {
		double y = top + (double)i * row, len = plot * bars[i].value / max;

		lg__emitf(e, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">",
			  left - 6, y + 14);
		label(e, bars[i].label, 38);
		lg__emitf(e, "</text><rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" "
			     "height=\"14\" fill=\"", left, y + 3, len);
		lg__svg_fill(e, fill);
		number(text, sizeof(text), bars[i].value, percent);
		lg__emitf(e, "\" stroke=\"" INK "\" stroke-width=\"0.5\"/>"
			     "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n",
			  left + len + 4, y + 14, text);
	}
	lg__emitf(e, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\""
		     INK "\"/>\n", left, top, left, top + (int)n * row);
	lg__emitf(e, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">",
		  left + plot / 2, h - 6);
	lg__emit_xml(e, axis);
	lg__emit_str(e, "</text>\n</svg>\n");
}

/* -- stacked columns ------------------------------------------------------ */

/* The legend: a swatch and a name per series, wrapping; returns the
 * height it takes. With e NULL it only measures. */
static int legend(lg__emitter *e, const lg__svg_stack *c, int x0, int y0,
		  int width)
{
	int x = x0, y = y0;
	size_t s;

	for (s = 0; s < c->n_series; s++) {
		int need = 22 + (int)strlen(c->series[s]) * 7 + 14;

		if (x + need > x0 + width) {
			x = x0;
			y += 18;
		}
		if (!e) {
			x += need;
			continue;
		}
		lg__emitf(e, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"12\""
			     " stroke=\"" INK "\" stroke-width=\"0.5\" fill=\"",
			  x, y);
		lg__svg_fill(e, s);
		lg__emitf(e, "\"/><text x=\"%d\" y=\"%d\">", x + 20, y + 10);
		lg__emit_xml(e, c->series[s]);
		lg__emit_str(e, "</text>\n");
		x += need;
	}
	return y - y0 + 18;
}

/* Under the x axis: every January as its year (the first column as its
 * month when it is no January), or every column when there are few. */
static void time_axis(lg__emitter *e, const lg__svg_stack *c, double x0,
		      double y0, double col)
{
	size_t i;

	for (i = 0; i < c->n_x; i++) {
		double x = x0 + col * (double)i;
		int january = strlen(c->x[i]) == 7 && strcmp(c->x[i] + 5, "01") == 0;

		if (c->n_x > 18 && !january && i)
			continue;
		lg__emitf(e, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\""
			     " stroke=\"" INK "\"/><text x=\"%.1f\" y=\"%.1f\">",
			  x, y0, x, y0 + 5, x + 2, y0 + 17);
		if (c->n_x > 18 && january)
			lg__emitf(e, "%.4s", c->x[i]);
		else
			lg__emit_xml(e, c->x[i]);
		lg__emit_str(e, "</text>\n");
	}
}

void lg__svg_columns(lg__emitter *e, const lg__svg_stack *c)
{
	const int w = 960, left = 70, right = 16, plot_h = 220;
	double plot_w = w - left - right, col, max = 0, y0;
	int top, h;
	size_t i, s;

	for (i = 0; i < c->n_x; i++) {
		double sum = 0;

		for (s = 0; s < c->n_series; s++)
			sum += c->values[i * c->n_series + s];
		if (sum > max)
			max = sum;
	}
	if (max <= 0)
		max = 1;
	max = c->percent ? 100 : ceil(max / nice_step(max)) * nice_step(max);
	top = 34 + (c->n_series > 1 ? legend(NULL, c, left, 0, w - left - right)
				    : 0) + 10;
	h = top + plot_h + 48;
	open_svg(e, w, h, c->title);
	if (c->n_series > 1)
		legend(e, c, left, 28, w - left - right);
	y0 = top + plot_h;
	value_axis(e, 0, left, y0, plot_h, plot_w, max, c->percent);
	col = c->n_x ? plot_w / (double)c->n_x : plot_w;
	for (i = 0; i < c->n_x; i++) {
		double y = y0;

		for (s = 0; s < c->n_series; s++) {
			double v = c->values[i * c->n_series + s];
			double hgt = plot_h * v / max;

			if (v <= 0)
				continue;
			y -= hgt;
			lg__emitf(e, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
				     "height=\"%.2f\" fill=\"",
				  left + col * (double)i + col * 0.1, y,
				  col * 0.8, hgt);
			lg__svg_fill(e, c->n_series > 1 ? s : 0);
			lg__emit_str(e, "\"><title>");
			lg__emit_xml(e, c->x[i]);
			lg__emit_str(e, " ");
			lg__emit_xml(e, c->series[s]);
			lg__emitf(e, c->percent ? ": %.1f%%</title></rect>\n"
						: ": %.0f</title></rect>\n", v);
		}
	}
	lg__emitf(e, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
		     "stroke=\"" INK "\"/>\n", left, y0, left + plot_w, y0);
	time_axis(e, c, left, y0, col);
	lg__emitf(e, "<text transform=\"translate(14 %.1f) rotate(-90)\" "
		     "text-anchor=\"middle\">", top + plot_h / 2.0);
	lg__emit_xml(e, c->y_axis);
	lg__emitf(e, "</text>\n<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">"
		     "month created</text>\n</svg>\n", left + plot_w / 2, h - 6);
}

/* -- heat map ---------------------------------------------------------------- */

/* White to dark blue (ColorBrewer Blues' ends), by t in 0 .. 1. */
static void shade(char out[8], double t)
{
	static const int lo[3] = { 239, 243, 255 }, hi[3] = { 8, 48, 107 };
	int k, c[3];

	for (k = 0; k < 3; k++)
		c[k] = (int)(lo[k] + (hi[k] - lo[k]) * t + 0.5);
	snprintf(out, 8, "#%02x%02x%02x", c[0] & 0xff, c[1] & 0xff,
		 c[2] & 0xff);
}

void lg__svg_heatmap(lg__emitter *e, const char *title, const char *row_axis,
		     const char *col_axis, const char *const *names, size_t n,
		     const size_t *cells)
{
	const int left = 150, cell = 62, top = 120;
	int w = left + (int)n * cell + 20, h = top + (int)n * cell + 20;
	double max = 0;
	size_t r, k;

	for (k = 0; k < n * n; k++)
		if ((double)cells[k] > max)
			max = (double)cells[k];
	open_svg(e, w, h, title);
	for (k = 0; k < n; k++) { /* column names, slanted */
		lg__emitf(e, "<text transform=\"translate(%d %d) rotate(-40)\">",
			  left + (int)k * cell + cell / 2, top - 6);
		lg__emit_xml(e, names[k]);
		lg__emitf(e, "</text>\n<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
			  left - 6, top + (int)k * cell + cell / 2 + 4);
		lg__emit_xml(e, names[k]);
		lg__emit_str(e, "</text>\n");
	}
	for (r = 0; r < n; r++)
		for (k = 0; k < n; k++) {
			size_t v = cells[r * n + k];
			double t = v && max > 0 ? log1p((double)v) / log1p(max) : 0;
			char fill[8];

			shade(fill, t);
			lg__emitf(e, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
				     "height=\"%d\" fill=\"%s\" stroke=\"#fff\"/>",
				  left + (int)k * cell, top + (int)r * cell, cell,
				  cell, v ? fill : "#f7f7f7");
			if (v)
				lg__emitf(e, "<text x=\"%d\" y=\"%d\" text-anchor="
					     "\"middle\" fill=\"%s\">%zu</text>",
					  left + (int)k * cell + cell / 2,
					  top + (int)r * cell + cell / 2 + 4,
					  t > 0.55 ? "#fff" : INK, v);
			lg__emit_char(e, '\n');
		}
	lg__emitf(e, "<text x=\"8\" y=\"%d\" font-style=\"italic\">", top - 26);
	lg__emit_xml(e, row_axis);
	lg__emit_str(e, " \xe2\x86\x93 / ");
	lg__emit_xml(e, col_axis);
	lg__emit_str(e, " \xe2\x86\x92</text>\n</svg>\n");
}
