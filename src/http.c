/*
 * http.c - one GET at a time through libcurl.
 *
 * TLS is verified (libcurl's default, never turned off); gzip is accepted;
 * a transfer that stalls (under 1 byte/s for 60 s) or takes too long is a
 * transport error the crawler retries, as are resets and bodies cut short.
 * Headers are scanned as they arrive for Link, RateLimit, Retry-After and
 * X-Error-Code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "http.h"

struct lg__http {
	CURL *curl;
	struct curl_slist *headers;      /* with the token, for origin */
	struct curl_slist *anonymous;    /* without it, for anywhere else */
	char origin[512];                /* scheme://host[:port] of the Hub */
	char errbuf[CURL_ERROR_SIZE];
};

/* The scheme://host[:port] part of url into out ("" when it has none). */
static void origin_of(const char *url, char *out, size_t size)
{
	const char *host = strstr(url, "://"), *end;
	size_t len;

	out[0] = '\0';
	if (!host)
		return;
	end = strchr(host + 3, '/');
	len = end ? (size_t)(end - url) : strlen(url);
	if (len < size) {
		memcpy(out, url, len);
		out[len] = '\0';
	}
}

int lg__http_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : LG_EHTTP;
}

void lg__http_global_cleanup(void)
{
	curl_global_cleanup();
}

int lg__http_new(lg__http **out, const char *token, const char *endpoint,
		 lg_error *err)
{
	lg__http *h = calloc(1, sizeof(*h));
	char auth[4096];

	*out = NULL;
	if (!h || !(h->curl = curl_easy_init())) {
		free(h);
		return lg_error_set(err, LG_ENOMEM, NULL, 0,
				    "cannot start libcurl");
	}
	origin_of(endpoint, h->origin, sizeof(h->origin));
	h->anonymous = curl_slist_append(NULL, "Accept: application/json");
	h->headers = curl_slist_append(NULL, "Accept: application/json");
	if (token && *token) {
		if (strlen(token) > sizeof(auth) - 32) {
			lg__http_free(h);
			return lg_error_set(err, LG_EINVAL, NULL, 0,
					    "the token is too long");
		}
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
		h->headers = curl_slist_append(h->headers, auth);
		explicit_bzero(auth, sizeof(auth));
	}
	if (!h->headers || !h->anonymous) {
		lg__http_free(h);
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	}
	*out = h;
	return 0;
}

void lg__http_free(lg__http *h)
{
	if (!h)
		return;
	curl_slist_free_all(h->headers);
	curl_slist_free_all(h->anonymous);
	if (h->curl)
		curl_easy_cleanup(h->curl);
	free(h);
}

void lg__response_release(lg__response *r)
{
	lg__buf_release(&r->body);
	free(r->next_url);
	memset(r, 0, sizeof(*r));
	r->wait_seconds = -1;
}

static size_t on_body(char *data, size_t size, size_t n, void *payload)
{
	lg__response *r = payload;

	if (r->body.len + size * n > LG_MAX_BODY)
		return 0; /* curl stops: CURLE_WRITE_ERROR */
	return lg__buf_add(&r->body, data, size * n) < 0 ? 0 : size * n;
}

typedef struct {
	lg__response *resp;
	const char *url;
} header_ctx;

/* A header's value when line is "Name: value", trimmed, else NULL. */
static const char *header_value(const char *line, size_t len,
				const char *name, char *buf, size_t size)
{
	size_t n = strlen(name), vlen;
	const char *v;

	if (len <= n + 1 || strncasecmp(line, name, n) != 0 || line[n] != ':')
		return NULL;
	v = line + n + 1;
	while (v < line + len && (*v == ' ' || *v == '\t'))
		v++;
	vlen = (size_t)(line + len - v);
	while (vlen && (v[vlen - 1] == '\r' || v[vlen - 1] == '\n' ||
			v[vlen - 1] == ' '))
		vlen--;
	if (vlen >= size)
		vlen = size - 1;
	memcpy(buf, v, vlen);
	buf[vlen] = '\0';
	return buf;
}

static size_t on_header(char *line, size_t size, size_t n, void *payload)
{
	header_ctx *ctx = payload;
	lg__response *r = ctx->resp;
	size_t len = size * n;
	char value[8192];
	long w;

	/* a new status line (after a redirect): forget the last headers */
	if (len > 5 && strncmp(line, "HTTP/", 5) == 0) {
		free(r->next_url);
		r->next_url = NULL;
		r->wait_seconds = -1;
		r->error_code[0] = '\0';
	} else if (header_value(line, len, "Link", value, sizeof(value))) {
		char *next = lg__link_next(value, ctx->url);

		if (next) {
			free(r->next_url);
			r->next_url = next;
		}
	} else if (header_value(line, len, "RateLimit", value, sizeof(value))) {
		if ((w = lg__ratelimit_wait(value)) >= 0)
			r->wait_seconds = w;
	} else if (header_value(line, len, "Retry-After", value,
				sizeof(value))) {
		if (r->wait_seconds < 0 && (w = strtol(value, NULL, 10)) > 0)
			r->wait_seconds = w;
	} else {
		header_value(line, len, "X-Error-Code", r->error_code,
			     sizeof(r->error_code));
	}
	return len;
}

int lg__http_get(lg__http *h, const char *url, int follow, lg__response *resp)
{
	header_ctx ctx = { resp, url };
	CURL *c = h->curl;
	char origin[512];
	CURLcode rc;

	/* A Link header may name any host: the token goes to the Hub's
	 * own origin (scheme, host and port) and nowhere else. */
	origin_of(url, origin, sizeof(origin));
	lg__response_release(resp);
	h->errbuf[0] = '\0';
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER,
			 strcasecmp(origin, h->origin) == 0 ? h->headers
							   : h->anonymous);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http");
	curl_easy_setopt(c, CURLOPT_USERAGENT, "lineage/0.1 (libcurl)");
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, follow ? 1L : 0L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 600L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, h->errbuf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, resp);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &ctx);
	/* libcurl drops a custom Authorization header when a redirect
	 * leaves the host (since 7.83); this keeps auth to the first host */
	curl_easy_setopt(c, CURLOPT_UNRESTRICTED_AUTH, 0L);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp->status);
	if (rc != CURLE_OK) {
		resp->transport_error = 1;
		snprintf(resp->problem, sizeof(resp->problem), "%s",
			 h->errbuf[0] ? h->errbuf : curl_easy_strerror(rc));
		if (rc == CURLE_WRITE_ERROR)
			snprintf(resp->problem, sizeof(resp->problem),
				 "response larger than %u MiB",
				 LG_MAX_BODY >> 20);
	}
	return 0;
}
