/*
 * portal.h - the portal self-help dialect: context tokens in URLs, portal
 * (blade) links, section markers, the embedded JSON block, and the blade
 * document.
 */
#ifndef SHELF_PORTAL_H
#define SHELF_PORTAL_H

#include <jansson.h>
#include "buf.h"
#include "diag.h"

/* The caller's context for one render. */
typedef struct shelf_portal {
	char *resource_id;          /* as given, or NULL */
	char *resource_id_encoded;  /* percent-encoded, or NULL */
	char *subscription_id;      /* from the resource id, or NULL */
	char *domain;               /* portal origin of the cloud, or NULL */
	char *cloud;                /* lower case */
} shelf_portal;

/* Fills `p` from a resource id (may be NULL), a cloud name (NULL: public)
 * and the content tree's shelf.yml object (may be NULL).  0 / -1 (OOM);
 * an unknown cloud is reported by the caller via the return 1. */
int shelf_portal_init(shelf_portal *p, const char *resource_id, const char *cloud,
                      const json_t *config);
void shelf_portal_free(shelf_portal *p);

/* Appends `url` with $resourceId, {$resourceId}, {$resourceIdDecoded},
 * $subscriptionId and {$domain} replaced when known (left as written
 * otherwise).  $resourceId is percent-encoded; the decoded forms are used
 * as written in a URL path. */
void shelf_portal_url(const shelf_portal *p, const char *url, shelf_buf *out);

/* A parsed portal link. */
typedef struct shelf_blade_link {
	char kind[24];              /* data-blade, button-data-blade, button-data-context */
	char *extension, *blade;
	json_t *params;             /* object, owned */
	char *fallback;             /* URL after data-blade-uri:, or NULL */
} shelf_blade_link;

/* 1 when `url` uses a portal link scheme (incl. the typo datablade:). */
int shelf_blade_scheme(const char *url);

/* Parses SCHEME:Extension.Blade[.param.value][;data-blade-uri:FALLBACK].
 * Returns 0, or -1 with a static reason in *why.  Sets *typo for the
 * misspelt `datablade:` scheme.  Free with shelf_blade_free. */
int shelf_blade_parse(const char *url, shelf_blade_link *b, const char **why, int *typo);
void shelf_blade_free(shelf_blade_link *b);

#endif
