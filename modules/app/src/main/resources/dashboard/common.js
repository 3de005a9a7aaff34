// stancewatch dashboard: the helpers every script uses, in one copy (app.js, holders.js and search.js load after
// it). Data from the API is untrusted: el() only ever makes text nodes of strings, never parses markup.
'use strict';

window.stancewatchCommon = (() => {
  const $ = (id) => document.getElementById(id);

  /** An element with attributes (class, dataset, on* listeners) and children; strings become text nodes. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null) continue;
      if (key === 'class') node.className = value;
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function signed(x) { return (x > 0 ? '+' : '') + Number(x).toFixed(2); }

  /** GET a JSON answer of the API (with the tab's token, if any); a non-2xx answer throws the API's error text. */
  async function api(path) {
    const headers = { Accept: 'application/json' };
    const token = sessionStorage.getItem('stancewatch.token');
    if (token) headers.Authorization = 'Bearer ' + token;
    const response = await fetch(path, { headers });
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    if (!response.ok) {
      const detail = body && body.error ? body.error + (body.detail ? ': ' + body.detail : '') : response.statusText;
      throw new Error(detail);
    }
    return body;
  }

  return { $, el, signed, api };
})();
