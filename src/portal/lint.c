/*
 * lint.c - checks on a portal article's metadata and Markdown that the
 * renderer itself does not need: the attributes each selfHelpType really
 * carries, misspelt attribute names, and links broken across lines.
 *
 * The required attributes come from the survey of the real corpus
 * (15,596 articles): an attribute is required for a type when every real
 * article of that type has it.
 */
#include "lint.h"
#include "properties.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* Attributes present in every real article of a type (NULL-terminated,
 * space-separated).  "*" applies to every type. */
static const struct { const char *type, *attrs; } required[] = {
	{"*", "selfHelpType articleId cloudEnvironments"},
	{"generic", "pageTitle ownershipId supportTopicIds productPesIds"},
	{"problemscopingquestions", "pageTitle ownershipId schemaVersion supportTopicIds productPesIds description"},
	{"tsg_content", "pageTitle ownershipId service resource description ms.author"},
	{"tsg_description", "pageTitle ownershipId service resource description ms.author"},
	{"diagnostics", "pageTitle ownershipId infoBubbleText"},
	{"rca", "pageTitle ownershipId infoBubbleText service resource"},
	{"servicehealthinsights", "pageTitle ownershipId service resource infoBubbleText diagnosticScenario articleTags"},
	{"resource", "pageTitle ownershipId service resource"},
	{"advisorrecommendationmetadata", "pageTitle ownershipId description ms.author"},
	{"supporttopicdescription", "pageTitle productPesIds"},
	{"apollo", "pageTitle ownershipId productPesIds"},
	{"diagnoseandsolve", "pageTitle ownershipId service resource productPesIds"},
	{"tools", "pageTitle ownershipId service resource displayOrder"},
	{"tsg_questions", "pageTitle ownershipId productPesIds schemaVersion"},
	{"partnercenterquickstart", "resourceTags ms.author"},
};

/* Names filled in every real article (empty is an error for these). */
static const char *const must_fill[] = {"selfHelpType", "articleId", "cloudEnvironments"};

/* Required attributes that older published articles routinely lack; the
 * portal accepts them, so their absence is a warning (SH214), not an
 * error: published content must not fail a check run in CI. */
static const char usual[] = " articleId ownershipId infoBubbleText ";

/* Reports attribute `name` missing (empty = 0) or empty (empty = 1). */
static void
report_required(shelf_diags *d, const char *file, unsigned line, const char *name,
                const char *type, int empty)
{
	size_t n = strlen(name);
	const char *p = strstr(usual, name);
	int soft = p && p[-1] == ' ' && p[n] == ' ';

	if (empty)
		shelf_diags_add(d, soft ? SHELF_W_PROP_USUAL : SHELF_E_PROP_REQUIRED,
		                soft ? SHELF_WARNING : SHELF_ERROR, file, line, 1,
		                "attribute '%s' must not be empty", name);
	else if (soft)
		shelf_diags_add(d, SHELF_W_PROP_USUAL, SHELF_WARNING, file, line, 1,
		                "attribute '%s' is missing; '%s' articles should have it "
		                "(add %s=\"...\")", name, type, name);
	else
		shelf_diags_add(d, SHELF_E_PROP_REQUIRED, SHELF_ERROR, file, line, 1,
		                "attribute '%s' is required for selfHelpType '%s'", name, type);
}

static void
check_required(const json_t *props, const char *type, shelf_diags *d, const char *file,
               unsigned line)
{
	size_t i, k;

	for (i = 0; i < sizeof required / sizeof required[0]; i++) {
		const char *a;
		if (strcmp(required[i].type, "*") != 0 && strcasecmp(required[i].type, type) != 0)
			continue;
		for (a = required[i].attrs; *a; ) {
			char name[40];
			size_t n = strcspn(a, " ");
			json_t *v;
			memcpy(name, a, n < sizeof name ? n : sizeof name - 1);
			name[n < sizeof name ? n : sizeof name - 1] = '\0';
			a += n + (a[n] == ' ');
			v = json_object_get(props, name);
			if (v == NULL) {
				report_required(d, file, line, name, type, 0);
				continue;
			}
			for (k = 0; k < sizeof must_fill / sizeof must_fill[0]; k++)
				if (strcmp(name, must_fill[k]) == 0 && json_string_value(v) &&
				    *json_string_value(v) == '\0')
					report_required(d, file, line, name, type, 1);
		}
	}
}

/* Edit distance of a and b (case-insensitive), capped at 9. */
static unsigned
distance(const char *a, const char *b)
{
	unsigned row[64], i, j, la = (unsigned)strlen(a), lb = (unsigned)strlen(b);

	if (la >= 63 || lb >= 63)
		return 9;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		unsigned prev = row[0], tmp;
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			unsigned cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			tmp = row[j];
			row[j] = row[j] + 1 < row[j - 1] + 1 ? row[j] + 1 : row[j - 1] + 1;
			if (prev + cost < row[j])
				row[j] = prev + cost;
			prev = tmp;
		}
	}
	return row[lb] > 9 ? 9 : row[lb];
}

static void
check_unknown(const json_t *props, shelf_diags *d, const char *file, unsigned line)
{
	const char *key, *best;
	json_t *v;

	json_object_foreach((json_t *)props, key, v) {
		unsigned bd = 9, dd;
		size_t i;
		if (shelf_properties_canonical(key, strlen(key)))
			continue;
		best = NULL;
		for (i = 0; shelf_properties_names[i]; i++)
			if ((dd = distance(key, shelf_properties_names[i])) < bd) {
				bd = dd;
				best = shelf_properties_names[i];
			}
		if (best && bd <= 3)
			shelf_diags_add(d, SHELF_W_PROP_UNKNOWN, SHELF_WARNING, file, line, 1,
			                "unknown attribute '%s'; did you mean '%s'?", key, best);
		else
			shelf_diags_add(d, SHELF_W_PROP_UNKNOWN, SHELF_WARNING, file, line, 1,
			                "unknown attribute '%s'", key);
	}
}

void
shelf_lint_properties(const json_t *props, shelf_diags *d, const char *file, unsigned line)
{
	const char *type = json_string_value(json_object_get(props, "selfHelpType"));

	if (props == NULL)
		return;
	check_required(props, type ? type : "", d, file, line);
	check_unknown(props, d, file, line);
}

void
shelf_lint_text(const char *text, size_t len, shelf_diags *d, const char *file)
{
	size_t pos = 0;
	unsigned line = 1;
	int fence = 0;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t e = nl ? (size_t)(nl - text) : len, k = e;
		if (strncmp(text + pos, "```", 3) == 0 || strncmp(text + pos, "~~~", 3) == 0)
			fence = !fence;
		while (k > pos && (text[k - 1] == ' ' || text[k - 1] == '\t'))
			k--;
		/* "[text]" at the end of a line and "(url)" opening the next */
		if (!fence && nl && k > pos && text[k - 1] == ']' && e + 1 < len && text[e + 1] == '(' &&
		    memchr(text + pos, '[', k - pos))
			shelf_diags_add(d, SHELF_W_BROKEN_LINK, SHELF_WARNING, file, line,
			                (unsigned)(k - pos),
			                "'[…]' ends the line and '(…)' starts the next: not a link; join the lines");
		pos = e + 1;
		line++;
	}
}
