// stancewatch dashboard. Article text is untrusted: every string from the API goes into the page
// through textContent / DOM properties, never through innerHTML.
'use strict';

const STANCES = ['FAVOR', 'AGAINST', 'NEUTRAL', 'MIXED'];
const COLOURS = { FAVOR: '#2e9d5b', AGAINST: '#d64545', NEUTRAL: '#9aa0a6', MIXED: '#e0a526' };
const DAY_MS = 86400000;

const state = {
  from: '', to: '', preset: 'all',
  latestDay: null,
  actorId: null,
  actors: [],
  undated: [],
  alerts: [],
  days: [],
  charts: {},
  token: null,
  // What the article list shows: null = the actor's newest articles in the period, else a drill-down
  // {params: extra query parameters of /api/actors/{id}/articles, label: what was clicked}.
  drill: null,
};

// ---------- small helpers ----------
const { $, el, signed, api } = window.stancewatchCommon;

function isoDay(date) { return date.toISOString().slice(0, 10); }
// The timeline's x axis counts days since 1970-01-01: a linear axis over real time, so 2017-07-08, 2017-07-21 and
// 2026-12-02 sit 13 and 3,434 days apart rather than side by side. (Chart.js's own time axis needs a date adapter,
// and none is served as a webjar from Maven Central: org.webjars.npm:chartjs-adapter-date-fns did not resolve.)
function epochDay(iso) { return Math.round(new Date(iso + 'T00:00:00Z').getTime() / DAY_MS); }
function dayOf(epoch) { return isoDay(new Date(Math.round(epoch) * DAY_MS)); }
function fmt(n) { return Number(n).toLocaleString('en-US'); }
function plural(n, word) { return fmt(n) + ' ' + word + (n === 1 ? '' : 's'); }

function toast(message) {
  const t = $('toast');
  t.textContent = message;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, 5000);
}

function readToken() {
  // A token may arrive once in the fragment (#access_token=...): keep it for this tab, drop it from the URL.
  const match = location.hash.match(/access_token=([^&]+)/);
  if (match) {
    sessionStorage.setItem('stancewatch.token', decodeURIComponent(match[1]));
    history.replaceState(null, '', location.pathname + location.search);
  }
  state.token = sessionStorage.getItem('stancewatch.token');
}

function periodQuery() {
  const params = new URLSearchParams();
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  return params.toString();
}

// ---------- period ----------
function applyPreset(preset) {
  state.preset = preset;
  document.querySelectorAll('.preset').forEach((b) => b.classList.toggle('active', b.dataset.preset === preset));
  if (preset === 'all') {
    state.from = ''; state.to = '';
  } else {
    // Relative to the newest day with data, so historical archives still show something.
    const end = state.latestDay ? new Date(state.latestDay + 'T00:00:00Z') : new Date();
    state.to = isoDay(end);
    state.from = isoDay(new Date(end.getTime() - (Number(preset) - 1) * DAY_MS));
  }
  $('from').value = state.from;
  $('to').value = state.to;
  refreshAll();
}

function periodLabel() {
  if (!state.from && !state.to) return 'all time';
  return (state.from || '…') + ' – ' + (state.to || '…');
}

// ---------- actors table ----------
function stanceBar(row) {
  const bar = el('div', { class: 'stancebar', title: STANCES.map((s) => s + ' ' + row[s.toLowerCase()]).join(', ') });
  const total = row.favor + row.against + row.neutral + row.mixed;
  for (const s of STANCES) {
    const part = el('span', { class: s.toLowerCase() + '-bg' });
    part.style.width = (total ? (100 * row[s.toLowerCase()] / total) : 0) + '%';
    bar.append(part);
  }
  return bar;
}

// ---------- undated articles ----------
// Articles with no known publication date are in no period and on no day: they are counted apart
// (GET /api/undated) and shown as a count, never plotted on a day.
async function loadUndated() {
  state.undated = await api('/api/undated');
  const ids = new Set(state.undated.flatMap((r) => r.articleIds || []));
  $('undated-note').hidden = ids.size === 0;
  $('undated-note').textContent = 'Undated: ' + plural(ids.size, 'article') + ' with no publication date (in no period, not on the charts).';
  showActorUndated();
}

