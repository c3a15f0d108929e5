/*
 * link.c - the two response headers a crawl steers by: Link (RFC 8288,
 * as the Hub sends it for pagination) and RateLimit (the IETF draft form
 * `"api";r=REMAINING;t=SECONDS` the Hub sends).
 *
 * Pure functions on header values, so tests drive them without a server.
 * Several links may share one header, comma-separated; commas inside
 * <...> are part of the URL.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http.h"

/* Whether the parameters after '>' say rel="next" (or rel=next). */
static int is_next(const char *p, const char *end)
{
	while (p < end) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		const char *stop = semi ? semi : end;

		while (p < stop && isspace((unsigned char)*p))
			p++;
		if (stop - p >= 3 && strncasecmp(p, "rel", 3) == 0) {
			const char *v = p + 3;

			while (v < stop && (isspace((unsigned char)*v) || *v == '='))
				v++;
			if (v < stop && *v == '"')
				v++;
			/* rel may list several types: "next last" */
			while (v < stop && *v != '"') {
				const char *w = v;

				while (v < stop && !isspace((unsigned char)*v) &&
				       *v != '"')
					v++;
				if (v - w == 4 && strncasecmp(w, "next", 4) == 0)
					return 1;
				while (v < stop && isspace((unsigned char)*v))
					v++;
			}
		}
		p = semi ? semi + 1 : end;
	}
	return 0;
}

/* base's scheme://host part, for a URL given as an absolute path. */
static char *resolve(const char *url, size_t len, const char *base)
{
	const char *host, *path;
	size_t origin;
	char *out;

	if (len >= 7 && (strncmp(url, "http://", 7) == 0 ||
			 strncmp(url, "https://", 8) == 0)) {
		out = malloc(len + 1);
		if (out) {
			memcpy(out, url, len);
			out[len] = '\0';
		}
		return out;
	}
	if (!base || len == 0 || url[0] != '/' ||
	    !(host = strstr(base, "://")))
		return NULL;
	path = strchr(host + 3, '/');
	origin = path ? (size_t)(path - base) : strlen(base);
	out = malloc(origin + len + 1);
	if (!out)
		return NULL;
	memcpy(out, base, origin);
	memcpy(out + origin, url, len);
	out[origin + len] = '\0';
	return out;
}

char *lg__link_next(const char *value, const char *base)
{
	const char *p = value;

	while ((p = strchr(p, '<')) != NULL) {
		const char *close = strchr(p, '>'), *end;

		if (!close)
			return NULL;
		end = close + 1;
		while (*end && *end != ',')
			end++;
		if (is_next(close + 1, end))
			return resolve(p + 1, (size_t)(close - p - 1), base);
		p = end;
	}
	return NULL;
}

long lg__ratelimit_wait(const char *value)
{
	const char *p = value;

	while ((p = strchr(p, ';')) != NULL) {
		p++;
		while (isspace((unsigned char)*p))
			p++;
		if (p[0] == 't' && p[1] == '=') {
			char *end;
			long t = strtol(p + 2, &end, 10);

			return end == p + 2 || t < 0 ? -1 : t;
		}
	}
	return -1;
}
