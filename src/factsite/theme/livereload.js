/* factsite serve: reload the page once the preview is rebuilt (publish/preview.py).
   The preview server adds this script to every page it sends, with the server's epoch when
   it sent the page (data-epoch) and a digest of the page (data-stamp). The script asks the
   same server, and only it, for a newer epoch: the request waits until a rebuild (or answers
   the same epoch after a while, and is asked again). A newer epoch reloads the page, unless
   the server adds " kept" (this page's file did not change in that rebuild: then it waits
   for the next); a failed request is asked again a second later, so a restarted server
   reloads the pages it finds open. Never part of a built site.
   It also asks the server for the problems of the last rebuild (/.factsite/problems: claim
   files that cannot be published, previewed on their own pages) and shows them in a banner,
   as text, so that a writer sees what validate and build will refuse. */
(() => {
  "use strict";
  const script = document.currentScript;
  let epoch = Number(script && script.dataset.epoch) || 0;
  const stamp = encodeURIComponent((script && script.dataset.stamp) || "");
  const page = encodeURIComponent(location.pathname);
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function watch() {
    for (;;) {
      try {
        const asked = `/.factsite/reload?epoch=${epoch}&page=${page}&stamp=${stamp}`;
        const response = await fetch(asked, { cache: "no-store" });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const [newer, kept] = (await response.text()).split(" ");
        if (Number(newer) > epoch) {
          if (kept === "kept") {
            epoch = Number(newer); // this page is as the rebuild left it
            continue;
          }
          location.reload();
          return;
        }
      } catch {
        await pause(1000);
      }
    }
  }

  async function banner() {
    // {banner: {title, lang, dir}: its words in the site's language, problems: [...]}
    let data = {};
    try {
      const response = await fetch("/.factsite/problems", { cache: "no-store" });
      if (response.ok) data = await response.json();
    } catch {
      return;
    }
    const problems = data && data.problems;
    const words = (data && data.banner) || {};
    if (!Array.isArray(problems) || problems.length === 0) return;
    const box = document.createElement("div");
    box.setAttribute("role", "status");
    if (words.lang) box.lang = words.lang;
    if (words.dir) box.dir = words.dir;
    box.className = "fs-preview-banner";
    box.style.cssText =
      "position:fixed;bottom:0;left:0;right:0;z-index:10;max-height:30vh;overflow:auto;" +
      "background:#fff4d6;color:#1f1f1f;border-top:2px solid #8a6100;padding:0.5em 1em;" +
      "font:14px/1.4 system-ui,sans-serif";
    const title = document.createElement("strong");
    title.textContent = String(words.title || "");
    box.append(title);
    const list = document.createElement("ul");
    for (const p of problems.slice(0, 50)) {
      const item = document.createElement("li");
      item.textContent = `${p.path}:${p.line}:${p.col}: ${p.code} ${p.message}`;
      // validate's own words, in English, left to right whatever the site's language
      item.lang = "en";
      item.dir = "ltr";
      list.append(item);
    }
    box.append(list);
    document.body.append(box);
  }

  banner();
  watch();
})();