function showActorUndated() {
  const row = (state.undated || []).find((r) => r.actorId === state.actorId);
  $('actor-undated').hidden = !row;
  $('actor-undated').replaceChildren(row
    ? el('button', { type: 'button', class: 'linkish', title: 'List these articles',
      onclick: () => drill({ day: 'undated' }, 'undated (no publication date)') },
    'Undated: ' + plural(row.articles, 'article') + ' (no publication date; not plotted)')
    : '');
}

async function loadActors() {
  const actors = await api('/api/actors?limit=100&' + periodQuery());
  state.actors = actors;
  $('period-label').textContent = periodLabel();
  const body = $('actor-table').tBodies[0];
  body.replaceChildren(...actors.map((a, i) => el('tr',
    // A click on the row (its mention count) shows the actor's newest articles, leaving any drill-down.
    { dataset: { actor: a.actorId }, class: a.actorId === state.actorId ? 'selected' : '', onclick: () => { state.drill = null; selectActor(a.actorId); } },
    el('td', { class: 'rank' }, i + 1),
    el('td', { class: 'name' }, a.actorName || a.actorId,
      el('span', { class: 'sub' }, plural(a.articles, 'article') + ' · ' + plural(a.days, 'day'))),
    el('td', { class: 'num' }, fmt(a.mentions)),
    el('td', {}, stanceBar(a)),
    el('td', {}, el('span', { class: 'badge ' + a.latestStance, title: 'on ' + a.latestDay + ', net ' + signed(a.latestNetStance) }, a.latestStance)))));
  $('actors-empty').hidden = actors.length > 0;
  if (!state.actorId && actors.length) {
    await selectActor(actors[0].actorId);
  }
}

// ---------- actor detail ----------
/** Selects an actor; {@code drillTo} (optional) opens a drill-down of it instead of its newest articles. */
async function selectActor(actorId, drillTo) {
  if (actorId !== state.actorId || drillTo) state.drill = drillTo || null;
  state.actorId = actorId;
  showActorUndated();
  document.querySelectorAll('#actor-table tbody tr').forEach((tr) => tr.classList.toggle('selected', tr.dataset.actor === actorId));
  const q = periodQuery();
  const path = '/api/actors/' + encodeURIComponent(actorId);
  const [days, outlets] = await Promise.all([api(path + '/days?' + q), api(path + '/outlets?' + q)]);
  const summary = state.actors.find((a) => a.actorId === actorId);
  // Keep the name shown so far when the period holds no row of the actor (its id is no headline).
  const shown = $('actor-title').dataset.actor === actorId ? $('actor-title').textContent : null;
  const name = (summary && summary.actorName) || (days[0] && days[0].actorName) || shown || actorId;
  $('actor-title').dataset.actor = actorId;
  $('actor-title').textContent = name;
  state.days = days;
  drawTimeline(days);
  drawOutlets(outlets);
  // Views in other files (holders.js) follow the selected actor and period.
  document.dispatchEvent(new CustomEvent('stancewatch:actor', { detail: { actorId, query: q } }));
  await listArticles(actorId);
}

function chart(canvasId, config) {
  const existing = state.charts[canvasId];
  if (existing) {
    existing.data = config.data;
    existing.options = config.options;
    existing.update();
    return existing;
  }
  state.charts[canvasId] = new Chart($(canvasId), config);
  return state.charts[canvasId];
}

