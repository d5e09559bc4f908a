/* factsite: the search dialog (overrides/partials/factsite-search.html), on Pagefind.
   A page view loads this file only. The Pagefind bundle (pagefind/, written by
   `factsite build`: publish/search.py) is imported when the reader first opens search, with
   the parts of a large site's index merged into it (pagefind/factsite-parts.json), and
   Pagefind then fetches just the index chunks of the words typed and the fragments of the
   results shown. Same origin only; no framework. Results are built as DOM nodes from text,
   never from HTML, except Pagefind's <mark> around the words found. */
(() => {
  "use strict";
  const dialog = document.getElementById("fs-search");
  const opener = document.getElementById("fs-search-open");
  if (!dialog || !opener || typeof dialog.showModal !== "function") return;
  const form = dialog.querySelector("form");
  const input = dialog.querySelector(".fs-search__input");
  const status = dialog.querySelector(".fs-search__status");
  const list = dialog.querySelector(".fs-search__results");
  const more = dialog.querySelector(".fs-search__more");
  const filterBox = dialog.querySelector(".fs-search__filters");
  const selects = [...dialog.querySelectorAll("select[data-filter]")];
  const PAGE = 10; // results whose fragment is fetched at once
  // The dialog's words in the site's language (partials/factsite-search.html)
  const NO_INDEX = dialog.dataset.sayNoIndex;
  const lang = document.documentElement.lang || "en";
  let engine = null; // Promise of the Pagefind module, from the first opening on
  let filled = false; // the filters' values, fetched when their box is first opened
  let results = [];
  let listed = 0;
  let ticket = 0; // the latest search: an older one that finishes late shows nothing
  let timer = 0; // a search typed but not yet started
  let current = Promise.resolve(); // the search under way

  function counted(n) { // "3 results" in the site's language, with its plural form (CLDR)
    const category = new Intl.PluralRules(lang).select(n);
    const key = "say" + category[0].toUpperCase() + category.slice(1);
    const form = dialog.dataset[key] || dialog.dataset.sayOther;
    return form.replace("%(num)s", n.toLocaleString(lang));
  }

  function load() {
    if (!engine) {
      const bundle = new URL(dialog.dataset.bundle, document.baseURI);
      // An absolute URL: a relative import() would resolve against this script's folder.
      // The parts of the index beside the main bundle (publish/search.py), fetched with it.
      const parts = fetch(new URL("factsite-parts.json", bundle), { cache: "no-cache" })
        .then((r) => { if (!r.ok) throw new Error(r.statusText); return r.json(); });
      engine = Promise.all([import(new URL("pagefind.js", bundle).href), parts])
        .then(async ([pagefind, listed]) => {
          const root = new URL(dialog.dataset.root, document.baseURI).pathname;
          const options = { baseUrl: root, excerptLength: 24 };
          // The main bundle's weight against the parts' (publish/search.py: MAIN_WEIGHT).
          const weight = listed.merge.length ? { indexWeight: listed.main_weight } : {};
          // noWorker: Pagefind's worker script would add 41 kB to every first search, and
          // searching 10,000 claims takes the page's own thread a few milliseconds.
          await pagefind.options({ ...options, ...weight, noWorker: true });
          await pagefind.init();
          // Each part's entry and metadata now; its chunks as the words searched need them.
          await Promise.all(listed.merge.map((part) => pagefind.mergeIndex(new URL(part, bundle).href, options)));
          return pagefind;
        });
      engine.catch(() => { status.textContent = NO_INDEX; });
    }
    return engine;
  }

  function open() {
    if (dialog.open) return;
    dialog.showModal();
    input.focus();
    input.select();
    load().then(() => { if (!list.childElementCount) run(); }, () => {});
  }

  async function showFilters() {
    if (!filterBox.open || filled) return;
    filled = true;
    try { fillFilters(await (await load()).filters()); } catch { filled = false; }
  }

  function fillFilters(all) {
    const order = new Intl.Collator(lang).compare;
    for (const select of selects) {
      const counts = all[select.dataset.filter] || {};
      for (const value of Object.keys(counts).sort(order)) {
        select.append(new Option(`${value} (${counts[value]})`, value));
      }
      select.closest("label").hidden = select.options.length < 2;
    }
  }

  function run() {
    clearTimeout(timer);
    timer = 0;
    current = search(++ticket);
    return current;
  }

  async function search(mine) {
    const query = input.value.trim();
    const filters = {};
    for (const s of selects) if (s.value) filters[s.dataset.filter] = s.value;
    if (!query && !Object.keys(filters).length) {
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "";
      return;
    }
    let pagefind;
    try { pagefind = await load(); } catch { return; }
    const found = await pagefind.search(query || null, { filters });
    if (mine !== ticket || !found) return;
    results = found.results;
    listed = 0;
    list.replaceChildren();
    const n = results.length;
    status.textContent = n ? counted(n) : dialog.dataset.sayNone;
    await showMore(mine);
  }

  async function showMore(mine) {
    const next = results.slice(listed, listed + PAGE);
    const pages = await Promise.all(next.map((r) => r.data()));
    if (mine !== ticket) return;
    list.append(...pages.map(item));
    listed += next.length;
    more.hidden = listed >= results.length;
  }

  function el(tag, cls, ...children) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    node.append(...children);
    return node;
  }

  function item(page) {
    const meta = page.meta || {};
    const link = el("a", "", meta.title || page.url);
    link.href = page.url;
    const head = el("p", "fs-search__hit");
    if (meta.verdict && /^[a-z0-9-]+$/.test(meta.verdict_id || "")) {
      const icon = el("span", "fs-badge__icon", meta.verdict_icon || "");
      icon.setAttribute("aria-hidden", "true");
      head.append(el("span", `fs-badge fs-badge--small fs-v-${meta.verdict_id}`, icon, ` ${meta.verdict}`), " ");
    }
    head.append(link);
    const who = [meta.claimant, meta.date].filter(Boolean).join(", ");
    const row = el("li", "fs-search__result", head);
    if (who) row.append(el("p", "fs-search__meta", who));
    row.append(el("p", "fs-search__excerpt", ...excerpt(page.excerpt || "")));
    return row;
  }

  function excerpt(html) {
    // Parsed in an inert document (no script runs, nothing loads); only text and <mark> kept.
    const doc = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
    return [...doc.body.firstChild.childNodes].map((n) =>
      n.nodeName === "MARK" ? el("mark", "", n.textContent) : document.createTextNode(n.textContent));
  }

  function links() { return [...list.querySelectorAll("a")]; }

  opener.hidden = false;
  opener.addEventListener("click", open);
  window.addEventListener("keydown", (e) => {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || dialog.open) return;
    const t = e.target;
    if (t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    e.preventDefault();
    e.stopPropagation(); // before Material's own shortcut handler sees it
    open();
  }, true);
  dialog.addEventListener("close", () => opener.focus());
  dialog.querySelector(".fs-search__close").addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (e) => { // a click on the backdrop, outside the box
    if (e.target !== dialog) return;
    const r = dialog.getBoundingClientRect();
    if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) dialog.close();
  });
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 120); });
  for (const s of selects) s.addEventListener("change", run);
  filterBox.addEventListener("toggle", showFilters);
  form.addEventListener("submit", async (e) => { // Enter: to the first result
    e.preventDefault();
    await (timer ? run() : current);
    const first = links()[0];
    if (first) first.click();
  });
  more.addEventListener("click", () => {
    const at = listed;
    showMore(ticket).then(() => { const a = links()[at]; if (a) a.focus(); });
  });
  dialog.addEventListener("keydown", (e) => { // arrows move between the field and the results
    if (e.key === "Escape") { // closes at once: a search field would first only clear itself
      e.preventDefault();
      dialog.close();
      return;
    }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (document.activeElement !== input && at < 0) return;
    e.preventDefault();
    const to = at < 0 ? (e.key === "ArrowDown" ? 0 : -1) : at + (e.key === "ArrowDown" ? 1 : -1);
    if (to < 0) input.focus();
    else if (all[Math.min(to, all.length - 1)]) all[Math.min(to, all.length - 1)].focus();
  });
})();

// The claim page's "Copy link" button (render/claim_page.py): shown only where the browser can
// copy; it says so, in the page's language, once the address is on the clipboard.
(() => {
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll(".fs-share__copy")) {
    button.hidden = false;
    const label = button.textContent;
    button.addEventListener("click", () => {
      navigator.clipboard.writeText(button.dataset.url).then(() => {
        button.textContent = button.dataset.done;
        setTimeout(() => { button.textContent = label; }, 2000);
      }, () => {});
    });
  }
})();
