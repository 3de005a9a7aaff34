// stancewatch dashboard: "who says what about whom" for the selected actor (stances.by-holder).
// Left of the actor: who speaks about it (/api/actors/{id}/holders); right: whom it speaks about (/targets).
// Edge colour = the stance the sentences add up to, width = number of sentences; every edge (and table row) opens
// its sentences. Names and sentences come from articles and are untrusted: they only ever become text nodes
// (textContent), never markup. Plain SVG: no graph library is served from Maven Central as a webjar offline.
'use strict';

(() => {
  const SVG = 'http://www.w3.org/2000/svg';
  const COLOURS = { FAVOR: '#2e9d5b', AGAINST: '#d64545', NEUTRAL: '#9aa0a6', MIXED: '#e0a526' };
  const MAX_NODES = 12; // per side in the graph; the table lists every edge
  const holders = { actorId: null, edges: [], selected: null, request: 0 };

  const { $, el, signed } = window.stancewatchCommon;

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    return node;
  }

  function short(text, max) { return text.length <= max ? text : text.slice(0, max - 1) + '…'; }
  function edgeKey(e) { return e.holder + '\u0000' + e.target; }
  function label(name, kind) { return kind === 'OUTLET' ? name + ' (outlet)' : name; }

  function build() {
    const panel = $('holders-view');
    panel.replaceChildren(
      el('h3', null, 'Who says what'),
      el('p', { class: 'hint' }, 'Left: who speaks about this actor. Right: whom it speaks about. ' +
        'Colour: stance of the sentences; width: how many. Click an edge for its sentences.'),
      el('div', { id: 'holders-graph', class: 'holders-graph' }),
      el('p', { id: 'holders-empty', class: 'empty', hidden: '' }, 'No quoted or reported stance involves this actor in this period.'),
      el('table', { id: 'holders-table', class: 'holders-table' },
        el('thead', null, el('tr', null, el('th', null, 'Who'), el('th', null, 'About'), el('th', null, 'Stance'),
          el('th', { class: 'num' }, 'For'), el('th', { class: 'num' }, 'Against'), el('th', { class: 'num' }, 'Neutral'))),
        el('tbody')),
      el('div', { id: 'holder-sentences', class: 'holder-sentences', hidden: '' }));
  }

  async function load(actorId, query) {
    const { api } = window.stancewatchCommon;
    if (!$('holders-view')) return;
    if (!$('holders-graph')) build();
    const request = ++holders.request;
    const path = '/api/actors/' + encodeURIComponent(actorId);
    let about, by;
    try {
      [about, by] = await Promise.all([api(path + '/holders?' + query), api(path + '/targets?' + query)]);
    } catch (e) {
      if (request === holders.request) {
        holders.edges = [];
        render(actorId, [], []);
      }
      return;
    }
    if (request !== holders.request) return; // a newer selection or period is on its way
    const keepSelection = holders.actorId === actorId && holders.selected;
    holders.actorId = actorId;
    holders.edges = about.concat(by);
    render(actorId, about, by);
    const again = keepSelection && holders.edges.find((e) => edgeKey(e) === keepSelection);
    if (again) showSentences(again); else hideSentences();
  }

  function render(actorId, about, by) {
    const empty = about.length + by.length === 0;
    $('holders-empty').hidden = !empty;
    $('holders-table').hidden = empty;
    drawGraph(actorId, about.slice(0, MAX_NODES), by.slice(0, MAX_NODES));
    const body = $('holders-table').querySelector('tbody');
    body.replaceChildren(...about.concat(by).map((e) => el('tr', { 'data-edge': e.holder + '>' + e.target },
      el('td', null, label(e.holderName || e.holder, e.holderKind)),
      el('td', null, e.targetName || e.target),
      el('td', null, el('span', { class: 'chip ' + e.stance.toLowerCase() }, e.stance)),
      el('td', { class: 'num' }, e.favor), el('td', { class: 'num' }, e.against), el('td', { class: 'num' }, e.neutral),
    )));
    body.querySelectorAll('tr').forEach((tr, i) => {
      const edge = about.concat(by)[i];
      tr.addEventListener('click', () => showSentences(edge));
      tr.tabIndex = 0;
      tr.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') showSentences(edge); });
    });
  }

  function drawGraph(actorId, about, by) {
    const box = $('holders-graph');
    if (about.length + by.length === 0) { box.replaceChildren(); return; }
    const W = 560, ROW = 32, PAD = 24; // about the column's width, so text keeps its size
    const rows = Math.max(about.length, by.length, 1);
    const H = PAD * 2 + (rows - 1) * ROW;
    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', class: 'holders-svg' });
    root.append(svg('title', {}));
    root.firstChild.textContent = 'Who says what about the selected actor';
    const defs = svg('defs');
    for (const [stance, colour] of Object.entries(COLOURS)) {
      const marker = svg('marker', { id: 'arrow-' + stance.toLowerCase(), viewBox: '0 0 10 10', refX: 9, refY: 5,
        markerWidth: 14, markerHeight: 14, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' });
      marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: colour }));
      defs.append(marker);
    }
    root.append(defs);
    const max = Math.max(1, ...about.concat(by).map((e) => e.sentences));
    const width = (e) => 1.5 + 5.5 * Math.sqrt(e.sentences / max); // at most 7: the 14-unit arrowhead stays visible
    const centre = { x: W / 2, y: H / 2 };
    const R = 16, r = 6;
    const ys = (n) => Array.from({ length: n }, (_, i) => H / 2 + (i - (n - 1) / 2) * ROW);
    const edges = svg('g', { class: 'edges' });
    const nodes = svg('g', { class: 'nodes' });
    const place = (list, x, anchor, dx, isHolderSide) => {
      ys(list.length).forEach((y, i) => {
        const e = list[i];
        const name = isHolderSide ? label(e.holderName || e.holder, e.holderKind) : (e.targetName || e.target);
        const id = isHolderSide ? e.holder : e.target;
        const from = isHolderSide ? { x, y } : centre;
        const to = isHolderSide ? centre : { x, y };
        edges.append(edge(e, from, to, isHolderSide ? r : R, isHolderSide ? R + 2 : r + 2, width(e)));
        const node = svg('g', { class: 'node' + ((isHolderSide ? e.holderKind : 'ACTOR') === 'ACTOR' ? ' actor' : '') });
        node.append(svg('circle', { cx: x, cy: y, r }));
        const text = svg('text', { x: x + dx, y: y + 4, 'text-anchor': anchor });
        text.textContent = short(name, 24);
        const title = svg('title');
        title.textContent = name;
        node.append(text, title);
        node.dataset.node = id;
        if ((isHolderSide ? e.holderKind : 'ACTOR') === 'ACTOR' && window.stancewatch) {
          node.addEventListener('click', () => window.stancewatch.selectActor(id));
        }
        nodes.append(node);
      });
    };
    place(about, 185, 'end', -10, true);
    place(by, W - 175, 'start', 10, false);
    const self = svg('g', { class: 'node self' });
    self.append(svg('circle', { cx: centre.x, cy: centre.y, r: R }));
    const selfName = svg('text', { x: centre.x, y: centre.y + R + 14, 'text-anchor': 'middle' });
    const summary = (window.stancewatch && window.stancewatch.state.actors.find((a) => a.actorId === actorId)) || null;
    selfName.textContent = short((summary && summary.actorName) || (about[0] && about[0].targetName)
      || (by[0] && by[0].holderName) || actorId, 24);
    self.append(selfName);
    root.append(edges, nodes, self);
    box.replaceChildren(root);
  }

  function edge(e, from, to, startGap, endGap, strokeWidth) {
    const dx = to.x - from.x, dy = to.y - from.y, len = Math.hypot(dx, dy) || 1;
    const x1 = from.x + dx * startGap / len, y1 = from.y + dy * startGap / len;
    const x2 = to.x - dx * endGap / len, y2 = to.y - dy * endGap / len;
    const stance = COLOURS[e.stance] ? e.stance : 'NEUTRAL';
    const g = svg('g', { class: 'holder-edge', tabindex: 0, role: 'button' });
    g.dataset.edge = e.holder + '>' + e.target;
    g.dataset.stance = stance;
    g.setAttribute('aria-label', `${e.holderName || e.holder} on ${e.targetName || e.target}: ${stance}, ${e.sentences} sentences`);
    // A wide transparent line under the visible one: thin edges stay easy to hit.
    g.append(svg('line', { x1, y1, x2, y2, class: 'hit', stroke: 'transparent', 'stroke-width': 16 }));
    g.append(svg('line', { x1, y1, x2, y2, class: 'visible', stroke: COLOURS[stance], 'stroke-width': strokeWidth.toFixed(2),
      'stroke-linecap': 'round', 'marker-end': `url(#arrow-${stance.toLowerCase()})` }));
    const title = svg('title');
    title.textContent = `${e.holderName || e.holder} → ${e.targetName || e.target}: ${stance} (${e.favor} for, ${e.against} against, ${e.neutral} neutral)`;
    g.append(title);
    g.addEventListener('click', () => showSentences(e));
    g.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); showSentences(e); } });
    return g;
  }

  function showSentences(e) {
    holders.selected = edgeKey(e);
    document.querySelectorAll('#holders-graph .holder-edge').forEach((g) =>
      g.classList.toggle('selected', g.dataset.edge === e.holder + '>' + e.target));
    const box = $('holder-sentences');
    const more = e.sentences > e.examples.length ? ` (the ${e.examples.length} strongest shown)` : '';
    box.replaceChildren(
      el('h4', null, `${label(e.holderName || e.holder, e.holderKind)} → ${e.targetName || e.target}: `,
        el('span', { class: 'chip ' + e.stance.toLowerCase() }, e.stance),
        ` · ${e.sentences} sentence${e.sentences === 1 ? '' : 's'} in ${e.articles} article${e.articles === 1 ? '' : 's'}${more}`),
      el('ul', { class: 'sentence-list' }, ...e.examples.map((s) => el('li', { 'data-article': s.articleId },
        el('span', { class: 'chip ' + s.stance.toLowerCase(), title: 'score ' + signed(s.score) }, s.stance),
        ' ',
        el('q', null, s.sentence),
        ' ',
        el('button', { type: 'button', class: 'linkish', onclick: () => window.stancewatch.openArticle(s.articleId) },
          'article' + (s.day ? ' of ' + s.day : ''))))));
    box.hidden = false;
  }

  function hideSentences() {
    holders.selected = null;
    const box = $('holder-sentences');
    if (box) { box.hidden = true; box.replaceChildren(); }
  }

  document.addEventListener('stancewatch:actor', (ev) => {
    load(ev.detail.actorId, ev.detail.query).catch(() => {});
  });
  window.stancewatchHolders = holders;
})();