function fillDays(days) {
  // Days without coverage are absent from the API: show them as zero so the time axis is even.
  if (!days.length) return [];
  const byDay = new Map(days.map((d) => [d.day, d]));
  const out = [];
  const first = new Date(days[0].day + 'T00:00:00Z').getTime();
  const last = new Date(days[days.length - 1].day + 'T00:00:00Z').getTime();
  if ((last - first) / DAY_MS > 400) return days;
  for (let t = first; t <= last; t += DAY_MS) {
    const day = isoDay(new Date(t));
    out.push(byDay.get(day) || { day, mentions: 0, favor: 0, against: 0, neutral: 0, mixed: 0 });
  }
  return out;
}

/** Days of the selected actor's alerts, for the markers on its timeline. */
function alertDays(actorId) {
  return [...new Set(state.alerts.filter((a) => a.actorId === actorId).map((a) => a.day))].sort();
}

// Draws a dashed line and a label at each alert day: Chart.js has no annotations without a plugin.
const alertMarkers = {
  id: 'alertMarkers',
  afterDatasetsDraw(chart, args, options) {
    const days = (options && options.days) || [];
    const { ctx, chartArea, scales } = chart;
    if (!days.length || !scales.x) return;
    ctx.save();
    ctx.strokeStyle = '#b42318';
    ctx.fillStyle = '#b42318';
    ctx.setLineDash([4, 3]);
    ctx.lineWidth = 1.5;
    ctx.font = '600 11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    for (const day of days) {
      const x = scales.x.getPixelForValue(epochDay(day));
      if (x < chartArea.left - 1 || x > chartArea.right + 1) continue;
      ctx.beginPath();
      ctx.moveTo(x, chartArea.top + 12);
      ctx.lineTo(x, chartArea.bottom);
      ctx.stroke();
      ctx.fillText('⚑ alert', x, chartArea.top + 9);
    }
    ctx.restore();
  },
};

function drawTimeline(rawDays) {
  const days = fillDays(rawDays);
  $('timeline-empty').hidden = days.length > 0;
  $('timeline-box').hidden = days.length === 0;
  const xs = days.map((d) => epochDay(d.day));
  const span = xs.length ? xs[xs.length - 1] - xs[0] : 0;
  // fillDays leaves long spans sparse: there a bar is a thin fixed mark at its day, not a column wide as the gaps.
  const thickness = span > 400 ? 6 : undefined;
  const datasets = STANCES.map((s) => ({
    type: 'bar', label: s, data: days.map((d, i) => ({ x: xs[i], y: d[s.toLowerCase()] })), backgroundColor: COLOURS[s],
    stack: 'stance', yAxisID: 'y', borderRadius: 2, maxBarThickness: 42, barThickness: thickness,
  }));
  datasets.push({
    type: 'line', label: 'Mentions', data: days.map((d, i) => ({ x: xs[i], y: d.mentions })), borderColor: '#2f5aa8',
    backgroundColor: '#2f5aa8', yAxisID: 'y1', tension: 0.25, pointRadius: 3, borderWidth: 2,
  });
  const pad = span > 400 ? Math.ceil(span / 50) : 0.5;
  chart('timeline-chart', {
    data: { datasets },
    plugins: [alertMarkers],
    options: {
      maintainAspectRatio: false, animation: false,
      onHover: pointerOverData, // clicks: onTimelineClick
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 12 } },
        tooltip: { callbacks: { title: (items) => (items.length ? dayOf(items[0].parsed.x) : '') } },
        alertMarkers: { days: alertDays(state.actorId) },
      },
      scales: {
        x: {
          type: 'linear', stacked: true, grid: { display: false }, offset: false,
          min: xs.length ? xs[0] - pad : undefined, max: xs.length ? xs[xs.length - 1] + pad : undefined,
          ticks: {
            precision: 0, maxRotation: 0, autoSkipPadding: 12, includeBounds: false,
            stepSize: span > 400 ? undefined : Math.max(1, Math.ceil((span + 1) / 7)),
            // Whole days only; over years the month is enough.
            callback: (value) => (Number.isInteger(value) ? (span > 400 ? dayOf(value).slice(0, 7) : dayOf(value)) : null),
          },
        },
        y: { stacked: true, beginAtZero: true, title: { display: true, text: 'articles' }, ticks: { precision: 0 } },
        y1: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: 'mentions' }, ticks: { precision: 0 } },
      },
    },
  });
}

