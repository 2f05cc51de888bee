/* tests/xss/batch.js - the batch page: one <iframe> per vector page.
 * xss.sh defines `want` (the vector numbers) before this script.  Each
 * vector page's hook posts its findings here; on load (plus a grace period,
 * in Chromium's virtual time) this writes one line per vector into
 * <pre id="xss-result">:  "R <n> ok"  or  "R <n> FAIL <reasons>",
 * "T FAIL <calls>" if something ran in the batch page itself, then "END". */
(function () {
	var got = {};
	addEventListener('message', function (e) {
		var r;
		try { r = JSON.parse(e.data); } catch (x) { return; }
		if (r && r.xss === 1) got[r.vid] = r; /* a later report has more */
	});
	function verdict(n) {
		var r = got[n], why = [];
		if (!r) return 'R ' + n + ' FAIL no report: the page navigated away, hung or crashed';
		if (r.hits.length) why.push('ran: ' + r.hits.join(' '));
		if (r.danger.length) why.push('dangerous markup: ' + r.danger.join(' '));
		if (r.swallowed) why.push(r.swallowed);
		return 'R ' + n + (why.length ? ' FAIL ' + why.join(' | ') : ' ok');
	}
	function done() {
		var lines = want.map(function (n) { return verdict(n).replace(/\s+/g, ' '); });
		if (window.__xss.length) lines.push(('T FAIL ran in the batch page: ' + window.__xss.join(' ')).replace(/\s+/g, ' '));
		lines.push('END');
		var pre = document.createElement('pre');
		pre.id = 'xss-result';
		pre.textContent = '\n' + lines.join('\n') + '\n';
		document.body.appendChild(pre);
	}
	addEventListener('load', function () { setTimeout(done, 1500); });
})();
