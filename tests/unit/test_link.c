/*
 * test_link.c - the Link and RateLimit header parsers the crawl steers
 * by, on real header shapes (research/hub-api.md §1.3, §3).
 */
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "testhelp.h"

static int next_is(const char *value, const char *base, const char *want)
{
	char *got = lg__link_next(value, base);
	int ok = want ? got && strcmp(got, want) == 0 : got == NULL;

	if (!ok)
		printf("# got '%s', want '%s'\n", got ? got : "(none)",
		       want ? want : "(none)");
	free(got);
	return ok;
}

int main(void)
{
	test_cond("link: the Hub's next page",
		  next_is("<https://huggingface.co/api/models?limit=10&sort=likes"
			  "&cursor=eyIkb3IiOlt7Imxpa2VzIjoyOTQ%3D>; rel=\"next\"",
			  NULL,
			  "https://huggingface.co/api/models?limit=10&sort=likes"
			  "&cursor=eyIkb3IiOlt7Imxpa2VzIjoyOTQ%3D"));
	test_cond("link: lower-case header value, unquoted rel",
		  next_is("<http://127.0.0.1:8080/api/models?cursor=a,b>; rel=next",
			  NULL, "http://127.0.0.1:8080/api/models?cursor=a,b"));
	test_cond("link: several links, comma inside <> kept",
		  next_is("</.well-known/ai-catalog.json>; rel=\"ai-catalog\", "
			  "<https://h/api/models?c=1,2>; rel=\"next\"", NULL,
			  "https://h/api/models?c=1,2"));
	test_cond("link: rel lists several types",
		  next_is("<https://h/p2>; rel=\"last next\"", NULL,
			  "https://h/p2"));
	test_cond("link: a relative URL is resolved against the request",
		  next_is("</api/models?cursor=x>; rel=\"next\"",
			  "http://127.0.0.1:9/api/models?limit=5",
			  "http://127.0.0.1:9/api/models?cursor=x"));
	test_cond("link: no next", next_is("<https://h/p1>; rel=\"prev\"",
					   NULL, NULL));
	test_cond("link: garbage", next_is("<unterminated; rel=\"next\"",
					   NULL, NULL));
	test_cond("ratelimit: t= seconds",
		  lg__ratelimit_wait("\"api\";r=0;t=42") == 42);
	test_cond("ratelimit: spaces", lg__ratelimit_wait("\"api\"; r=9; t=7") == 7);
	test_cond("ratelimit: no t", lg__ratelimit_wait("\"api\";r=0") == -1);
	test_cond("ratelimit: bad t", lg__ratelimit_wait("\"api\";t=x") == -1);
	return test_exit();
}