function drawOutlets(outlets) {
  // An empty chart reads as "still loading": say there is nothing instead.
  $('outlet-empty').hidden = outlets.length > 0;
  $('outlet-box').hidden = outlets.length === 0;
  chart('outlet-chart', {
    type: 'bar',
    data: {
      labels: outlets.map((o) => o.outlet),
      datasets: STANCES.map((s) => ({ label: s, data: outlets.map((o) => o[s.toLowerCase()]), backgroundColor: COLOURS[s], borderRadius: 2, maxBarThickness: 22 })),
    },
    options: {
      indexAxis: 'y', maintainAspectRatio: false, animation: false,
      onHover: pointerOverData, // clicks: onOutletClick
      plugins: { legend: { display: false } },
      scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true, grid: { display: false } } },
    },
  });
}

/**
 * What was clicked on a chart: the point on the category (timeline: the epoch day under the pointer; outlets: the row)
 * and, when the pointer is on one stance's bar segment, that stance.
 */
function clicked(c, event, axis) {
  const exact = c.getElementsAtEventForMode(event, 'nearest', { intersect: true }, false);
  if (exact.length && STANCES[exact[0].datasetIndex]) { // the mentions line is not a stance
    const e = exact[0];
    const value = axis === 'x' ? c.data.datasets[e.datasetIndex].data[e.index].x : e.index;
    return { value, stance: STANCES[e.datasetIndex] };
  }
  // Beside the bars (above a day's column, on an outlet's name): the scale says which day or row.
  const pos = Chart.helpers.getRelativePosition(event, c);
  const scale = c.scales[axis];
  if (!scale) return null;
  const value = Math.round(scale.getValueForPixel(axis === 'x' ? pos.x : pos.y));
  return Number.isFinite(value) ? { value, stance: null } : null;
}

// Click handlers on the canvases themselves: Chart.js calls options.onClick only inside the plot area, and an
// outlet's name (left of it) should open its articles too.
/** A click on a day opens its articles; on one stance's segment, only the articles with that stance. */
function onTimelineClick(event) {
  const c = Chart.getChart('timeline-chart');
  const hit = c && clicked(c, event, 'x');
  if (!hit) return;
  const day = dayOf(hit.value);
  if (!c.data.datasets[0].data.some((p) => p.x === hit.value)) return; // outside the plotted days
  drill(hit.stance ? { day, stance: hit.stance } : { day }, (hit.stance ? hit.stance + ' on ' : 'on ') + day);
}

/** A click on an outlet's row or name opens its articles about the actor; on one stance's segment, only those. */
function onOutletClick(event) {
  const c = Chart.getChart('outlet-chart');
  const hit = c && clicked(c, event, 'y');
  if (!hit) return;
  const outlet = c.data.labels[hit.value];
  if (outlet === undefined) return;
  drill(hit.stance ? { outlet, stance: hit.stance } : { outlet }, (hit.stance ? hit.stance + ' ' : '') + 'from ' + outlet);
}

function pointerOverData(event, elements, c) {
  c.canvas.style.cursor = elements.length ? 'pointer' : 'default';
}

/** Opens the list of the selected actor's articles behind a number (GET /api/actors/{id}/articles). */
async function drill(params, label) {
  state.drill = { params, label };
  await listArticles(state.actorId);
  $('articles-heading').scrollIntoView({ block: 'nearest' });
}

function articleItem(a) {
  return el('li', { dataset: { article: a.id } },
    el('span', { class: 'badge ' + a.stance, title: 'score ' + signed(a.score) + ' · ' + plural(a.evidence, 'evidence sentence') }, a.stance),
    el('button', { type: 'button', class: 'linkish', onclick: () => openArticle(a.id) }, a.title || a.id),
    el('span', { class: 'meta' }, [a.outlet, a.day || 'undated', plural(a.mentions, 'mention')].filter(Boolean).join(' · ')));
}

