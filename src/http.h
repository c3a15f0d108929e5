/*
 * http.h - GET over libcurl, and the Hub's response headers (private).
 *
 * The only module that includes <curl/curl.h>. One lg__http handle keeps
 * one connection alive across requests. The token is sent in a header
 * and never stored anywhere a message could print it.
 */
#ifndef LG_HTTP_H
#define LG_HTTP_H

#include <stddef.h>

#include "buf.h"
#include "lg_error.h"

#define LG_MAX_BODY (512u << 20) /* one response, bytes */

typedef struct lg__http lg__http;

typedef struct {
	long status;          /* HTTP status; 0 when no response came */
	int transport_error;  /* timeout, reset, cut-off body: retry */
	lg_buf body;
	char *next_url;       /* Link rel="next", malloc'd, or NULL */
	long wait_seconds;    /* RateLimit t= or Retry-After, -1 if none */
	char error_code[64];  /* X-Error-Code, e.g. RepoNotFound */
	char problem[256];    /* what went wrong, for messages */
} lg__response;

/* libcurl's process-wide set-up; lg_global_init/_cleanup call these. */
int lg__http_global_init(void);
void lg__http_global_cleanup(void);

/* token may be NULL; it is sent only to endpoint's origin (scheme, host,
 * port), never to another host a Link header or redirect names. */
int lg__http_new(lg__http **out, const char *token, const char *endpoint,
		 lg_error *err);
void lg__http_free(lg__http *h);

/* Fetches url into resp (released first); follow: 3xx redirects. Returns
 * 0 whenever an answer or a transport error was recorded in resp. */
int lg__http_get(lg__http *h, const char *url, int follow, lg__response *resp);

void lg__response_release(lg__response *resp);

/* Header parsing, pure, for tests. The next-page URL of one Link header
 * value, resolved against base when relative; NULL when none. */
char *lg__link_next(const char *value, const char *base);

/* Seconds to wait from `RateLimit: "api";r=0;t=42` (t=), or -1. */
long lg__ratelimit_wait(const char *value);

#endif
