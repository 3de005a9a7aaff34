// stancewatch dashboard: the search box (GET /api/search). The query and period go to the API; the answer's
// snippets are escaped text with <mark> around matched words. They are never parsed as HTML: the text is split at
// the marks, the few entities the server writes are decoded, and every piece becomes a text node (matches inside
// <mark> elements built here). Titles, outlets and ids are plain text nodes too.
'use strict';

(() => {
  const { $, api } = window.stancewatchCommon;
  const ENTITIES = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#39;': "'", '&#x2F;': '/', '&amp;': '&' };
  const search = { params: null, cursor: null, request: 0 };

  function decode(text) {
    return text.replace(/&(lt|gt|quot|amp|#x27|#39|#x2F);/g, (entity) => ENTITIES[entity]);
  }

  /** Escaped text with <mark>…</mark> → text nodes and <mark> elements (no HTML parsing). */
  function highlighted(snippet) {
    const fragment = document.createDocumentFragment();
    const parts = String(snippet || '').split(/(<mark>|<\/mark>)/);
    let inMark = false;
    for (const part of parts) {
      if (part === '<mark>') { inMark = true; continue; }
      if (part === '</mark>') { inMark = false; continue; }
      if (!part) continue;
      const text = document.createTextNode(decode(part));
      if (inMark) {
        const mark = document.createElement('mark');
        mark.append(text);
        fragment.append(mark);
      } else {
        fragment.append(text);
      }
    }
    return fragment;
  }

  function hitItem(hit) {
    const li = document.createElement('li');
    li.className = 'search-hit';
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'linkish';
    open.append(highlighted(hit.titleHtml || ''));
    open.addEventListener('click', () => window.stancewatch.openArticle(hit.id));
    const meta = document.createElement('span');
    meta.className = 'meta';
    meta.textContent = ' ' + [hit.day || 'undated', hit.outlet || ''].filter(Boolean).join(' · ');
    const snippet = document.createElement('p');
    snippet.className = 'snippet';
    snippet.append(highlighted(hit.snippet));
    li.append(open, meta, snippet);
    return li;
  }

  async function run(more) {
    const panel = $('search-panel');
    const list = $('search-results');
    const status = $('search-status');
    const moreButton = $('search-more');
    if (!more) {
      const q = $('search-q').value.trim();
      const params = new URLSearchParams();
      if (q) params.set('q', q);
      const from = $('from') && $('from').value;
      const to = $('to') && $('to').value;
      if (from) params.set('from', from);
      if (to) params.set('to', to);
      params.set('limit', '20');
      search.params = params;
      search.cursor = null;
      list.replaceChildren();
    }
    const params = new URLSearchParams(search.params);
    if (more && search.cursor) params.set('cursor', search.cursor);
    const request = ++search.request;
    panel.hidden = false;
    status.textContent = 'Searching…';
    try {
      const page = await api('/api/search?' + params.toString());
      if (request !== search.request) return;
      for (const hit of page.hits) list.append(hitItem(hit));
      search.cursor = page.nextCursor;
      moreButton.hidden = !page.nextCursor;
      status.textContent = page.total === 0 ? 'No articles match.'
        : page.total + (page.total === 1 ? ' article' : ' articles') + ' (showing ' + list.children.length + ')';
    } catch (e) {
      if (request !== search.request) return;
      moreButton.hidden = true;
      status.textContent = e.message; // the API names the bad parameter, e.g. a query syntax error in 'q'
    }
  }

  function init() {
    const form = $('search-form');
    if (!form) return;
    form.addEventListener('submit', (event) => { event.preventDefault(); run(false); });
    $('search-more').addEventListener('click', () => run(true));
    $('search-close').addEventListener('click', () => { $('search-panel').hidden = true; });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
  window.stancewatchSearch = { run, highlighted };
})();
