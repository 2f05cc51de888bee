/* tests/xss/hook.js - the recorder put first in every page the XSS suite
 * loads.
 *
 * It records into window.__xss every call a payload makes to alert, confirm,
 * prompt, print, open, fetch, XMLHttpRequest.open and document.cookie.  On
 * load it scans the document for markup that would run script later (event
 * handler attributes, javascript:/vbscript:/data: URLs, <script>, <base>,
 * <meta http-equiv>, ...), fires each handler it finds and clicks each
 * javascript: link, so that what "would" run does run, then posts its
 * findings to the batch page (and writes them into <pre id="xss-result">).
 * xss.sh puts "var __xssVid = N, __xssFmt = 'fragment|page', __xssOwn =
 * ...;" before it (N is the vector's number, 0 in the batch page itself;
 * __xssOwn the text of page.html's own inline script, not counted).
 */
(function () {
	var vid = __xssVid, fmt = __xssFmt, me = document.currentScript;
	var hits = window.__xss = [], danger = [], swallowed = '', sent = false;

	function send() {
		var r = JSON.stringify({ xss: 1, vid: vid, fmt: fmt, hits: hits,
			danger: danger, swallowed: swallowed });
		try { parent.postMessage(r, '*'); } catch (e) { /* no parent */ }
		var pre = document.getElementById('xss-result');
		if (!pre && document.body) {
			pre = document.createElement('pre');
			pre.id = 'xss-result';
			document.body.appendChild(pre);
		}
		if (pre) pre.textContent = r;
	}
	function record(what) {
		return function (v) {
			hits.push(what + '(' + String(v).slice(0, 100) + ')');
			if (sent) send(); /* a late payload still reports */
		};
	}
	var push = hits.push;
	hits.push = function (v) { /* payloads may call __xss.push(N) */
		push.call(hits, typeof v === 'string' && /\(/.test(v) ? v : 'push(' + v + ')');
		if (sent && vid) send();
		return hits.length;
	};
	['alert', 'confirm', 'prompt', 'print', 'open'].forEach(function (f) {
		window[f] = record(f);
	});
	window.fetch = function (u) { record('fetch')(u); return new Promise(function () {}); };
	XMLHttpRequest.prototype.open = function (m, u) { record('xhr')(u); };
	Object.defineProperty(document, 'cookie', {
		get: function () { record('cookie')('get'); return ''; },
		set: function (v) { record('cookie')(v); }
	});
	/* A frame of our document (iframe src=javascript:, srcdoc) gets the same
	 * recorder as soon as the parser inserts it: a native alert() there would
	 * open a dialog that stalls headless Chromium. */
	function hookFrame(el) {
		try {
			var w = el.contentWindow;
			if (w) ['alert', 'confirm', 'prompt', 'print', 'open'].forEach(function (f) {
				w[f] = record('frame ' + f);
			});
		} catch (e) { /* another origin: cannot be hooked */ }
	}
	new MutationObserver(function (ms) {
		ms.forEach(function (m) {
			m.addedNodes.forEach(function (el) {
				if (el.nodeType !== 1) return;
				hookFrame(el);
				[].forEach.call(el.querySelectorAll('iframe, frame, object, embed'), hookFrame);
			});
		});
	}).observe(document, { childList: true, subtree: true });
	if (!vid) return;

	var URL_ATTR = /^(href|data-blade-uri|xlink:href|src|srcset|action|formaction|data|poster|background|codebase|classid|archive|cite|longdesc|lowsrc|dynsrc|ping|manifest|icon|usemap|profile)$/i;
	var ANIM_ATTR = /^(to|from|values|by|begin|end|attributename)$/i;
	var BAD_CSS = /expression\s*\(|javascript:|vbscript:|behavior\s*:|-moz-binding|@import/i;

	function badUrl(v) {
		var u;
		try { u = new URL(v, document.baseURI); } catch (e) {
			return /^[\s\x00-\x20]*(javascript|vbscript|data):/i.test(v);
		}
		return /^(javascript|vbscript|data):$/i.test(u.protocol);
	}
	function cssText(v) { // drop CSS comments and escapes (exp/**/ression, \65xpression)
		return v.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\\/g, '');
	}
	function show(el, a) {
		return '<' + el.localName + (a ? ' ' + a.name + '="' + a.value.slice(0, 60) + '"' : '') + '>';
	}
	function scan() {
		var all = document.getElementsByTagName('*'), fire = [];
		for (var i = 0; i < all.length; i++) {
			var el = all[i], n = el.localName;
			if (el === me) continue;
			/* the page template's own: its script (the tab groups') and the
			 * Content-Security-Policy that allows only that script */
			if (fmt === 'page' && el.parentNode === document.head && ((n === 'script' &&
			    el.attributes.length === 0 && __xssOwn !== '' && el.textContent === __xssOwn) ||
			    (n === 'meta' && el.attributes.length === 2 &&
			     /^content-security-policy$/i.test(el.getAttribute('http-equiv') || ''))))
				continue;
			if (/^(script|base|object|embed|applet|frame|frameset|portal|link)$/.test(n) ||
			    (n === 'meta' && el.hasAttribute('http-equiv')) ||
			    (n === 'iframe' && (fmt === 'fragment' || el.hasAttribute('srcdoc'))) ||
			    (n === 'style' && !(fmt === 'page' && el.parentNode === document.head)))
				danger.push(show(el));
			if (n === 'style' && BAD_CSS.test(cssText(el.textContent)))
				danger.push('CSS in ' + show(el) + ': ' + el.textContent.slice(0, 60));
			for (var j = 0; j < el.attributes.length; j++) {
				var a = el.attributes[j], an = a.name.toLowerCase();
				var bad = /^on/.test(an) || an === 'srcdoc' || an === 'http-equiv' ||
					(URL_ATTR.test(an) && an !== 'srcset' && badUrl(a.value)) ||
					(an === 'srcset' && a.value.split(',').some(function (s) { return badUrl(s.trim().split(/\s+/)[0]); })) ||
					(ANIM_ATTR.test(an) && /javascript:|vbscript:|^\s*(href|on)/i.test(a.value)) ||
					(an === 'style' && BAD_CSS.test(cssText(a.value)));
				if (bad) danger.push(show(el, a));
				if (/^on/.test(an)) fire.push([el, an.slice(2)]);
				if (/^(href|xlink:href)$/.test(an) && /^javascript:$/i.test(safeProto(a.value)))
					fire.push([el, '']);
			}
		}
		if (fmt === 'fragment') {
			var s = document.getElementById('xss-sentinel'), c = document.getElementById('xss-content');
			if (!s || s.parentNode !== document.body || !c || c.parentNode !== document.body)
				swallowed = 'the fragment swallowed the rest of the page';
		} else if (!document.querySelector('body > main.shelf-main') ||
		           !document.querySelector('body > footer.shelf-footer')) {
			swallowed = 'the page lost its <main> or <footer>';
		}
		/* Make what would run on a user's action run now. */
		fire.forEach(function (f) {
			try {
				if (f[1]) f[0].dispatchEvent(new Event(f[1]));
				else f[0].click();
			} catch (e) { /* ignore */ }
		});
	}
	function safeProto(v) {
		try { return new URL(v, document.baseURI).protocol; } catch (e) { return ''; }
	}
	addEventListener('load', function () {
		try { scan(); } catch (e) { danger.push('scan failed: ' + e); }
		setTimeout(function () { sent = true; send(); }, 300);
	});
})();
