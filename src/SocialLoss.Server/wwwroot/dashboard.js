// SocialLoss dashboard: hand-written, no build step, no external resources.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const LIVE = new Set(['liquidated', 'deleveraged', 'clawback', 'badDebt', 'deficit', 'closedOut', 'defaulted', 'defaultFund']);
  const COLORS = ['#ffb300', '#42a5f5', '#66bb6a', '#ab47bc', '#26c6da', '#ff7043'];
  let key = '', who = null, lastSeq = 0, refreshTimer = null, controller = null;
  const counts = { liquidated: 0, deleveraged: 0, clawback: 0 };

  const headers = () => ({ 'Authorization': 'Bearer ' + key });
  async function get(path) {
    const r = await fetch(path, { headers: headers() });
    if (!r.ok) throw new Error(path + ': ' + r.status);
    return r.json();
  }
  const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  const num = (s) => (s === null || s === undefined) ? NaN : Number(s);
  const fmt = (s) => { const n = num(s); return isNaN(n) ? '–' : n.toLocaleString('en-US', { maximumFractionDigits: 2 }); };
  const lights = (n) => '<span class="lights l' + n + '" title="ADL indicator ' + n + ' of 4">' +
    [0, 1, 2, 3].map((i) => '<b class="' + (i < n ? 'on' : '') + '"></b>').join('') + '</span>';

  // ---- chart: inline SVG polylines, one or two y axes ----
  function chart(svg, series) {
    const W = svg.clientWidth || 600, H = svg.clientHeight || 220, L = 60, R = 60, T = 10, B = 22;
    const xs = series.flatMap((s) => s.points.map((p) => p[0]));
    let out = '';
    if (xs.length === 0) { svg.innerHTML = '<text x="10" y="20" fill="#8a99a8">no data yet</text>'; return; }
    const x0 = Math.min(...xs), x1 = Math.max(...xs, x0 + 1);
    const sx = (x) => L + (x - x0) / (x1 - x0) * (W - L - R);
    const axes = {};
    for (const s of series) {
      const a = axes[s.axis] ||= { lo: Infinity, hi: -Infinity };
      for (const p of s.points) { a.lo = Math.min(a.lo, p[1]); a.hi = Math.max(a.hi, p[1]); }
    }
    for (const a of Object.values(axes)) {
      if (!isFinite(a.lo)) { a.lo = 0; a.hi = 1; }
      if (a.hi === a.lo) { a.hi += 1; a.lo -= a.lo > 0 ? Math.min(1, a.lo) : 0; }
      const pad = (a.hi - a.lo) * 0.08; a.hi += pad; a.lo -= a.lo >= 0 && a.lo - pad < 0 ? a.lo : pad;
    }
    const sy = (a, y) => T + (1 - (y - a.lo) / (a.hi - a.lo)) * (H - T - B);
    for (let i = 0; i <= 4; i++) {
      const y = T + i * (H - T - B) / 4;
      out += '<line x1="' + L + '" x2="' + (W - R) + '" y1="' + y + '" y2="' + y + '" stroke="#2a3541"/>';
      for (const [name, a] of Object.entries(axes)) {
        const v = a.hi - i * (a.hi - a.lo) / 4;
        const left = name === 'left';
        out += '<text x="' + (left ? L - 6 : W - R + 6) + '" y="' + (y + 4) + '" fill="#8a99a8" font-size="11" text-anchor="' + (left ? 'end' : 'start') + '">' +
          v.toLocaleString('en-US', { maximumFractionDigits: v < 10 ? 3 : 0 }) + '</text>';
      }
    }
    out += '<text x="' + L + '" y="' + (H - 5) + '" fill="#8a99a8" font-size="11">cmd ' + x0 + '</text>';
    out += '<text x="' + (W - R) + '" y="' + (H - 5) + '" fill="#8a99a8" font-size="11" text-anchor="end">cmd ' + x1 + '</text>';
    for (const s of series) {
      if (s.points.length === 0) continue;
      const a = axes[s.axis];
      const pts = s.points.map((p) => sx(p[0]).toFixed(1) + ',' + sy(a, p[1]).toFixed(1));
      if (pts.length === 1) pts.push((W - R) + ',' + sy(a, s.points[0][1]).toFixed(1));
      out += '<polyline class="series" data-name="' + esc(s.name) + '" fill="none" stroke="' + s.color + '" stroke-width="2"' +
        (s.dash ? ' stroke-dasharray="5 4"' : '') + ' points="' + pts.join(' ') + '"/>';
    }
    svg.innerHTML = out;
  }

  function drawHistory(history) {
    const markets = [...new Set(history.flatMap((h) => Object.keys(h.markets)))];
    const price = [], legend = [];
    markets.forEach((m, i) => {
      const c = COLORS[i % COLORS.length];
      price.push({ name: m + ' mark', axis: 'left', color: c, points: history.filter((h) => h.markets[m] && h.markets[m].mark !== null).map((h) => [h.position, num(h.markets[m].mark)]) });
      price.push({ name: m + ' OI', axis: 'right', color: c, dash: true, points: history.filter((h) => h.markets[m]).map((h) => [h.position, num(h.markets[m].openInterest)]) });
      legend.push('<span><i style="background:' + c + '"></i>' + esc(m) + ' mark (left)</span><span><i style="background:' + c + ';opacity:.5"></i>' + esc(m) + ' open interest (right, dashed)</span>');
    });
    $('legend-price').innerHTML = legend.join('');
    chart($('chart-price'), price);
    chart($('chart-fund'), [
      { name: 'insurance fund', axis: 'left', color: '#42a5f5', points: history.map((h) => [h.position, num(h.insuranceFund)]) },
      { name: 'deficit', axis: 'left', color: '#ef5350', points: history.map((h) => [h.position, num(h.deficit)]) },
    ]);
  }

  function describe(e) {
    switch (e.type) {
      case 'liquidated': return 'LIQUIDATED ' + e.account + ' ' + e.quantity + ' ' + e.market + ' at ' + e.price + ' (bankruptcy ' + e.bankruptcyPrice + ', equity ' + e.equity + ')';
      case 'deleveraged': return 'ADL #' + e.rank + ' ' + e.account + ' closed ' + e.quantity + ' ' + e.market + ' at ' + e.price + ' against ' + e.counterparty;
      case 'clawback': return 'CLAWBACK ' + e.account + ' pays ' + e.amount + ' for ' + e.bankrupt + ' (' + e.stage + ', rate ' + e.rate + ')';
      case 'badDebt': return 'BAD DEBT ' + e.account + ' ' + e.amount;
      case 'deficit': return 'DEFICIT +' + e.change + ' (total ' + e.total + ') from ' + e.account;
      case 'closedOut': return 'closed out ' + e.account + ' ' + e.quantity + ' ' + e.market + ' via ' + e.via + ' to ' + e.counterparty + ' at ' + e.price;
      case 'insuranceFund': return 'fund ' + e.change + ' → ' + e.balance + ' (' + e.reason + (e.account ? ', ' + e.account : '') + ')';
      case 'withdrawn': return 'withdrawn ' + e.amount + ' by ' + e.account + (e.haircut !== '0' ? ' (haircut ' + e.haircut + ')' : '');
      case 'rejected': return 'rejected: ' + e.reason;
      case 'deposited': return 'deposited ' + e.amount + ' to ' + e.account;
      case 'traded': return 'trade ' + e.quantity + ' ' + e.market + ' at ' + e.price + ': ' + e.buyer + ' buys from ' + e.seller;
      case 'funded': return 'funding ' + e.amount + ' to ' + e.account + ' in ' + e.market + ' (rate ' + e.rate + ')';
      case 'marked': return 'mark ' + e.market + ' ' + e.price;
      default: return e.type + ' ' + JSON.stringify(e);
    }
  }

  function addToFeed(feed, e) {
    if (feed.firstChild && feed.firstChild.classList && feed.firstChild.classList.contains('muted')) feed.innerHTML = '';
    const div = document.createElement('div');
    div.className = 't-' + e.type;
    div.textContent = '#' + e.seq + ' cmd ' + e.cmd + '  ' + describe(e);
    feed.insertBefore(div, feed.firstChild);
    while (feed.childNodes.length > 300) feed.removeChild(feed.lastChild);
  }

  function onEvent(e) {
    lastSeq = Math.max(lastSeq, e.seq);
    if (who.role === 'operator') {
      if (e.type in counts) { counts[e.type]++; $('liqs').textContent = counts.liquidated; $('adls').textContent = counts.deleveraged; $('claws').textContent = counts.clawback; }
      if (LIVE.has(e.type) || (e.type === 'insuranceFund' && e.reason === 'badDebt')) addToFeed($('feed'), e);
    } else {
      addToFeed($('feed-mine'), e);
    }
    scheduleRefresh();
  }

  function scheduleRefresh() {
    if (refreshTimer) return;
    refreshTimer = setTimeout(() => { refreshTimer = null; refresh().catch(showError); }, 250);
  }

  async function refresh() {
    if (who.role === 'operator') {
      const [markets, ins, history, policy] = await Promise.all([get('/markets'), get('/insurance'), get('/history'), get('/policy')]);
      $('policy').innerHTML = 'policy: <b>' + esc(policy.names.length ? policy.names.join(' = ') : 'not in the catalog') + '</b>' + (policy.fair ? ' (fair)' : '') +
        ' — ' + esc(policy.description || policy.summary);
      $('fund').textContent = fmt(ins.insuranceFund);
      $('deficit').textContent = fmt(ins.deficit);
      $('deficit').className = 'v' + (num(ins.deficit) > 0 ? ' neg' : '');
      $('markets').tBodies[0].innerHTML = markets.map((m) => '<tr><td>' + esc(m.market) + '</td><td>' + fmt(m.mark) + '</td><td>' + fmt(m.openInterest) +
        '</td><td>' + m.longs + '</td><td>' + m.shorts + '</td></tr>').join('');
      drawHistory(history);
      const queues = await Promise.all(markets.map((m) => get('/markets/' + encodeURIComponent(m.market) + '/adl')));
      $('adl').innerHTML = queues.map((q) => '<h3 style="font-size:13px;margin:6px 0">' + esc(q.market) + ' <span class="muted">(' + esc(q.ranking) + ' ranking)</span></h3>' +
        '<table class="adl-queue"><thead><tr><th>side</th><th>rank</th><th>account</th><th>quantity</th><th>score</th><th>indicator</th></tr></thead><tbody>' +
        ['longs', 'shorts'].flatMap((side) => q[side].map((p) => '<tr><td>' + side + '</td><td>' + p.rank + '</td><td>' + esc(p.account) + '</td><td>' + esc(p.quantity) +
          '</td><td>' + esc(String(p.score).slice(0, 8)) + '</td><td>' + lights(p.indicator) + '</td></tr>')).join('') + '</tbody></table>').join('') || '<span class="muted">no market</span>';
    } else {
      const a = await get('/accounts/' + encodeURIComponent(who.account)).catch(() => null);
      $('acct-name').textContent = who.account;
      if (!a) { $('positions').tBodies[0].innerHTML = '<tr><td colspan="7" class="muted">no such account yet</td></tr>'; return; }
      $('acct-equity').textContent = fmt(a.equity);
      $('acct-balance').textContent = fmt(a.balance);
      $('acct-mm').textContent = fmt(a.maintenanceMargin);
      $('acct-im').textContent = fmt(a.initialMargin);
      $('positions').tBodies[0].innerHTML = a.positions.map((p) => '<tr><td>' + esc(p.market) + '</td><td>' + esc(p.quantity) + '</td><td>' + fmt(p.unrealizedPnl) +
        '</td><td>' + fmt(p.liquidationPrice) + '</td><td>' + fmt(p.bankruptcyPrice) + '</td><td>' + (p.adlRank ? p.adlRank + ' / ' + p.adlQueueLength : '–') +
        '</td><td>' + lights(p.adlIndicator || 0) + '</td></tr>').join('') || '<tr><td colspan="7" class="muted">no open position</td></tr>';
    }
  }

  // Server-Sent Events read with fetch, so the key travels in a header and never in a URL.
  async function stream() {
    controller = new AbortController();
    try {
      const r = await fetch('/events/stream?since=' + lastSeq, { headers: headers(), signal: controller.signal });
      if (!r.ok) throw new Error('event stream: ' + r.status);
      $('status').className = 'live';
      const reader = r.body.getReader(), dec = new TextDecoder();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += dec.decode(value, { stream: true });
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i); buf = buf.slice(i + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          if (data) onEvent(JSON.parse(data));
        }
      }
    } catch (err) {
      if (err.name === 'AbortError') return;
      showError(err);
    }
    $('status').className = '';
    setTimeout(stream, 1000);
  }

  function showError(err) { $('msg').textContent = String(err.message || err); }

  async function connect() {
    key = $('key').value.trim();
    if (!key) return;
    sessionStorage.setItem('socialloss-key', key);
    if (controller) controller.abort();
    $('msg').textContent = '';
    try {
      who = await get('/whoami');
    } catch (err) { showError(new Error('key refused (' + err.message + ')')); return; }
    $('who').textContent = who.role === 'operator' ? 'operator' : 'account ' + who.account;
    $('operator').classList.toggle('hidden', who.role !== 'operator');
    $('trader').classList.toggle('hidden', who.role === 'operator');
    const recent = await get('/events?last=200');
    for (const e of recent) onEvent(e);
    await refresh();
    stream();
  }

  $('connect').addEventListener('click', connect);
  $('key').addEventListener('keydown', (e) => { if (e.key === 'Enter') connect(); });
  $('submit').addEventListener('click', async () => {
    const r = await fetch('/commands', { method: 'POST', headers: { ...headers(), 'Content-Type': 'application/x-ndjson' }, body: $('cmds').value });
    const body = await r.json();
    $('submit-result').textContent = r.ok ? 'accepted: commands ' + body.first + '–' + body.last + ', ' + body.events.length + ' events' : (body.detail || body.title);
  });
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('key');
  const saved = fromHash || sessionStorage.getItem('socialloss-key');
  if (fromHash) history.replaceState(null, '', location.pathname);
  if (saved) { $('key').value = saved; connect(); }
  window.socialloss = { get lastSeq() { return lastSeq; } };
})();
