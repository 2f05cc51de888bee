/* tests/tabs/harness.js - put before the page's Content-Security-Policy by
 * tabs.sh (a policy in a meta element governs only what follows it).  On
 * load it drives the tab groups of two-groups.md and posts one line per
 * check, "ok NAME" or "FAIL NAME: why", to the batch page holding it in an
 * iframe (tabs.sh), which writes them where --dump-dom prints them.
 * __tabsMode is
 * "script" (the page as shelf writes it) or "noscript" (the page with its
 * script removed: what a reader without JavaScript gets). */
(function () {
	var out = [];
	function check(name, ok, why) {
		out.push((ok ? 'ok ' : 'FAIL ') + name + (ok ? '' : ': ' + why));
	}
	function panel(id) { return document.getElementById(id); }
	function shown(el) { return !!el && el.getClientRects().length > 0 && getComputedStyle(el).display !== 'none'; }
	function tab(g, id) { return document.querySelector('#tabgroup_' + g + ' [role="tab"][data-tab="' + id + '"]'); }
	/* "g:id" of every shown panel, in order */
	function visible() {
		return [].filter.call(document.querySelectorAll('section[role="tabpanel"]'), shown)
			.map(function (s) { return s.id.replace(/^tabpanel_/, '').replace('_', ':'); }).join(' ');
	}
	function key(t, k) {
		t.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
	}
	function scripted() {
		check('script ran (allowed by the CSP hash)', document.documentElement.classList.contains('shelf-js'),
			'<html> lacks class shelf-js: the browser refused the script, or it failed');
		check('initial panels', visible() === '1:windows 2:windows', visible());
		var t = tab(1, 'linux');
		t.click();
		check('click Linux in group 1 switches both groups', visible() === '1:linux 2:linux', visible());
		check('aria-selected follows', t.getAttribute('aria-selected') === 'true' &&
			tab(1, 'windows').getAttribute('aria-selected') === 'false' &&
			tab(2, 'linux').getAttribute('aria-selected') === 'true', 'aria-selected not updated');
		check('roving tabindex', t.tabIndex === 0 && tab(1, 'windows').tabIndex === -1 &&
			tab(1, 'macos').tabIndex === -1, 'tabindex not updated');
		check('panel labelled by its tab', panel('tabpanel_2_linux').getAttribute('aria-labelledby') === tab(2, 'linux').id,
			'aria-labelledby=' + panel('tabpanel_2_linux').getAttribute('aria-labelledby'));
		check('hidden panel hidden for assistive tech', panel('tabpanel_1_windows').hidden &&
			panel('tabpanel_1_windows').getAttribute('aria-hidden') === 'true', 'inactive panel not hidden');
		tab(2, 'macos').click();
		check('click macOS in group 2 switches group 1 too', visible() === '1:macos 2:macos', visible());
		t = tab(1, 'macos');
		t.focus();
		key(t, 'ArrowRight');
		check('ArrowRight wraps to the first tab', visible() === '1:windows 2:windows' &&
			document.activeElement === tab(1, 'windows'), visible() + ', focus on ' + document.activeElement.id);
		key(document.activeElement, 'ArrowLeft');
		check('ArrowLeft wraps to the last tab', visible() === '1:macos 2:macos' &&
			document.activeElement === tab(1, 'macos'), visible());
		key(document.activeElement, 'Home');
		check('Home', visible() === '1:windows 2:windows' && document.activeElement === tab(1, 'windows'), visible());
		key(document.activeElement, 'End');
		check('End', visible() === '1:macos 2:macos' && document.activeElement === tab(1, 'macos'), visible());
		key(document.activeElement, 'ArrowLeft');
		check('ArrowLeft', visible() === '1:linux 2:linux' && document.activeElement === tab(1, 'linux'), visible());
	}
	function unscripted() {
		check('no script class', !document.documentElement.classList.contains('shelf-js'), 'shelf-js set');
		check('every panel shows', visible() === '1:windows 1:linux 1:macos 2:linux 2:windows 2:macos', visible());
		[].forEach.call(document.querySelectorAll('section[role="tabpanel"]'), function (s) {
			var t = document.querySelector('[role="tab"][aria-controls="' + s.id + '"]');
			var tr = t.getBoundingClientRect(), sr = s.getBoundingClientRect(), ok = shown(t) && tr.bottom <= sr.top + 1;
			/* nothing else between the title and its panel: the next title is below the panel */
			[].forEach.call(s.parentNode.querySelectorAll('[role="tab"]'), function (u) {
				var ur = u.getBoundingClientRect();
				if (u !== t && ur.top < sr.top && ur.top > tr.top) ok = false;
			});
			check('panel ' + s.id + ' shows under its title', ok,
				'title "' + t.textContent + '" at ' + tr.top + '-' + tr.bottom + ', panel at ' + sr.top);
		});
		var title = tab(1, 'windows');
		check('the title is the tab text, not the slug', title.textContent === 'Windows cmd' &&
			getComputedStyle(panel('tabpanel_1_windows'), '::before').content === 'none',
			'title "' + title.textContent + '", panel ::before ' + getComputedStyle(panel('tabpanel_1_windows'), '::before').content);
	}
	addEventListener('load', function () {
		try {
			if (__tabsMode === 'script') scripted(); else unscripted();
		} catch (e) {
			check('harness', false, String(e));
		}
		parent.postMessage({ mode: __tabsMode, out: out }, '*');
	});
})();