async function listArticles(actorId) {
  const drillDown = state.drill;
  const params = new URLSearchParams(periodQuery());
  if (drillDown) {
    // null drops a period bound (an alert's window ends on its day whatever period is shown)
    for (const [key, value] of Object.entries(drillDown.params)) {
      if (value === null) params.delete(key);
      else if (value !== undefined) params.set(key, value);
    }
  }
  if (!params.has('limit')) params.set('limit', drillDown ? '200' : '20');
  const request = (listArticles.request = (listArticles.request || 0) + 1);
  let articles;
  try {
    articles = await api('/api/actors/' + encodeURIComponent(actorId) + '/articles?' + params.toString());
  } catch (e) {
    toast(e.message);
    articles = [];
  }
  if (request !== listArticles.request) return; // a newer click is on its way
  const caption = $('articles-caption');
  caption.replaceChildren(...(drillDown
    ? [plural(articles.length, 'article') + ' ' + drillDown.label + ' ',
      el('button', { type: 'button', class: 'linkish', id: 'drill-reset', onclick: () => { state.drill = null; listArticles(state.actorId); } }, 'show the newest instead')]
    : ['newest in the period; click a day, a bar segment, an outlet or an alert for the articles behind it']));
  caption.dataset.drill = drillDown ? JSON.stringify(drillDown.params) : '';
  const list = $('actor-articles');
  list.replaceChildren(...articles.map(articleItem));
  if (!articles.length) list.replaceChildren(el('li', { class: 'empty' }, drillDown ? 'No articles behind this.' : 'No articles in this period.'));
}

// ---------- alerts ----------
function alertItem(alert, fresh) {
  const change = alert.metric === 'mentions'
    ? `mentions ${fmt(alert.before)} → ${fmt(alert.after)}`
    : `${alert.metric} ${Number(alert.before).toFixed(2)} → ${Number(alert.after).toFixed(2)}`;
  const evidence = el('details', {}, el('summary', {}, 'Evidence (' + plural((alert.evidence || []).length, 'article') + ')'),
    ...(alert.evidence || []).map((e) => el('div', { class: 'evidence-item' },
      el('span', { class: 'badge ' + e.stance }, e.stance), ' ',
      el('button', { type: 'button', class: 'linkish', onclick: () => openArticle(e.articleId) }, e.title || e.articleId),
      e.outlet ? el('span', { class: 'meta' }, ' · ' + e.outlet) : null,
      ...(e.sentences || []).map((s) => el('blockquote', {}, s)))));
  // The plain sentence first; the detector's numbers and statistic stay one click away.
  const numbers = el('details', { class: 'numbers' }, el('summary', {}, 'The numbers'),
    el('div', { class: 'change' }, directionLabel(alert.direction), ' · ', change,
      el('span', { class: 'meta' }, ` (n=${alert.beforeN}→${alert.afterN})`)),
    alert.explanation ? el('div', { class: 'explain' }, alert.explanation) : null);
  // The alert's recent window is the days up to its day holding its afterN articles: the newest afterN up to that day.
  const behind = el('button', { type: 'button', class: 'linkish behind', onclick: () => selectActor(alert.actorId, {
    params: { from: null, to: alert.day, outlet: alert.outlet || null, limit: Math.min(1000, Math.max(1, alert.afterN || 1)) },
    label: 'behind the alert of ' + alert.day + (alert.outlet ? ' (' + alert.outlet + ')' : '') + ' (its recent window)',
  }) }, 'Articles behind it (' + fmt(alert.afterN) + ')');
  return el('li', { class: 'alert ' + alert.direction + (fresh ? ' fresh' : ''), dataset: { alert: alert.id } },
    el('div', { class: 'head' },
      el('button', { type: 'button', class: 'linkish actor', onclick: () => selectActor(alert.actorId) }, alert.actorName || alert.actorId),
      el('span', { class: 'day' }, alert.day + (alert.outlet ? ' · ' + alert.outlet : ''))),
    el('div', { class: 'headline' }, alert.headline || alert.explanation || directionLabel(alert.direction)),
    behind,
    numbers,
    evidence);
}

