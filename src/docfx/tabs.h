/*
 * tabs.h - docfx tab groups over the cmark tree.
 *
 * A heading of any level whose only inline is a link to `#tab/ID`,
 * `#tab/ID+ID2` or `#tab/ID/CONDITION` starts a tab; the blocks after it,
 * up to the next tab heading, belong to the tab (other headings too).  A
 * thematic break (not rendered) or the end of the container ends the group.
 * The group becomes
 *
 *     <div class="tabGroup" id="tabgroup_N"><ul role="tablist">…</ul>
 *     <section id="tabpanel_N_ID" role="tabpanel" data-tab="ID">…</section>…
 *     </div>
 *
 * with the ids, aria attributes and the active/visible choice docfx makes
 * (TabGroupAggregator / TabGroupRender).
 */
#ifndef SHELF_TABS_H
#define SHELF_TABS_H

#include <cmark-gfm.h>
#include "render.h"

/* Most tabs in one group: 64.  Real groups have 2-6; the choice of the
 * active tab compares groups pairwise, so the count is bounded. */
#define SHELF_MAX_TABS 64
/* Most tab groups remembered per document for the active-tab choice: 256
 * (each later group is compared with every remembered one). */
#define SHELF_MAX_TAB_GROUPS 256

/* Rewrites every tab group of `doc` into custom blocks.  Tab titles are
 * rendered with `in` (its inline mode is forced on).  Faults (duplicate
 * ids, every tab hidden, a different id set) go to in->diags.  Group
 * numbers count per document, as docfx numbers them per rendered file.
 * Returns 0, -1 on OOM. */
int shelf_docfx_tabs(cmark_node *doc, const shelf_render_in *in);

#endif
