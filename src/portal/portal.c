/*
 * portal.c - context tokens and portal links; see portal.h.
 */
#include "portal.h"
#include "escape.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Portal origins of the public clouds; usnat and ussec have none to
 * publish and must come from content/shelf.yml. */
static const struct { const char *cloud, *domain; } default_domains[] = {
	{"public", "https://portal.azure.com"},
	{"fairfax", "https://portal.azure.us"},
	{"mooncake", "https://portal.azure.cn"},
};

/* The clouds shelf knows; shelf_cloud_valid() is the one check. */
static const char *const known_clouds[] = {"public", "fairfax", "mooncake", "usnat", "ussec"};

int
shelf_cloud_valid(const char *cloud)
{
	size_t i;

	if (cloud == NULL)
		return 1;
	for (i = 0; i < sizeof known_clouds / sizeof known_clouds[0]; i++)
		if (strcasecmp(cloud, known_clouds[i]) == 0)
			return 1;
	return 0;
}

/* The subscription GUID of "/subscriptions/<id>/...", malloc'd or NULL. */
static char *
subscription_of(const char *rid)
{
	const char *p = rid, *e;

	while (*p && strncasecmp(p, "/subscriptions/", 15) != 0)
		p++;
	if (*p == '\0')
		return NULL;
	p += 15;
	e = strchr(p, '/');
	return strndup(p, e ? (size_t)(e - p) : strlen(p));
}

int
shelf_portal_init(shelf_portal *p, const char *resource_id, const char *cloud,
                  const json_t *config)
{
	shelf_buf enc = SHELF_BUF_INIT;
	json_t *c;
	size_t i;
	int known = 0;

	memset(p, 0, sizeof *p);
	p->cloud = strdup(cloud && *cloud ? cloud : "public");
	if (p->cloud == NULL)
		return -1;
	for (i = 0; p->cloud[i]; i++)
		p->cloud[i] = (char)tolower((unsigned char)p->cloud[i]);
	for (i = 0; i < sizeof default_domains / sizeof default_domains[0]; i++)
		if (strcmp(default_domains[i].cloud, p->cloud) == 0) {
			p->domain = strdup(default_domains[i].domain);
			known = 1;
		}
	c = json_object_get(json_object_get(json_object_get(config, "clouds"), p->cloud), "domain");
	if (json_is_string(c)) {
		free(p->domain);
		p->domain = strdup(json_string_value(c));
		known = 1;
	} else if (!known && (strcmp(p->cloud, "usnat") == 0 || strcmp(p->cloud, "ussec") == 0)) {
		known = 1; /* a valid cloud without a configured origin */
	}
	if (resource_id && *resource_id) {
		p->resource_id = strdup(resource_id);
		shelf_escape_url(&enc, resource_id, strlen(resource_id), SHELF_URL_COMPONENT);
		p->resource_id_encoded = shelf_buf_detach(&enc);
		p->subscription_id = subscription_of(resource_id);
	}
	return known ? 0 : 1;
}

void
shelf_portal_free(shelf_portal *p)
{
	if (p == NULL)
		return;
	free(p->resource_id);
	free(p->resource_id_encoded);
	free(p->subscription_id);
	free(p->domain);
	free(p->cloud);
	memset(p, 0, sizeof *p);
}

void
shelf_portal_url(const shelf_portal *p, const char *url, shelf_buf *out)
{
	static const char *const names[] = {"{$resourceIdDecoded}", "{$resourceId}", "{$domain}",
	                                    "$resourceId", "$subscriptionId"};
	const char *s = url;
	size_t start = out->len;

	while (*s) {
		size_t k, n = strcspn(s, "${");
		const char *v = NULL;
		if (n > 0) {
			shelf_buf_put(out, s, n);
			s += n;
			continue;
		}
		for (k = 0; k < sizeof names / sizeof names[0]; k++) {
			n = strlen(names[k]);
			if (strncmp(s, names[k], n) == 0)
				break;
		}
		if (k == sizeof names / sizeof names[0] ||
		    (k >= 3 && isalnum((unsigned char)s[strlen(names[k])]))) {
			shelf_buf_putc(out, *s++);
			continue;
		}
		n = strlen(names[k]);
		if (p) {
			switch (k) {
			case 0: case 1: v = p->resource_id; break;
			case 2: v = p->domain; break;
			case 3: v = p->resource_id_encoded; break;
			default: v = p->subscription_id; break;
			}
		}
		/* ".../resource/{$resourceIdDecoded}" with an id that starts with
		 * '/' (as ARM ids do) must not give "resource//subscriptions" */
		if (v && k <= 1 && *v == '/' && out->len > start && out->ptr[out->len - 1] == '/')
			v++;
		shelf_buf_puts(out, v ? v : names[k]);
		s += n;
	}
}

int
shelf_blade_scheme(const char *url)
{
	return strncmp(url, "data-blade:", 11) == 0 || strncmp(url, "button-data-blade:", 18) == 0 ||
	       strncmp(url, "button-data-context:", 20) == 0 || strncmp(url, "datablade:", 10) == 0;
}

/* One dotted segment [A-Za-z0-9_$-]+ starting at *s; malloc'd or NULL. */
static char *
segment(const char **s, const char *end)
{
	const char *p = *s;

	while (p < end && *p != '.' && *p != ';')
		p++;
	if (p == *s)
		return NULL;
	{
		char *r = strndup(*s, (size_t)(p - *s));
		*s = p;
		return r;
	}
}

int
shelf_blade_parse(const char *url, shelf_blade_link *b, const char **why, int *typo)
{
	const char *colon = strchr(url, ':'), *s, *semi, *end;

	memset(b, 0, sizeof *b);
	*typo = 0;
	if (colon == NULL || (size_t)(colon - url) >= sizeof b->kind) {
		*why = "no scheme";
		return -1;
	}
	memcpy(b->kind, url, (size_t)(colon - url));
	if (strcmp(b->kind, "datablade") == 0) {
		*typo = 1;
		strcpy(b->kind, "data-blade");
	}
	s = colon + 1;
	semi = strchr(s, ';');
	end = semi ? semi : s + strlen(s);
	b->params = json_object();
	b->extension = segment(&s, end);
	if (s < end && *s == '.')
		s++;
	b->blade = segment(&s, end);
	if (b->extension == NULL || b->blade == NULL) {
		*why = "expected Extension.Blade";
		goto fail;
	}
	if (strcmp(b->extension, "extensionName") == 0 || strcmp(b->blade, "bladeName") == 0) {
		*why = "template placeholder left in the link";
		goto fail;
	}
	while (s < end && *s == '.') {
		char *k, *v;
		s++;
		k = segment(&s, end);
		if (s < end && *s == '.')
			s++;
		v = segment(&s, end);
		if (k == NULL || v == NULL) {
			free(k);
			free(v);
			*why = "a parameter lacks its value";
			goto fail;
		}
		json_object_set_new(b->params, k, json_string(v));
		free(k);
		free(v);
	}
	if (semi) {
		if (strncmp(semi, ";data-blade-uri:", 16) != 0) {
			*why = "expected ';data-blade-uri:' after the blade";
			goto fail;
		}
		b->fallback = strdup(semi + 16);
	}
	return 0;
fail:
	shelf_blade_free(b);
	return -1;
}

void
shelf_blade_free(shelf_blade_link *b)
{
	if (b == NULL)
		return;
	free(b->extension);
	free(b->blade);
	json_decref(b->params);
	free(b->fallback);
	b->extension = b->blade = b->fallback = NULL;
	b->params = NULL;
}