function directionLabel(direction) {
  return { TOWARD_AGAINST: '▼ toward AGAINST', TOWARD_FAVOR: '▲ toward FAVOR', UP: '▲ mention burst' }[direction] || direction;
}

async function loadAlerts() {
  const alerts = await api('/api/alerts?limit=50');
  state.alerts = alerts;
  $('alert-feed').replaceChildren(...alerts.map((a) => alertItem(a, false)));
  $('alerts-empty').hidden = alerts.length > 0;
  if (state.actorId) drawTimeline(state.days);
}

function addLiveAlert(alert) {
  const feed = $('alert-feed');
  const old = feed.querySelector(`[data-alert="${CSS.escape(alert.id)}"]`);
  if (old) old.remove();
  feed.prepend(alertItem(alert, true));
  $('alerts-empty').hidden = true;
  state.alerts = [alert, ...state.alerts.filter((a) => a.id !== alert.id)];
  if (alert.actorId === state.actorId) drawTimeline(state.days);
}

// ---------- candidates ----------
async function loadCandidates() {
  const names = await api('/api/candidates?limit=15&' + periodQuery());
  // A name's counts open the articles that use it: a phrase search (the name as text, quotes escaped for Lucene).
  const find = (name) => {
    $('search-q').value = '"' + name.replace(/["\\]/g, '\\$&') + '"';
    window.stancewatchSearch.run(false);
  };
  $('candidate-table').tBodies[0].replaceChildren(...names.map((c) => el('tr', { class: 'clickable', title: 'Find the articles', onclick: () => find(c.name) },
    el('td', {}, c.name), el('td', { class: 'num' }, fmt(c.mentions)), el('td', { class: 'num' }, fmt(c.articles)))));
  $('candidates-empty').hidden = names.length > 0;
}

// ---------- article view ----------
function evidenceClass(score) {
  if (score > 0.05) return 'ev-favor';
  if (score < -0.05) return 'ev-against';
  return 'ev-neutral';
}

/**
 * Splits the body at every mention and evidence boundary and wraps each piece as needed. Mentions may nest ("German"
 * names Germany inside "German Chancellor Friedrich Merz"): the longer one is the outer mark, kept whole across the
 * pieces it spans, and the shorter one is marked inside it.
 */
function renderBody(body, mentions, stances, names) {
  const len = body.length;
  const valid = (s, e) => Number.isInteger(s) && Number.isInteger(e) && s >= 0 && e <= len && s < e;
  const marks = [];
  for (const m of mentions || []) for (const sp of m.spans || []) if (valid(sp.start, sp.end)) marks.push({ start: sp.start, end: sp.end, actorId: m.actorId });
  const evidence = [];
  for (const st of stances || []) for (const ev of st.evidence || []) if (valid(ev.start, ev.end)) evidence.push({ start: ev.start, end: ev.end, actorId: st.actorId, score: ev.score, cues: ev.cues || [], holder: ev.holder });
  const cuts = new Set([0, len]);
  for (const r of [...marks, ...evidence]) { cuts.add(r.start); cuts.add(r.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const out = document.createDocumentFragment();
  const markOf = (m) => el('mark', { class: 'mention' + (m.actorId === state.actorId ? ' focus' : ''), dataset: { actor: m.actorId }, title: names.get(m.actorId) || m.actorId });
  let open = null; // the outer mark element the previous piece ended in, and its mention
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    let node = document.createTextNode(body.slice(a, b));
    const covering = marks.filter((m) => m.start <= a && m.end >= b).sort((x, y) => (y.end - y.start) - (x.end - x.start));
    for (const inner of covering.slice(1).reverse()) {
      const mk = markOf(inner);
      mk.append(node);
      node = mk;
    }
    if (covering.length && open && open.mark === covering[0]) {
      open.element.append(node); // the same outer mention goes on
      continue;
    }
    open = null;
    if (covering.length) {
      const mk = markOf(covering[0]);
      mk.append(node);
      node = mk;
      open = { mark: covering[0], element: mk };
    }
    const evidenceHere = evidence.filter((e) => e.start <= a && e.end >= b);
    if (evidenceHere.length) {
      const strongest = evidenceHere.reduce((x, y) => (Math.abs(y.score) > Math.abs(x.score) ? y : x));
      const span = el('span', {
        class: 'evidence ' + evidenceClass(strongest.score),
        dataset: { actor: strongest.actorId, score: signed(strongest.score), holder: strongest.holder || '' },
        title: evidenceHere.map((e) => `${names.get(e.actorId) || e.actorId}: ${signed(e.score)}` + (e.cues.length ? ' [' + e.cues.join(', ') + ']' : '') + (e.holder ? ' (held by ' + e.holder + ')' : '')).join('\n'),
      });
      span.append(node);
      node = span;
    }
    out.append(node);
  }
  return out;
}

/**
 * The sentences that decided each actor's stance, with score and holder (who says it: a catalogue actor, a named
 * speaker, or the outlet's own voice), the selected actor's first. A sentence in the text is marked there too.
 */
function evidenceList(article, names) {
  const stances = [...(article.stances || [])].sort((a, b) => (b.actorId === state.actorId) - (a.actorId === state.actorId));
  const items = [];
  for (const st of stances) {
    for (const ev of st.evidence || []) {
      const holder = ev.holder ? (names.get(ev.holder) || ev.holder) : 'the article (' + (article.outlet || 'outlet') + ')';
      items.push(el('li', { class: evidenceClass(ev.score), dataset: { actor: st.actorId, score: signed(ev.score) } },
        el('span', { class: 'who' }, (names.get(st.actorId) || st.actorId) + ' ', el('span', { class: 'badge ' + st.stance }, st.stance)),
        el('span', { class: 'score', title: 'sentence score (-1 against … +1 for)' }, signed(ev.score)),
        el('span', { class: 'holder' }, 'said by ' + holder),
        el('q', {}, ev.sentence)));
    }
  }
  if (!items.length) items.push(el('li', { class: 'empty' }, 'No stance sentences in this article.'));
  return items;
}

// The publication day and, when it was read from the text rather than given, where from.
const DATE_SOURCES = { TEXT_DATELINE: 'date from the text', PAGE_DATE: 'page date, may be the day it was saved' };
function dateLabel(article) {
  const day = article.publishedDate || (article.publishedAt ? article.publishedAt.slice(0, 10) : null);
  if (!day) return 'undated';
  return DATE_SOURCES[article.dateSource] ? day + ' (' + DATE_SOURCES[article.dateSource] + ')' : day;
}

async function openArticle(articleId) {
  let article;
  try {
    article = await api('/api/articles/' + encodeURIComponent(articleId));
  } catch (e) {
    toast('Article ' + articleId + ': ' + e.message);
    return;
  }
  const names = new Map((article.mentions || []).map((m) => [m.actorId, m.actorName]));
  $('article-title').textContent = article.title;
  const source = $('article-source');
  // Only plain web links: a javascript: or data: URL from an untrusted feed must not become clickable.
  const safeUrl = typeof article.url === 'string' && /^https?:\/\//i.test(article.url);
  source.hidden = !safeUrl;
  source.href = safeUrl ? article.url : '#';
  $('article-meta').textContent = [article.outlet, dateLabel(article), article.language !== 'und' ? article.language : null,
    article.duplicateOf ? 'duplicate of ' + article.duplicateOf : null].filter(Boolean).join(' · ');
  const stanceOf = new Map((article.stances || []).map((s) => [s.actorId, s]));
  $('article-actors').replaceChildren(...(article.mentions || []).map((m) => {
    const s = stanceOf.get(m.actorId);
    const label = s ? s.stance : 'NEUTRAL';
    return el('span', { class: 'chip ' + label.toLowerCase(), title: s ? 'score ' + signed(s.score) : '' }, `${m.actorName} ×${m.count} · ${label}`);
  }));
  $('article-body').replaceChildren(renderBody(article.body || '', article.mentions, article.stances, names));
  $('article-evidence').replaceChildren(...evidenceList(article, names));
  $('article-view').hidden = false;
  $('article-view').dataset.article = article.id;
  if (location.hash !== '#/article/' + encodeURIComponent(article.id)) {
    history.pushState(null, '', '#/article/' + encodeURIComponent(article.id));
  }
}

function closeArticle() {
  $('article-view').hidden = true;
  if (location.hash.startsWith('#/article/')) history.pushState(null, '', location.pathname + location.search);
}

function route() {
  const m = location.hash.match(/^#\/article\/(.+)$/);
  if (m) openArticle(decodeURIComponent(m[1]));
  else $('article-view').hidden = true;
}

// ---------- live updates ----------
let refreshTimer = null;
function scheduleRefresh(actorId) {
  // Counts can arrive in bursts: redraw at most once a second.
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(async () => {
    try {
      await loadActors();
      if (state.actorId && (!actorId || actorId === state.actorId)) await selectActor(state.actorId);
      await loadCandidates();
    } catch (e) { toast(e.message); }
  }, 1000);
}

let undatedTimer = null;
function scheduleUndatedRefresh() {
  clearTimeout(undatedTimer);
  undatedTimer = setTimeout(() => loadUndated().catch((e) => toast(e.message)), 1000);
}

function connectStream() {
  const url = '/api/stream' + (state.token ? '?access_token=' + encodeURIComponent(state.token) : '');
  const source = new EventSource(url);
  const live = $('live-status');
  source.addEventListener('hello', () => { live.className = 'live on'; $('live-text').textContent = 'live'; });
  source.addEventListener('day', (e) => {
    const day = JSON.parse(e.data);
    if (day.day === null) scheduleUndatedRefresh();
    else if ((!state.from || day.day >= state.from) && (!state.to || day.day <= state.to)) scheduleRefresh(day.actorId);
  });
  source.addEventListener('alert', (e) => addLiveAlert(JSON.parse(e.data)));
  source.onerror = () => { live.className = 'live off'; $('live-text').textContent = 'reconnecting…'; };
}

// ---------- start ----------
async function refreshAll() {
  state.drill = null; // a new period: a clicked day or window may be outside it
  try {
    await loadActors();
    if (state.actorId) await selectActor(state.actorId);
    await loadCandidates(); // the untracked names follow the period too
  } catch (e) {
    toast(e.message);
  }
}

async function init() {
  readToken();
  document.querySelectorAll('.preset').forEach((b) => b.addEventListener('click', () => applyPreset(b.dataset.preset)));
  for (const id of ['from', 'to']) {
    $(id).addEventListener('change', () => {
      state.from = $('from').value; state.to = $('to').value; state.preset = 'custom';
      document.querySelectorAll('.preset').forEach((b) => b.classList.remove('active'));
      refreshAll();
    });
  }
  $('article-close').addEventListener('click', closeArticle);
  $('timeline-chart').addEventListener('click', onTimelineClick);
  $('outlet-chart').addEventListener('click', onOutletClick);
  $('article-view').addEventListener('click', (e) => { if (e.target === $('article-view')) closeArticle(); });
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') closeArticle(); });
  window.addEventListener('popstate', route);
  try {
    await loadActors();
    state.latestDay = state.actors.reduce((max, a) => (a.latestDay > (max || '') ? a.latestDay : max), null);
    await Promise.all([loadAlerts(), loadCandidates(), loadUndated()]);
  } catch (e) {
    toast(e.message);
  }
  connectStream();
  route();
  document.body.dataset.ready = 'true';
}

window.stancewatch = { state, api, openArticle, selectActor, drawTimeline, drawOutlets };
init();
