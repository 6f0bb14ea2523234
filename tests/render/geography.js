() => {
  const vis = e => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const out = {disp: 0, dispKey: null, reach: 0, reachKey: null, crossings: 0, byLabel: 0, byNumber: 0,
               present: 0, unnamed: [], listVisible: null, anchors: [], views: 0, mapShare: null};
  const main = document.querySelector('.folium-map').getBoundingClientRect();
  const views = window.basemapViews || [];
  out.views = views.length;
  const markerAt = {};  // key -> [{x,y,view}]
  views.forEach((v, vi) => {
    const map = v.map, c = map.getContainer().getBoundingClientRect();
    (v.markers ? v.markers() : []).forEach(m => {
      if (!map.hasLayer(m) || !m.getElement || !m.getElement()) return;
      const e = m.getElement(); if (!vis(e)) return;
      const r = e.getBoundingClientRect(); const cx = r.left + r.width/2, cy = r.top + r.height/2;
      const t = map.latLngToContainerPoint(m.basemapLatLng || m.getLatLng());
      const d = Math.hypot(cx - (c.left + t.x), cy - (c.top + t.y));
      const p = m.basemapProps;
      if (d > out.disp) { out.disp = d; out.dispKey = p.key + '@' + vi; }
      const inView = cx >= c.left && cx <= c.right && cy >= c.top && cy <= c.bottom;
      (markerAt[p.key] = markerAt[p.key] || []).push({x: cx, y: cy, vi, inView, former: p.presence === 'former',
         boxed: e.classList.contains('basemap-boxed')});
    });
  });
  const labels = [...document.querySelectorAll('.basemap-label[data-keys]')].filter(vis)
      .filter(e => !e.classList.contains('basemap-pointer'));
  const named = {};
  labels.forEach(e => {
    const r = e.getBoundingClientRect(); const num = e.classList.contains('basemap-label-num');
    e.getAttribute('data-keys').split(' ').forEach(k => {
      named[k] = num ? 'number' : (named[k] || 'label');
      const ms = (markerAt[k] || []).filter(m => !m.boxed);
      if (!ms.length) return;
      const d = Math.min(...ms.map(m => Math.hypot(Math.max(r.left - m.x, 0, m.x - r.right),
                                                   Math.max(r.top - m.y, 0, m.y - r.bottom))));
      if (d > out.reach) { out.reach = d; out.reachKey = k + ' "' + e.innerText + '"'; }
    });
  });
  [...document.querySelectorAll('.basemap-pointer[data-keys]')].filter(vis).forEach(e =>
    e.getAttribute('data-keys').split(' ').forEach(k => { named[k] = named[k] || 'pointer'; }));
  // leaders
  document.querySelectorAll('svg.basemap-leaders').forEach(svg => {
    const ls = [...svg.querySelectorAll('line')].map(l => ['x1','y1','x2','y2'].map(a => +l.getAttribute(a)));
    const cr = (a, b, c) => (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0]);
    for (let i = 0; i < ls.length; i++) for (let j = i+1; j < ls.length; j++) {
      const p=[ls[i][0],ls[i][1]], q=[ls[i][2],ls[i][3]], r=[ls[j][0],ls[j][1]], s=[ls[j][2],ls[j][3]];
      if (cr(p,q,r)*cr(p,q,s) < 0 && cr(r,s,p)*cr(r,s,q) < 0) out.crossings++;
    }
  });
  // sites present: by site, counting named
  const sites = {};
  Object.entries(markerAt).forEach(([k, ms]) => {
    if (ms.every(m => m.former)) return;
    if (!ms.some(m => m.inView)) return;
    const s = k.split('/')[0]; (sites[s] = sites[s] || []).push(k);
  });
  // off-map sites named by pointers also count
  Object.entries(named).forEach(([k, how]) => { if (how === 'pointer') { const s = k.split('/')[0]; (sites[s] = sites[s] || []).push(k); } });
  Object.entries(sites).forEach(([s, ks]) => {
    out.present++;
    const hows = ks.map(k => named[k]).filter(Boolean);
    if (!hows.length) out.unnamed.push(s);
    else if (hows.includes('label')) out.byLabel++;
    else if (hows.includes('number')) out.byNumber++;
    else out.byPointer = (out.byPointer || 0) + 1;
  });
  const list = document.getElementById('basemap-numbers');
  if (list && !list.hidden && list.querySelector('li')) {
    const r = list.getBoundingClientRect();
    out.listVisible = r.top < innerHeight && r.bottom <= innerHeight + 1;
    out.listBottom = Math.round(r.bottom);
  }
  out.anchors = [...new Set([...document.querySelectorAll('.basemap-place')].filter(e => {
       if (e.classList.contains('basemap-place-hidden') || getComputedStyle(e).visibility === 'hidden') return false;
       const d = e.firstElementChild; if (!d) return false; const r = d.getBoundingClientRect();
       const c = e.closest('.leaflet-container').getBoundingClientRect();
       return r.width > 0 && r.left >= c.left - 1 && r.right <= c.right + 1 && r.top >= c.top - 1 && r.bottom <= c.bottom + 1; })
     .map(e => e.textContent.trim()).filter(t => /^(Bishkek|Dushanbe|Tashkent|Astana|Kyrgyzstan|Tajikistan)$/i.test(t)))].sort();
  out.mapShare = Math.round(100 * main.height * main.width / (innerWidth * innerHeight));
  // (with the insets a stacked map puts under its list: maps too)
  const strip = document.querySelector('.basemap-inset-strip:not([hidden])');
  out.geoShare = Math.round(100 * (main.height + (strip ? strip.getBoundingClientRect().height : 0)) *
                            main.width / (innerWidth * innerHeight));
  out.mapH = Math.round(main.height); out.docH = document.documentElement.scrollHeight; out.winH = innerHeight;
  out.disp = Math.round(out.disp*10)/10; out.reach = Math.round(out.reach);
  return out;
}
